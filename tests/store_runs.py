"""Real runs into a run store without a Prefect server: the steps `flows/run.py` chains
(`pipeline/batch.py`), run in order here, for tests of what runs leave behind."""
from datetime import datetime, timezone
from pathlib import Path

from shiryo.pipeline.batch import baseline_runs, finish_run, process_source
from shiryo.pipeline.runstore import RunStore
from shiryo.pipeline.sources import load_sources


def plain_run(sources: Path, out: Path) -> dict:
    """One run of every PDF under `sources` into `out`; returns its manifest."""
    store = RunStore(out)
    source_list = load_sources(sources)
    previous = store.latest()
    baselines = baseline_runs(store, [s.id for s in source_list], previous)
    writer = store.begin()
    started = datetime.now(timezone.utc)
    entries = []
    for source in source_list:
        entry = process_source(source, writer, store, baselines[source.id])
        writer.add_errors(entry.pop("errors", []))
        entries.append(entry)
    return finish_run(writer, store, previous, entries, started, baselines)[1]
