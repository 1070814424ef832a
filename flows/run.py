"""The Prefect flow: a thin shell over pipeline/batch.py.

One task per document (retried on transient errors), run concurrently; the time
limit is enforced where it can interrupt native code — per page, in the worker
process that parsers/isolation.py kills when a page overruns (SHIRYO_PAGE_TIMEOUT); the run store commit and the diff as a final task; a markdown
artifact with the run's summary.  Without PREFECT_API_URL, Prefect starts its
embedded (ephemeral, SQLite) server; set PREFECT_API_URL to use a real one.
"""
# no `from __future__ import annotations` here: Prefect validates the flow's parameters
# with a pydantic model built from these annotations, in the flow-run process that
# `serve` starts, where string annotations such as 'list[Source]' cannot be resolved
import os
from datetime import datetime
from pathlib import Path

import httpx
from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE
from prefect.task_runners import ThreadPoolTaskRunner

from shiryo.flows import server_child
from shiryo.parsers.errors import ShiryoError
from shiryo.pipeline.batch import abort_active_runs, finish_run, is_transient, process_document, run_sources  # noqa: F401 (abort_active_runs: shiryo/run_guard.py)
from shiryo.pipeline.diff_report import render_summary_md
from shiryo.pipeline.history import findings_line
from shiryo.pipeline.runstore import RunStore, read_jsonl
from shiryo.pipeline.sources import Source, load_sources


def _transient(task, task_run, state) -> bool:
    """Retry what may pass on a second try (network, file system), not bad PDFs."""
    try:
        state.result()
    except Exception as exc:
        return is_transient(exc)
    return False


# The PDF password of the run in progress.  Never a flow or task parameter: Prefect stores
# those in its database and shows them through its API and UI.  Tasks on threads of this
# process read it here; Dask workers (other processes) read $SHIRYO_PDF_PASSWORD.
PASSWORD_ENV = "SHIRYO_PDF_PASSWORD"
_run_password: str | None = None


def _password() -> str | None:
    return _run_password or os.environ.get(PASSWORD_ENV) or None


@task(
    name="process-document",
    retries=2,
    retry_delay_seconds=2,
    retry_condition_fn=_transient,
    cache_policy=NO_CACHE,
    task_run_name="process-{source.id}",
)
def process_document_task(source: Source, writer, store: RunStore, baseline: Path | None, force: bool, carry_over: bool) -> dict:
    # the task may run in another process (Dask): its error records travel back in the
    # result, and run_sources adds them to the run (records go straight to the run's temp dir)
    entry = process_document(source, writer, store, baseline, force, carry_over, _password())
    logger = get_run_logger()
    if entry["status"] == "ok":
        # one line per document: the progress of a run whose output is piped or logged (`serve`)
        logger.info("%s: %s pages, %s records, %s s%s", source.id, entry.get("n_pages"), entry.get("n_records"), entry.get("seconds"), " (reused)" if entry.get("reused") else "")
    else:
        logger.warning("%s failed: %s", source.id, entry.get("message"))
    return entry


@task(name="commit-run-and-diff", cache_policy=NO_CACHE)
def commit_task(writer, store: RunStore, previous_run: Path | None, entries: list[dict], started: datetime, baselines: dict) -> tuple[Path, dict]:
    return finish_run(writer, store, previous_run, entries, started, baselines)


DASK_ADDRESS_ENV = "SHIRYO_DASK_ADDRESS"


def task_runner(dask_address: str | None = None):
    """Threads on this machine (pages still go to a pool of worker processes sized to the
    cores, parsers/isolation.py), or a Dask cluster: `dask_address` or $SHIRYO_DASK_ADDRESS
    (`tcp://scheduler:8786`; `local` starts a LocalCluster on this machine).  On Dask every
    worker needs the same code and sees the same paths (sources and `out/`)."""
    address = dask_address or os.environ.get(DASK_ADDRESS_ENV)
    if not address:
        return ThreadPoolTaskRunner(max_workers=os.cpu_count() or 2)
    from prefect_dask import DaskTaskRunner

    return DaskTaskRunner() if address == "local" else DaskTaskRunner(address=address)


class PrefectUnavailable(ShiryoError):
    """No Prefect API to run the flow on: the embedded server did not start, or the server
    PREFECT_API_URL names does not answer.  The message says what to set."""


API_CHECK_SECONDS = 10.0


def check_prefect_api() -> None:
    """Fail fast, in one line, when PREFECT_API_URL names a server that does not answer: else
    Prefect retries for minutes and ends in a traceback of hundreds of lines."""
    from prefect.settings import PREFECT_API_URL

    url = PREFECT_API_URL.value()
    if not url:
        return  # the embedded server: its start-up limit applies (flows/__init__.py)
    try:
        httpx.get(f"{url.rstrip('/')}/health", timeout=API_CHECK_SECONDS).raise_for_status()
    except httpx.HTTPError as exc:
        raise PrefectUnavailable(
            f"the Prefect server at PREFECT_API_URL={url} does not answer ({type(exc).__name__}: {exc}); "
            "start it, or unset PREFECT_API_URL to use Prefect's embedded server"
        ) from None


def run_flow(dask_address: str | None = None, password: str | None = None, **parameters) -> dict:
    """The flow with the task runner chosen at call time (the flow itself is unchanged).
    `password` reaches the tasks in-process, never as a flow parameter."""
    global _run_password
    from prefect.settings import PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS

    check_prefect_api()
    server_child.install()  # the embedded server dies with this process
    _run_password = password
    if password and (dask_address or os.environ.get(DASK_ADDRESS_ENV)):
        os.environ[PASSWORD_ENV] = password  # inherited by the Dask workers a local cluster starts (never written)
    try:
        return shiryo_run.with_options(task_runner=task_runner(dask_address))(**parameters)
    except RuntimeError as exc:
        if "ephemeral Prefect API server" not in str(exc):
            raise
        limit = PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS.value()
        raise PrefectUnavailable(
            f"Prefect's embedded server did not start within {limit} s; set "
            "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS higher, or PREFECT_API_URL to a running server"
        ) from None
    finally:
        _run_password = None


@flow(name="shiryo-run", task_runner=ThreadPoolTaskRunner(max_workers=os.cpu_count() or 2), log_prints=True)
def shiryo_run(
    sources: str = "sources.yaml",
    out: str = "out",
    force: bool = False,
    only: list[str] | None = None,
    extra_sources: list[Source] | None = None,
) -> dict:
    """Process every document of `sources` into a new run under `out`, diffed against
    the previous run.  With `only`, just those documents are processed (forced) and the
    others are carried over from the previous run unchanged."""
    source_list = (load_sources(sources, watched=True) if sources else []) + list(extra_sources or [])
    logger = get_run_logger()
    # the password is not passed: it would be a task parameter, kept and shown by Prefect
    # (the tasks read it in-process, see _password)
    done = run_sources(
        RunStore(out), source_list, force=force, only=only,
        submit=process_document_task.submit, commit=commit_task,
        warn=lambda problem: logger.warning("run store: %s", problem),
    )
    if done is None:  # a watched folder still empty: no run, `latest` stays as it is
        logger.warning("no documents in %s yet: no run made", sources)
        return {"run": None, "manifest": None}
    run_path, manifest = done
    result = {"run": str(run_path), "manifest": manifest}
    diff = read_jsonl(Path(result["run"]) / "diff.jsonl")
    get_run_logger().info(findings_line(result["manifest"]))  # what a scheduled run found, in `serve`'s log too
    create_markdown_artifact(key="shiryo-run-summary", markdown=render_summary_md(result["manifest"], diff), description="shiryo run summary and diff")
    return result
