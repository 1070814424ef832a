"""One PDF page → its page model: lines, rules and tables (the native, PyMuPDF part)."""
from __future__ import annotations

import pymupdf
import regex

from shiryo.parsers.bullets import drawn_bullets
from shiryo.parsers.errors import DamagedPdfError, EncryptedPdfError, NotAPdfError
from shiryo.parsers.pdf_magic import check_pdf_header
from shiryo.parsers.drawn_numbers import drawn_numbers
from shiryo.parsers.diagrams import MAX_LABEL_CHARS, MIN_LABELS, find_diagrams, is_label
from shiryo.parsers.figures import find_figure_regions, graphics_boxes, has_figure_caption
from shiryo.parsers.model import PageError, PageModel, PageWarning, centre_in
from shiryo.parsers.ruby import lift_ruby
from shiryo.parsers.rules import read_rules
from shiryo.parsers.settings import DEFAULT_SETTINGS, Settings
from shiryo.parsers.slides import drawn_boxes, is_slide_deck, lift_title_row
from shiryo.parsers.tables import TableStrategy, strategy_class
from shiryo.parsers.tables.base import without_top_rows
from shiryo.parsers.tables.evidence import keep_confident
from shiryo.parsers.text import read_lines
from shiryo.parsers.text_layer import text_layer_warnings

# Compressed content-stream bytes past which a page's vector graphics are not read: real pages
# of the corpus stay under 40 KB; a page of hundreds of thousands of drawing operations (a
# plotted point cloud, a CAD export) takes seconds and a gigabyte to read its drawings.
MAX_DRAWING_BYTES = 1_000_000
_DIGIT = regex.compile(r"\d")
MAX_BOOKMARKS = 2000  # more than any real document's outline; a generated one may hold millions


def read_page(page: pymupdf.Page, settings: Settings = DEFAULT_SETTINGS) -> PageModel:
    if page.rotation:
        # a landscape page stored portrait and turned by /Rotate: read it as it is shown (text
        # left to right, boxes in the shown page's space), not sideways as vertical text
        page.remove_rotation()
    rect = page.rect
    model = PageModel(number=page.number + 1, width=rect.width, height=rect.height)
    model.lines = lift_ruby(read_lines(page))
    content_bytes = _content_bytes(page)
    if content_bytes > MAX_DRAWING_BYTES:
        model.warnings.append(PageWarning(
            "too_many_drawings",
            f"{content_bytes / 1e6:.1f} MB of page content; vector rules not read, so no ruled tables on this page (text kept)",
        ))
    else:
        paths = page.get_cdrawings()
        model.rules = read_rules(page, paths)
        model.bullets = drawn_bullets(paths, model.lines)
        model.drawn_numbers = drawn_numbers(page, model.lines)
    # in order of trust: a later strategy's table overlapping an earlier one's is dropped
    finders: list[TableStrategy] = [strategy_class(name)(settings.tables) for name in settings.tables.strategies]
    for finder in finders:
        for table in finder.find_tables(model.lines, model.rules, (rect.width, rect.height)):
            rivals = [kept for kept in model.tables if _overlap(table.bbox, kept.bbox)]
            # the earlier strategy wins unless the later one clearly found more of the table
            if rivals and not _outdoes(table, rivals):
                continue
            table = _below_frames(table, rivals)
            model.tables = [t for t in model.tables if not any(t is r for r in rivals)] + [table]
    model.tables, model.rejected_tables = keep_confident(model.tables, rect.width, settings.tables.min_confidence)
    # the bbox log replays the whole content stream: not on a page too heavy to draw
    graphics = None
    if content_bytes <= MAX_DRAWING_BYTES and has_figure_caption(model.lines):
        graphics = graphics_boxes(page, rect.width, rect.height)
        model.figures = find_figure_regions(model.lines, graphics, rect.width)
    if content_bytes <= MAX_DRAWING_BYTES and _has_loose_labels(model):
        # the drawing log only where enough short labels stand outside tables and figures
        graphics = graphics if graphics is not None else graphics_boxes(page, rect.width, rect.height)
        free = [l for l in model.lines if not any(centre_in(l.bbox, r) for r in model.figures)]
        model.diagrams = find_diagrams(free, graphics, [t.bbox for t in model.tables] + list(model.figures))
    if content_bytes <= MAX_DRAWING_BYTES and model.lines and is_slide_deck(page.parent.metadata or {}):
        model.boxes = drawn_boxes(page, rect.width, rect.height)
        model.tables = lift_title_row(model.tables, model.lines, rect.height)
    model.warnings.extend(text_layer_warnings(model.lines, has_images=not model.lines and bool(page.get_images())))
    # character boxes are only needed for table cells; drop them so pages pickle small
    for line in model.lines:
        for span in line.spans:
            span.chars = []
    return model


def _has_loose_labels(model: PageModel) -> bool:
    """Enough short labels outside tables and figures to be worth looking for a diagram (words,
    not figures: the amounts and 款/項 headings of a budget page are no drawing's labels)."""
    boxes = [t.bbox for t in model.tables] + list(model.figures)
    loose = 0
    for line in model.lines:
        text = line.text
        if not line.vertical and len(text) - text.count(" ") - text.count("\u3000") > MAX_LABEL_CHARS:
            continue  # running text: too long for a label, whatever is_label would make of it
        if _DIGIT.search(text) or not is_label(line):
            continue
        if not any(centre_in(line.bbox, b) for b in boxes):
            loose += 1
            if loose >= MIN_LABELS:
                return True
    return False


