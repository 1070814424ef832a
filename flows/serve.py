"""`shiryo serve`: the run flow on a schedule (cron or interval) through Prefect's `serve`."""
from __future__ import annotations

from datetime import timedelta

from flows.run import shiryo_run, task_runner


def serve(sources: str, out: str, interval: float | None = None, cron: str | None = None, name: str = "shiryo-scheduled") -> None:
    if (interval is None) == (cron is None):
        raise ValueError("give exactly one of interval (seconds) or cron")
    schedule = {"interval": timedelta(seconds=interval)} if interval is not None else {"cron": cron}
    # threads here, or the Dask cluster named by $SHIRYO_DASK_ADDRESS
    shiryo_run.with_options(task_runner=task_runner()).serve(name=name, parameters={"sources": sources, "out": out}, **schedule)
