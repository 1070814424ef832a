"""One PDF page → its page model: lines, rules and tables (the native, PyMuPDF part)."""
from __future__ import annotations

import pymupdf

from parsers.model import PageError, PageModel
from parsers.rules import read_rules
from parsers.tables import STRATEGIES, TableStrategy
from parsers.text import read_lines
from parsers.text_layer import text_layer_warnings

DEFAULT_STRATEGIES = ("lattice",)
# Compressed content-stream bytes past which a page's vector graphics are not read: real pages
# of the corpus stay under 40 KB; a page of hundreds of thousands of drawing operations (a
# plotted point cloud, a CAD export) takes seconds and a gigabyte in get_drawings.
MAX_DRAWING_BYTES = 1_000_000


def read_page(page: pymupdf.Page, strategies: tuple[str, ...] = DEFAULT_STRATEGIES) -> PageModel:
    rect = page.rect
    model = PageModel(number=page.number + 1, width=rect.width, height=rect.height)
    model.lines = read_lines(page)
    content_bytes = _content_bytes(page)
    if content_bytes > MAX_DRAWING_BYTES:
        model.warnings.append(
            f"too_many_drawings: {content_bytes / 1e6:.1f} MB of page content; vector rules not read, "
            "so no ruled tables on this page (text kept)"
        )
    else:
        model.rules = read_rules(page)
    finders: list[TableStrategy] = [STRATEGIES[name]() for name in strategies]
    for finder in finders:
        model.tables.extend(finder.find_tables(model.lines, model.rules, (rect.width, rect.height)))
    model.warnings.extend(text_layer_warnings(model.lines, has_images=not model.lines and bool(page.get_images())))
    # character boxes are only needed for table cells; drop them so pages pickle small
    for line in model.lines:
        for span in line.spans:
            span.chars = []
    return model


def _content_bytes(page: pymupdf.Page) -> int:
    """Size of the page's content streams as stored (compressed): no decoding, no parsing."""
    doc = page.parent
    return sum(len(doc.xref_stream_raw(xref) or b"") for xref in page.get_contents() if doc.xref_is_stream(xref))


def open_pdf(path: str, password: str | None = None) -> pymupdf.Document:
    # MuPDF "repairs" almost anything into a PDF (an HTML error page becomes a page of text);
    # a real PDF carries its %PDF- header within the first kilobyte
    try:
        with open(path, "rb") as f:
            head = f.read(1024)
    except OSError as exc:
        raise NotAPdfError(f"{path}: cannot read ({exc})") from exc
    if b"%PDF-" not in head:
        kind = "empty file" if not head else "no %PDF- header"
        raise NotAPdfError(f"{path}: not a PDF ({kind})")
    try:
        doc = pymupdf.open(path, filetype="pdf")
    except (pymupdf.FileDataError, RuntimeError, ValueError) as exc:
        raise NotAPdfError(f"{path}: not a readable PDF ({exc})") from exc
    if doc.needs_pass and not (password and doc.authenticate(password)):
        doc.close()
        raise EncryptedPdfError(f"{path}: the PDF is encrypted and needs a password")
    return doc


class NotAPdfError(ValueError):
    kind = "not_pdf"


class EncryptedPdfError(PermissionError):
    kind = "encrypted"


class DamagedPdfError(ValueError):
    kind = "damaged"


def document_info(path: str, password: str | None = None) -> tuple[int, dict]:
    """Page count and metadata; `repaired` is set when MuPDF had to rebuild a broken file
    (a truncated download, a bad cross-reference table): its pages are what could be recovered."""
    with open_pdf(path, password) as doc:
        if doc.page_count == 0:
            raise DamagedPdfError(f"{path}: damaged PDF, no page could be recovered")
        info = {k: v for k, v in (doc.metadata or {}).items() if v}
        if doc.is_repaired:
            info["repaired"] = True
        return doc.page_count, info


def _failure_kind(exc: Exception) -> str:
    text = str(exc).lower()
    if isinstance(exc, MemoryError) or "malloc" in text or "out of memory" in text:
        return "memory"
    return "page_error"


def iter_pages(path: str, numbers: list[int], password: str | None = None):
    """Page models of `path` for the 1-based page `numbers`, one at a time (the worker
    streams them, so a page that hangs is caught by the per-page time limit); a page
    that raises becomes a PageError."""
    with open_pdf(path, password) as doc:
        for n in numbers:
            try:
                yield read_page(doc[n - 1])
            except Exception as exc:  # one bad page never sinks its document
                yield PageError(page=n, kind=_failure_kind(exc), message=f"page {n}: {type(exc).__name__}: {exc}")


def read_pages(path: str, numbers: list[int], password: str | None = None) -> list[PageModel | PageError]:
    return list(iter_pages(path, numbers, password))
