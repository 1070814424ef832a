"""A run without Prefect for the fault-injection tests: the library's run sequence
(`shiryo.Run`, i.e. pipeline/batch.run_sources, the same the flow in flows/run.py calls).

    python tests/plain_run.py SOURCES OUT [--force]     (SHIRYO_CRASH_AT=<step> to die at a commit step)
"""
import sys
from pathlib import Path

import shiryo


def plain_run(sources, out, force: bool = False) -> tuple[Path, dict]:
    result = shiryo.Run(out).run(sources, force=force)
    return result.path, result.manifest


if __name__ == "__main__":
    run, manifest = plain_run(sys.argv[1], sys.argv[2], force="--force" in sys.argv)
    print(run)
