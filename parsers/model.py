"""The page model: what a PDF page becomes before it becomes records.

Plain dataclasses so a page can cross a process boundary (pickle) and be tested
without PyMuPDF.  Coordinates are PDF points, origin top-left (PyMuPDF's convention).
"""
from __future__ import annotations

from dataclasses import dataclass, field

BBox = tuple[float, float, float, float]


def centre_in(bbox, region, pad: float = 0.0) -> bool:
    """Does the centre of `bbox` fall inside `region` (grown by `pad` on every side)?  How a
    line or character is assigned to a table, cell or figure: its centre decides, not its edges."""
    cx, cy = (bbox[0] + bbox[2]) / 2, (bbox[1] + bbox[3]) / 2
    return region[0] - pad <= cx <= region[2] + pad and region[1] - pad <= cy <= region[3] + pad


def union(boxes) -> BBox:
    # one pass: called for every line, segment and cell of a page
    it = iter(boxes)
    first = next(it, None)
    if first is None:
        raise ValueError("union() of no boxes")
    x0, y0, x1, y1 = first
    for b in it:
        if b[0] < x0:
            x0 = b[0]
        if b[1] < y0:
            y0 = b[1]
        if b[2] > x1:
            x1 = b[2]
        if b[3] > y1:
            y1 = b[3]
    return (x0, y0, x1, y1)


# Page models cross from the page workers to the main process pickled.  Pickle's default for a
# slots class writes a dict of field names per object; the small classes of a page (there are
# hundreds of them per page) pickle as their field values in order instead, empty lists left out:
# a third smaller and quicker to load.  Keep each __reduce__ in step with its fields.


@dataclass(slots=True)
class Char:
    c: str
    bbox: BBox

    def __reduce__(self):
        return Char, (self.c, self.bbox)


@dataclass(slots=True)
class Span:
    text: str
    font: str
    size: float
    bold: bool
    bbox: BBox
    chars: list[Char] = field(default_factory=list)

    def __reduce__(self):
        if self.chars:
            return Span, (self.text, self.font, self.size, self.bold, self.bbox, self.chars)
        return Span, (self.text, self.font, self.size, self.bold, self.bbox)


@dataclass(slots=True)
class Line:
    spans: list[Span]
    bbox: BBox
    vertical: bool = False
    ruby: list[dict] = field(default_factory=list)  # [{"base", "reading"}] lifted out of the page (parsers/ruby.py)
    marks: list[str] = field(default_factory=list)  # footnote markers split off the text (parsers/footnotes.py)

    def __reduce__(self):
        if self.ruby or self.marks:
            return Line, (self.spans, self.bbox, self.vertical, self.ruby, self.marks)
        return Line, (self.spans, self.bbox, self.vertical)

    @property
    def text(self) -> str:
        return "".join([s.text for s in self.spans])

    @property
    def size(self) -> float:
        """Font size of the line: the size carrying most characters."""
        spans = self.spans
        if len(spans) == 1:  # most lines: no weighing to do
            return round(spans[0].size, 1)
        weights: dict[float, int] = {}
        for s in spans:
            size = round(s.size, 1)
            weights[size] = weights.get(size, 0) + len(s.text.strip())
        return max(weights, key=weights.get) if weights else 0.0

    @property
    def font(self) -> str:
        """The font carrying most characters of the line."""
        weights: dict[str, int] = {}
        for s in self.spans:
            weights[s.font] = weights.get(s.font, 0) + len(s.text.strip())
        return max(weights, key=weights.get) if weights else ""

    @property
    def bold(self) -> bool:
        chars = sum(len(s.text.strip()) for s in self.spans)
        bold = sum(len(s.text.strip()) for s in self.spans if s.bold)
        return chars > 0 and bold * 2 >= chars


@dataclass(slots=True)
class Rule:
    """A drawn straight rule: horizontal (y0 == y1) or vertical (x0 == x1) after snapping."""

    x0: float
    y0: float
    x1: float
    y1: float
    width: float = 0.0

    def __reduce__(self):
        return Rule, (self.x0, self.y0, self.x1, self.y1, self.width)

    @property
    def horizontal(self) -> bool:
        return abs(self.y1 - self.y0) <= abs(self.x1 - self.x0)


