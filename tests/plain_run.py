"""A run without Prefect for the fault-injection tests: the same pipeline steps the flow in
flows/run.py sequences (prepare, process each source, finish), one document at a time.

    python tests/plain_run.py SOURCES OUT [--force]     (SHIRYO_CRASH_AT=<step> to die at a commit step)
"""
import sys
from datetime import datetime, timezone
from pathlib import Path

from shiryo.pipeline.batch import baseline_runs, finish_run, prepare_run, process_source
from shiryo.pipeline.runstore import RunStore
from shiryo.pipeline.sources import load_sources


def plain_run(sources, out, force: bool = False) -> tuple[Path, dict]:
    store = RunStore(out)
    prepare_run(store)
    source_list = load_sources(sources)
    previous = store.latest()
    baselines = baseline_runs(store, [s.id for s in source_list], previous)
    writer = store.begin()
    started = datetime.now(timezone.utc)
    entries = [process_source(s, writer, store, baselines[s.id], force=force) for s in source_list]
    return finish_run(writer, store, previous, entries, started, baselines)


if __name__ == "__main__":
    run, manifest = plain_run(sys.argv[1], sys.argv[2], force="--force" in sys.argv)
    print(run)
