"""One PDF → records and per-page errors: parse, build records, normalise, assign ids."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from shiryo.parsers.document import parse_document
from shiryo.parsers.isolation import WorkersStopped
from shiryo.parsers.settings import Settings
from shiryo.parsers.errors import DamagedPdfError, EncryptedPdfError, NotAPdfError, ReaderCrashedError, ReaderTimeoutError, ShiryoError
from shiryo.pipeline.document_bounds import DocumentBounds
from shiryo.pipeline.ids import assign_ids
from shiryo.pipeline.kpi import with_kpi_records
from shiryo.pipeline.normalize import analyze, sudachi
from shiryo.pipeline.normalize.tables import normalise_cells
from shiryo.pipeline.records import build_records, link_records
from shiryo.pipeline.runstore import sha256_file


class DocumentError(ShiryoError):
    """A document that could not be processed at all; `kind` names why."""

    def __init__(self, doc: str, kind: str, message: str):
        super().__init__(f"{doc}: {message}")
        self.doc, self.kind, self.message = doc, kind, message


@dataclass
class Extraction:
    doc: str
    version: str
    n_pages: int
    records: list[dict] = field(default_factory=list)
    errors: list[dict] = field(default_factory=list)
    # per page, boxes of text the layout set aside (running heads, figure interiors): for the debug view
    set_aside: dict[int, list[list[float]]] = field(default_factory=dict)


def normalise_record(record: dict, doc_fiscal_year: int | None = None) -> None:
    """Add `norm`, `fiscal_years`, `dates`, `quantities`, and the same on every table cell
    (bare numbers valued in the table's declared unit, see pipeline/normalize/tables.py)."""
    record.update(analyze(record.get("text") or "", doc_fiscal_year=doc_fiscal_year))
    if "cells" in record:
        normalise_cells(record["cells"], record.get("header_rows") or 0, record.get("unit"), doc_fiscal_year)


def damage_report(doc, doc_id: str, path: Path) -> list[dict]:
    """A file MuPDF had to repair (truncated download, broken cross-reference table): one
    record for the document, one per page that came back empty (its content was in the lost
    part; a blank page of an intact file is never reported)."""
    empty = [p.number for p in doc.pages if not p.lines and not p.tables]
    kept = len(doc.pages) - len(empty)
    errors = [{"doc": doc_id, "page": 0, "kind": "repaired", "message": (
        f"{path}: damaged PDF (truncated or a broken cross-reference table), repaired: "
        f"{kept} of {doc.n_pages} pages kept, {len(empty) + len(doc.errors)} lost")}]
    errors += [{"doc": doc_id, "page": n, "kind": "damaged", "message": f"page {n}: no content left after repairing the damaged file"} for n in empty]
    return errors


def extract_document(
    path: str | Path, doc_id: str | None = None, password: str | None = None, title: str | None = None, on_page=None, version: str | None = None,
    settings: Settings | None = None,
) -> Extraction:
    """`settings`: the thresholds of table finding (parsers/settings.py; None: the defaults).
    `version`: the sha256 of the file when the caller has hashed it already (the run store's
    snapshots are named by it)."""
    path = Path(path)
    doc_id = doc_id or path.stem
    if not path.is_file():
        raise DocumentError(doc_id, "missing", f"no such file: {path}")
    version = version or sha256_file(path)
    bounds = DocumentBounds(doc_id, path, DocumentError)
    sudachi.load_in_background()  # the main process idles while the page workers run

    def page_done(done: int, total: int) -> None:
        bounds.check(done, total)
        if on_page:
            on_page(done, total)

    try:
        doc = parse_document(str(path), password=password, on_page=page_done, settings=settings)
    except (NotAPdfError, EncryptedPdfError, DamagedPdfError, ReaderCrashedError, ReaderTimeoutError) as exc:
        raise DocumentError(doc_id, exc.kind, str(exc)) from exc
    except WorkersStopped as exc:  # the run is being interrupted (shiryo/run_guard.py)
        raise DocumentError(doc_id, "interrupted", str(exc)) from exc
    # Anything else raised from here on is a fault of ours, not of the PDF: it propagates as
    # what it is (the run records it as the document's `error`), never labelled a reader crash.
    bounds.check()
    records = build_records(doc, doc_id, version, title)
    bounds.check()
    for record in records:
        normalise_record(record, records[0].get("fiscal_year"))
    bounds.check()
    assign_ids(records, doc_id)
    link_records(records, doc)
    records = with_kpi_records(records)  # kpi records read the table/paragraph records (and their ids)
    errors = damage_report(doc, doc_id, path) if doc.metadata.get("repaired") else []
    errors += [{"doc": doc_id, "page": e.page, "kind": e.kind, "message": e.message} for e in doc.errors]
    for page in doc.pages:
        errors += [{"doc": doc_id, "page": page.number, "kind": w.kind, "message": w.message} for w in page.warnings]
    set_aside = {n: [list(b) for b in boxes] for n, boxes in doc.set_aside.items()}
    for page in doc.pages:  # table candidates rejected for weak evidence, for the debug view
        set_aside.setdefault(page.number, []).extend(list(t.bbox) for t in page.rejected_tables)
    return Extraction(doc=doc_id, version=version, n_pages=doc.n_pages, records=records, errors=errors, set_aside=set_aside)
