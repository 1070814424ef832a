"""The library: what `shiryo` offers a Python user, and what the CLI and the Prefect flow are shells over.

    import shiryo

    records, errors = shiryo.extract("白書.pdf")          # one PDF → records and per-page errors
    with shiryo.open("計画.pdf") as doc:                  # the same, lazily, with the page models
        for table in doc.tables: ...
        doc.pages[0].lines                                # text lines with fonts and boxes, rules, tables
    entries = shiryo.diff("old.jsonl", "new.jsonl")      # what changed between two editions
    run = shiryo.Run("out").run("sources.yaml")           # a whole run into a run store, no Prefect

Records are plain dicts typed by `shiryo.Record` (see `pipeline/types.py`); every error shiryo
raises on purpose is a `shiryo.ShiryoError`.
"""
from __future__ import annotations

import json
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, cast

from shiryo.parsers.settings import LayoutSettings, Settings, TableSettings
from shiryo.pipeline.types import DiffEntry, ErrorRecord, Record, RecordType

__all__ = ["Document", "LayoutSettings", "Run", "RunResult", "Settings", "TableSettings", "diff", "extract", "open", "outline"]

if TYPE_CHECKING:
    from shiryo.parsers.model import PageError, PageModel
    from shiryo.pipeline.extraction import Extraction

PathLike = str | os.PathLike[str]


def extract(path: PathLike, doc_id: str | None = None, password: str | None = None,
            settings: Settings | None = None) -> tuple[list[Record], list[ErrorRecord]]:
    """Records and per-page errors of one PDF (no run store, no Prefect).  `settings`: the
    thresholds and strategies of table finding (`shiryo.Settings`; None: the defaults).

    Raises `shiryo.DocumentError` when the document cannot be read at all (not a PDF,
    encrypted without the right password, damaged beyond repair)."""
    result = _extract(path, doc_id, password, settings)
    return cast(list[Record], result.records), cast(list[ErrorRecord], result.errors)


def _extract(path: PathLike, doc_id: str | None, password: str | None, settings: Settings | None = None) -> Extraction:
    from shiryo.pipeline.extraction import extract_document

    return extract_document(Path(path), doc_id=doc_id, password=password, settings=settings)


def outline(path: PathLike, password: str | None = None) -> list[dict[str, Any]]:
    """The heading tree of one PDF, `[{depth, level, text, page}]` in reading order (what
    `shiryo outline PDF` prints)."""
    from shiryo.pipeline.outline import heading_tree

    return cast(list[dict[str, Any]], heading_tree(_extract(path, None, password).records))


class Document:
    """One PDF, opened with `shiryo.open`: its records, errors and page models, each computed
    when first asked for (the page models are read again in the isolated page workers)."""

    def __init__(self, path: PathLike, doc_id: str | None = None, password: str | None = None,
                 settings: Settings | None = None) -> None:
        self.path = Path(path)
        if not self.path.is_file():
            from shiryo.pipeline.extraction import DocumentError

            raise DocumentError(doc_id or self.path.stem, "missing", f"no such file: {self.path}")
        self.doc_id = doc_id or self.path.stem
        self._password = password
        self._settings = settings
        self._extraction: Extraction | None = None
        self._pages: list[PageModel | PageError] | None = None

    def __enter__(self) -> Document:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        """Drop what was computed (nothing stays open: the PDF is read in worker processes)."""
        self._extraction, self._pages = None, None

    def _extracted(self) -> Extraction:
        if self._extraction is None:
            self._extraction = _extract(self.path, self.doc_id, self._password, self._settings)
        return self._extraction

    @property
    def records(self) -> list[Record]:
        return cast(list[Record], self._extracted().records)

    @property
    def errors(self) -> list[ErrorRecord]:
        return cast(list[ErrorRecord], self._extracted().errors)

    @property
    def n_pages(self) -> int:
        return self._extracted().n_pages

    @property
    def version(self) -> str:
        """The sha256 of the PDF's bytes (every record's `version`)."""
        return self._extracted().version

    def of_type(self, kind: RecordType | str) -> list[Record]:
        wanted = RecordType(kind).value
        return [r for r in self.records if r["type"] == wanted]

    @property
    def headings(self) -> list[Record]:
        return self.of_type(RecordType.HEADING)

    @property
    def tables(self) -> list[Record]:
        return self.of_type(RecordType.TABLE)

    @property
    def kpis(self) -> list[Record]:
        return self.of_type(RecordType.KPI)

    @property
    def pages(self) -> list[PageModel | PageError]:
        """Each page's model (`shiryo.parsers.model.PageModel`: text lines with fonts and boxes,
        rules, tables), or a `PageError` for a page the reader could not read."""
        if self._pages is None:
            from shiryo.parsers.isolation import isolated_info, isolated_pages

            n_pages, _ = isolated_info(str(self.path), self._password)
            self._pages = list(isolated_pages(str(self.path), n_pages, password=self._password, settings=self._settings))
        return self._pages