def _outdoes(table, rivals) -> bool:
    """Does a later strategy's table beat the earlier tables it overlaps?  Only when they caught
    a corner of it (a ruled header over a borderless body comes out of lattice as a few wide
    cells) or pieces of it (a table ruled only in places splits into several grids)."""
    filled = _filled(table)
    theirs = sum(_filled(t) for t in rivals)
    if filled > 1.5 * theirs and all(_covers(table, t) for t in rivals if t.strategy != table.strategy):
        return True
    inside = all(_contains(table.bbox, t.bbox, 3.0) for t in rivals)
    return inside and filled >= 1.2 * theirs


def _below_frames(table, rivals):
    """A borderless table that wins over ruled frames (its rows split the frame's tall cells)
    starts where they start: its leading rows wholly above the frames' top rule are the title and
    unit lines printed over the table (`ウ 級別職員数 (一般会計･主な職種)  (単位 人､％)`), text."""
    ruled = [t for t in rivals if t.strategy != table.strategy]
    if not ruled:
        return table
    top = min(t.bbox[1] for t in ruled) + 1.0
    above = 0
    while above < table.n_rows and all(c.bbox[3] <= top for c in table.cells if c.row <= above):
        above += 1
    return without_top_rows(table, above) if 0 < above < table.n_rows else table


def _covers(table, rival) -> bool:
    """Nearly every filled cell of `rival` sits in `table`: a table found inside one part of a
    ruled table (the articles of a 対照表 below its header row) must not replace the whole.
    Cell centres, not boxes: a ruled frame runs wider than the text a borderless table spans.
    Never when a filled cell of `rival` lies wholly below or above it: that is a row the later
    table left out (a 節 row under a budget page's last ruled row would come out as loose text)."""
    filled = [c.bbox for c in rival.cells if c.text]
    if any(b[1] >= table.bbox[3] or b[3] <= table.bbox[1] for b in filled):
        return False
    return sum(centre_in(b, table.bbox, 3) for b in filled) >= 0.9 * len(filled)


def _contains(outer, inner, tol: float) -> bool:
    return outer[0] - tol <= inner[0] and outer[1] - tol <= inner[1] and inner[2] <= outer[2] + tol and inner[3] <= outer[3] + tol


def _filled(table) -> int:
    return sum(1 for c in table.cells if c.text)


def _overlap(a, b) -> bool:
    return min(a[2], b[2]) > max(a[0], b[0]) and min(a[3], b[3]) > max(a[1], b[1])


def _content_bytes(page: pymupdf.Page) -> int:
    """Size of the page's content streams as stored (compressed): no decoding, no parsing."""
    doc = page.parent
    return sum(len(doc.xref_stream_raw(xref) or b"") for xref in page.get_contents() if doc.xref_is_stream(xref))


def open_pdf(path: str, password: str | None = None) -> pymupdf.Document:
    check_pdf_header(path)
    try:
        doc = pymupdf.open(path, filetype="pdf")
    except (pymupdf.FileDataError, RuntimeError, ValueError) as exc:
        raise NotAPdfError(f"{path}: not a readable PDF ({exc})") from exc
    if doc.needs_pass and not (password and doc.authenticate(password)):
        doc.close()
        if password:
            raise EncryptedPdfError(f"{path}: wrong password for this encrypted PDF")
        raise EncryptedPdfError(f"{path}: the PDF is encrypted and needs a password (--password)")
    return doc


def document_info(path: str, password: str | None = None) -> tuple[int, dict]:
    """Page count and metadata; `repaired` is set when MuPDF had to rebuild a broken file
    (a truncated download, a bad cross-reference table): its pages are what could be recovered."""
    with open_pdf(path, password) as doc:
        if doc.page_count == 0:
            raise DamagedPdfError(f"{path}: damaged PDF, no page could be recovered")
        info = {k: v for k, v in (doc.metadata or {}).items() if v}
        if doc.is_repaired:
            info["repaired"] = True
        bookmarks = doc.get_toc(simple=True)
        if bookmarks:
            # the PDF's own outline [[level, title, page]]: evidence for heading levels (parsers/outline.py)
            info["bookmarks"] = bookmarks[:MAX_BOOKMARKS]
        return doc.page_count, info


def _failure_kind(exc: Exception) -> str:
    text = str(exc).lower()
    if isinstance(exc, MemoryError) or "malloc" in text or "out of memory" in text:
        return "memory"
    return "page_error"


def iter_pages(path: str, numbers: list[int], password: str | None = None, settings: Settings = DEFAULT_SETTINGS):
    """Page models of `path` for the 1-based page `numbers`, one at a time (the worker
    streams them, so a page that hangs is caught by the per-page time limit); a page
    that raises becomes a PageError."""
    with open_pdf(path, password) as doc:
        for n in numbers:
            try:
                yield read_page(doc[n - 1], settings)
            except Exception as exc:  # one bad page never sinks its document
                yield PageError(page=n, kind=_failure_kind(exc), message=f"page {n}: {type(exc).__name__}: {exc}")

