"""Real runs into a run store without a Prefect server, for tests of what runs leave behind:
the library's run sequence (`shiryo.Run`), the same the flow in flows/run.py calls."""
from pathlib import Path

import shiryo


def plain_run(sources: Path, out: Path) -> dict:
    """One run of every PDF under `sources` into `out`; returns its manifest."""
    return shiryo.Run(out).run(sources).manifest