@dataclass(slots=True)
class Cell:
    row: int
    col: int
    rowspan: int
    colspan: int
    bbox: BBox
    text: str = ""
    page: int = 0  # 1-based page the cell is printed on; 0: the page of its table block

    def __reduce__(self):
        return Cell, (self.row, self.col, self.rowspan, self.colspan, self.bbox, self.text, self.page)


@dataclass(slots=True)
class Table:
    bbox: BBox
    n_rows: int
    n_cols: int
    cells: list[Cell]
    header_rows: int = 0
    strategy: str = ""
    caption: str | None = None
    # col → unit printed above the column's first number inside its cell (`千円`), lifted out of the text
    column_units: dict[int, str] = field(default_factory=dict)
    confidence: float = 1.0  # how much the candidate looks like a table (parsers/tables/evidence.py)

    def grid_text(self) -> list[list[str]]:
        grid = [["" for _ in range(self.n_cols)] for _ in range(self.n_rows)]
        for c in self.cells:
            grid[c.row][c.col] = c.text
        return grid


@dataclass(slots=True)
class Block:
    """A unit of reading: heading, paragraph, list item, caption or table."""

    kind: str
    text: str
    bbox: BBox
    page: int
    lines: list[Line] = field(default_factory=list)
    level: int = 0  # headings only: 1 = 部 … larger = deeper
    table: Table | None = None
    pages: list[int] = field(default_factory=list)
    # bbox of the block's part on every page it touches (for continuation blocks)
    extra_bboxes: dict[int, BBox] = field(default_factory=dict)
    # True when the block's last line runs to the right edge of its column without closing punctuation
    open_end: bool = False
    column: BBox | None = None
    figure: BBox | None = None  # captions of a figure: the figure's region
    notes: str = ""  # captions: the figure's 注 / 資料 lines
    figure_text: str = ""  # captions: the labels inside the figure; figure blocks: their labels (parsers/diagrams.py)
    footnote: str = ""  # footnotes: the marker (number) it is cited by
    named_by: Block | None = None  # tables: the caption block that names it (parsers/document.attach_captions)
    # the page of each of `lines` (a paragraph joined across a page break holds lines of two
    # pages): where each footnote mark stands, so it links to the notes of its own page
    line_pages: list[int] = field(default_factory=list)
    drawn_number: bool = False  # headings: a section number drawn as a picture before it (parsers/drawn_numbers.py)

    def page_of_lines(self) -> list[int]:
        """The page of each line (the block's page where no page was recorded)."""
        return self.line_pages if len(self.line_pages) == len(self.lines) else [self.page] * len(self.lines)


@dataclass(slots=True)
class PageWarning:
    """Something the reader noticed on a page it kept (`no_text_layer`, `unmapped_font`,
    `too_many_drawings`); `kind` is the `errors.jsonl` kind."""

    kind: str
    message: str


@dataclass(slots=True)
class PageModel:
    number: int  # 1-based
    width: float
    height: float
    lines: list[Line] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    figures: list[BBox] = field(default_factory=list)  # regions named by a 図 caption (parsers/figures.py)
    diagrams: list[BBox] = field(default_factory=list)  # caption-less drawings with their labels (parsers/diagrams.py)
    boxes: list[tuple[BBox, bool]] = field(default_factory=list)  # (box, tinted) drawn on a slide (parsers/slides.py); slides only
    bullets: list[BBox] = field(default_factory=list)  # list markers drawn as dots, not printed (parsers/bullets.py)
    drawn_numbers: list[BBox] = field(default_factory=list)  # section numbers drawn as pictures (parsers/drawn_numbers.py)
    rejected_tables: list[Table] = field(default_factory=list)  # candidates too weak to be tables (debug view)
    blocks: list[Block] = field(default_factory=list)
    warnings: list[PageWarning] = field(default_factory=list)


@dataclass(slots=True)
class PageError:
    page: int  # 1-based, 0 for the whole document
    kind: str
    message: str


@dataclass(slots=True)
class DocumentModel:
    path: str
    n_pages: int
    metadata: dict
    pages: list[PageModel] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)  # document reading order, after cross-page joins
    running_text: list[str] = field(default_factory=list)  # running headers / footers removed from the body
    errors: list[PageError] = field(default_factory=list)
    set_aside: dict[int, list[BBox]] = field(default_factory=dict)  # page → boxes kept out of the body (debug view)
    title: str | None = None  # printed on the first page in its largest type (parsers/title.py)
