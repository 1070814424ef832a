"""The records shiryo writes, as types: what `../shared/CONTRACT.md` promises, in code.

Records stay plain dicts at run time (they are JSON lines; a dict costs nothing to dump), and
these TypedDicts say what is in them, for readers, type checkers and `pipeline/contract.py`,
which checks records against these very annotations.  `tests/test_contract.py` reads the
contract's field tables and fails when a contract field is missing here, so the contract, the
check and the code cannot drift apart.

Fields marked NotRequired are present only where they apply (README: "Layout fields").
"""
from __future__ import annotations

from enum import Enum
from typing import Any, Literal, NotRequired, TypedDict


class RecordType(str, Enum):
    """The `type` of a record.  A str enum: `RecordType.TABLE == "table"`, and it dumps as the string."""

    DOCUMENT = "document"
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    LIST_ITEM = "list_item"
    FOOTNOTE = "footnote"
    CAPTION = "caption"
    TABLE = "table"
    KPI = "kpi"


class DiffOp(str, Enum):
    """The `op` of a diff entry."""

    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "changed"
    MOVED = "moved"


class FiscalYear(TypedDict):
    text: str
    start: int | None
    end: int | None
    qualifier: str | None
    qualifiers: NotRequired[list[str]]
    relative: NotRequired[str]


class DateValue(TypedDict):
    text: str
    value: str  # ISO at the precision written: YYYY, YYYY-MM or YYYY-MM-DD


class Quantity(TypedDict):
    text: str
    value: int | float
    unit: str | None
    unit_from: NotRequired[str]


class Analysis(TypedDict):
    """What the normaliser adds to any text (a record or a table cell)."""

    norm: str
    fiscal_years: list[FiscalYear]
    dates: list[DateValue]
    quantities: list[Quantity]


class Cell(Analysis):
    row: int
    col: int
    rowspan: int
    colspan: int
    text: str
    page: int
    bbox: list[float]


# `from` (where the unit was declared: `header` or `caption`) is a keyword, hence the functional form
TableUnit = TypedDict("TableUnit", {"text": str, "unit": str | None, "multiplier": int | float | None, "from": str})


class KpiValue(TypedDict):
    value: int | float | None
    unit: str | None
    fiscal_year: int | None
    text: str
    note: NotRequired[str | None]
    label: NotRequired[str | None]
    kind: NotRequired[str]


class Record(Analysis):
    """Every record: the common fields of the contract, plus the fields of each type (present on
    that type only; `problems()` in pipeline/contract.py checks which)."""

    id: str
    type: str  # a RecordType value
    doc: str
    version: str  # sha256 of the PDF bytes
    page: int
    bbox: list[float]
    section: list[str]
    text: str
    pages: NotRequired[list[int]]
    page_bboxes: NotRequired[dict[str, list[float]]]
    # layout fields
    level: NotRequired[int]
    ruby: NotRequired[list[dict[str, str]]]
    footnote_marks: NotRequired[list[str]]
    footnotes: NotRequired[list[str]]
    marker: NotRequired[str | None]
    cited_by: NotRequired[list[str]]
    figure: NotRequired[dict[str, Any]]
    notes: NotRequired[str]
    figure_text: NotRequired[str]  # a figure's labels: on its caption, or on the one paragraph of a caption-less figure
    # document
    title: NotRequired[str | None]
    n_pages: NotRequired[int]
    producer: NotRequired[str | None]
    running_text: NotRequired[list[str]]
    pages_failed: NotRequired[list[int]]
    fiscal_year: NotRequired[int | None]
    fiscal_year_evidence: NotRequired[dict[str, Any] | None]
    # caption / table links
    table: NotRequired[str | None]
    caption_id: NotRequired[str | None]
    # table
    n_rows: NotRequired[int]
    n_cols: NotRequired[int]
    header_rows: NotRequired[int]
    cells: NotRequired[list[Cell]]
    caption: NotRequired[str | None]
    unit: NotRequired[TableUnit | None]
    strategy: NotRequired[str]
    # kpi
    indicator: NotRequired[str]
    target: NotRequired[KpiValue | None]
    targets: NotRequired[list[KpiValue]]
    actuals: NotRequired[list[KpiValue]]
    series: NotRequired[list[str]]
    source_table: NotRequired[str | None]
    sources: NotRequired[list[dict[str, Any]]]


# the fields a record of each type must carry beyond the common ones
FIELDS_BY_TYPE: dict[str, tuple[str, ...]] = {
    RecordType.TABLE.value: ("n_rows", "n_cols", "header_rows", "cells", "caption"),
    RecordType.KPI.value: ("indicator", "target", "actuals", "source_table"),
}


class ErrorRecord(TypedDict):
    """A line of a run's `errors.jsonl` (and of `shiryo extract --errors`)."""

    doc: str
    page: int  # 0: the whole document
    kind: str
    message: str


class CellChange(TypedDict, total=False):
    op: Literal["added", "removed", "changed"]
    row: int
    row_before: int
    label: str
    after: list[str]
    before: list[str]
    cols: list[dict[str, Any]]


class DiffEntry(TypedDict):
    """A line of a run's `diff.jsonl`."""

    op: str  # a DiffOp value
    doc: str
    id: str
    type: str
    before: Record | None
    after: Record | None
    fields: list[str]
    cells: NotRequired[list[CellChange]]
    changes: NotRequired[list[dict[str, Any]]]