def open(path: PathLike, doc_id: str | None = None, password: str | None = None,  # noqa: A001 (as in pdfplumber.open)
         settings: Settings | None = None) -> Document:
    """A PDF as a `Document` (a context manager): `with shiryo.open("計画.pdf") as doc: doc.records`."""
    return Document(path, doc_id=doc_id, password=password, settings=settings)


Records = PathLike | Iterable[Record] | Iterable[dict[str, Any]]


def _records(source: Records) -> list[dict[str, Any]]:
    if isinstance(source, (str, os.PathLike)):
        lines = Path(source).read_text(encoding="utf-8").splitlines()
        return [json.loads(line) for line in lines if line.strip()]
    return [dict(r) for r in source]


def diff(old: Records, new: Records) -> list[DiffEntry]:
    """The diff of two editions of documents: each side a JSONL file or a list of records (of
    one or several documents, told apart by `doc`).  Entries as in a run's `diff.jsonl`."""
    from shiryo.pipeline.diff import diff_documents

    def by_doc(records: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
        out: dict[str, list[dict[str, Any]]] = {}
        for r in records:
            out.setdefault(r["doc"], []).append(r)
        return out

    return cast(list[DiffEntry], diff_documents(by_doc(_records(old)), by_doc(_records(new))))


@dataclass(frozen=True)
class RunResult:
    """A committed run: its folder and its manifest (documents, counts, diff counts)."""

    path: Path
    manifest: dict[str, Any]

    @property
    def failed(self) -> int:
        return int(self.manifest["counts"]["failed"])


class Run:
    """A run store (`out/`): runs over sources, without Prefect (the CLI's `shiryo run` is the
    same sequence as a Prefect flow, see flows/run.py), and what earlier runs hold."""

    def __init__(self, out: PathLike = "out") -> None:
        from shiryo.pipeline.runstore import RunStore

        self.out = Path(out)
        self._store = RunStore(self.out)

    def run(self, sources: PathLike | Sequence[Any], *, force: bool = False, only: Sequence[str] | None = None,
            password: str | None = None) -> RunResult:
        """Process `sources` (a sources.yaml, a folder of PDFs, one PDF, or `Source` objects)
        into a new committed run, each document diffed against its previous edition."""
        from shiryo.pipeline.batch import run_sources
        from shiryo.pipeline.sources import load_sources

        from shiryo.pipeline.sources import SourceError

        listed = load_sources(Path(sources)) if isinstance(sources, (str, os.PathLike)) else list(sources)
        done = run_sources(self._store, listed, force=force, only=only, password=password)
        if done is None:
            raise SourceError(f"no documents to run in {sources!r}")
        return RunResult(*done)

    @property
    def latest(self) -> Path | None:
        return self._store.latest()

    def _run(self, run: PathLike | None) -> Path:
        from shiryo.pipeline.sources import SourceError

        chosen = Path(run) if run is not None and Path(run).is_dir() else (self._store.runs / str(run) if run is not None else self.latest)
        if chosen is None or not (chosen / "manifest.json").is_file():
            raise SourceError(f"no committed run {run or 'latest'} under {self.out}")
        return chosen

    def manifest(self, run: PathLike | None = None) -> dict[str, Any]:
        return cast(dict[str, Any], self._store.manifest(self._run(run)))

    def records(self, doc: str, run: PathLike | None = None) -> list[Record]:
        return cast(list[Record], _records(self._run(run) / f"{doc}.jsonl"))

    def diff(self, run: PathLike | None = None) -> list[DiffEntry]:
        """The diff a run recorded (each document against its previous edition)."""
        return cast(list[DiffEntry], _records(self._run(run) / "diff.jsonl"))
