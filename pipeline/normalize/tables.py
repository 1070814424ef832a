"""Table cells: `norm`, fiscal years, dates and quantities, with the table's declared unit.

Budget and statistics tables print bare numbers and say the unit once: in a
note above the table or in its caption (`（単位：百万円）`, `(単位 千円)`), or per
column in a header cell (`金額(千円)`, a unit row `千円`, `職員数人`, or the unit
printed above the first number of a column, which the table reader joins into
the cell: `千円46,460,600`). A bare number in such a table is a quantity in that
unit, recorded as such:

    {"text": "46,460,600", "value": 46460600000, "unit": "円", "unit_from": "header"}

`unit_from` is `header` when the unit comes from the column's header (or unit
row, or a row label such as `支給率(%)` left of the numbers), `caption` when it comes from the table-wide note (caption, the line just
above the table, or a `単位` cell). A column unit wins over the table-wide one.
A cell holding several numbers separated by spaces (two amounts printed in one
cell) gives one quantity per number. `△`/`▲` before a number is a minus sign
(Japanese accounting). Numbers in columns headed as numbers or years (`番号`,
`No.`, `年度`, `コード`) are not amounts. A number that carries its own unit in
the cell (`1,030円`, `5.0%`) is read by `analyze` like any text.
"""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache
from typing import Any, Iterable, NamedTuple

import regex

from shiryo.parsers.patterns import NUMBER

from .analysis import analyze_normalized
from .numerals import as_plain_number, parse_numeral
from .quantities import UNITS
from .text import NormalizedText, normalize_text, normalize_with_offsets


class TableUnit(NamedTuple):
    multiplier: Decimal
    unit: str  # base unit, as in quantities.UNITS
    text: str  # as written in the normalised text, e.g. `千円`


_UNIT_WORD = "|".join(regex.escape(u) for u in sorted(UNITS, key=len, reverse=True))
_UNIT_EXPRESSION = rf"(?P<multiplier>百万|千万|十万|千|万|億|兆|百)?(?P<unit>{_UNIT_WORD})"
# `(単位:百万円)`, `(単位 千円)`, `単位：千人`, `単位:%`.
_DECLARATION = regex.compile(rf"単位\s*[:：]?\s*{_UNIT_EXPRESSION}")
# A header cell naming its column's unit: `金額(千円)`, `千円`, `職員数人`, `(%)`,
# `対前年度比 %`.
_HEADER_UNIT = regex.compile(rf"(?:^|\(|数|\s){_UNIT_EXPRESSION}\)?\s*$")
# A unit standing alone: `千円`, `(人)`.
_COLUMN_UNIT = regex.compile(rf"\(?{_UNIT_EXPRESSION}\)?")
# A number printed under its unit in the same cell: `千円46,460,600`.
_NUMBER = NUMBER
_BARE_NUMBERS = regex.compile(rf"^\s*(?:{_UNIT_EXPRESSION})?\s*(?P<numbers>{_NUMBER}(?:\s+{_NUMBER})*)\s*$")
_ONE_NUMBER = regex.compile(_NUMBER)
_WHITESPACE = regex.compile(r"\s+")
# Columns whose numbers are identifiers or years, not amounts.
# The whole header cell (spaces removed) must be one of these: `８年度末現在高` is an amount.
_NOT_AN_AMOUNT_HEADER = regex.compile(r"(?:一連)?番号|No\.?|NO\.?|コード|順位|年度|年|月|日|期")


def _unit(m: regex.Match) -> TableUnit:
    multiplier = parse_numeral(m.group("multiplier")) if m.group("multiplier") else Decimal(1)
    return TableUnit(multiplier, UNITS[m.group("unit")], m.group("multiplier") + m.group("unit") if m.group("multiplier") else m.group("unit"))


def declared_unit(text: str | None) -> TableUnit | None:
    """The unit a `単位` note declares (`（単位：百万円）` -> 10^6 円), or None."""
    if not text or "単位" not in text:
        return None
    m = _DECLARATION.search(normalize_text(text))
    return _unit(m) if m else None


@lru_cache(maxsize=256)
def column_unit(text: str | None) -> TableUnit | None:
    """A unit a column states on its own (`千円`, `（人）`), or None."""
    m = _COLUMN_UNIT.fullmatch(normalize_text(text).strip()) if text else None
    return _unit(m) if m else None


def table_unit(
    caption: str | None, text_above: str | None, cell_texts: Iterable[str], column_units: Iterable[str] = ()
) -> dict | None:
    """The table-wide unit: {"text", "unit", "multiplier", "from"} or None.

    Looked for in the caption, then in the text just above the table, then in
    the cells (a `単位` note inside the grid); failing those, the unit every
    column that states one states (`千円` printed over each column's first
    number, lifted out of the cells by the table reader): `from` is `column`.
    """
    for source, text in (("caption", caption), ("above", text_above), *(("cell", t) for t in cell_texts)):
        unit = declared_unit(text)
        if unit is not None:
            return {"text": unit.text, "unit": unit.unit, "multiplier": as_plain_number(unit.multiplier), "from": source}
    stated = {column_unit(t) for t in column_units}
    if len(stated) == 1 and None not in stated:
        (unit,) = stated
        return {"text": unit.text, "unit": unit.unit, "multiplier": as_plain_number(unit.multiplier), "from": "column"}
    return None


_PLAIN_NUMBERS = regex.compile(rf"\s*{_NUMBER}(?:\s+{_NUMBER})*\s*")


class CellReading(NamedTuple):
    """What one cell text says, worked out once for every cell holding that text."""

    nt: NormalizedText
    analysed: dict[str, Any]  # `analyze`'s result, shared by those cells: copy before changing it
    header: regex.Match | None  # a unit naming the column (or row), `千円`, `金額(千円)`: no number in the cell
    bare: regex.Match | None  # bare numbers, maybe under their unit: `46,460,600`, `千円46,460,600`
    not_an_amount_header: bool  # `番号`, `年度`: a header over identifiers or years


# A 600-page budget book has some 7,000 distinct cell texts.
@lru_cache(maxsize=32768)
def _read_cell(text: str, doc_fiscal_year: int | None) -> CellReading:
    """Cells repeat (`0`, `千円`, row labels): read each distinct text once.

    Most cells of a budget table are plain numbers (`46,460,600`, `18,771 797`),
    which hold no fiscal year, date or unit: those skip `analyze`, and the
    normalised text is kept for valuing them in the table's unit."""
    nt = normalize_with_offsets(text)
    norm = nt.norm
    if _PLAIN_NUMBERS.fullmatch(norm):
        analysed = {"norm": norm, "fiscal_years": [], "dates": [], "quantities": []}
    else:
        analysed = analyze_normalized(nt, doc_fiscal_year=doc_fiscal_year)
    has_number = _ONE_NUMBER.search(norm) is not None
    return CellReading(
        nt,
        analysed,
        header=None if has_number else _HEADER_UNIT.search(norm),
        bare=_BARE_NUMBERS.match(norm) if has_number else None,
        not_an_amount_header=_NOT_AN_AMOUNT_HEADER.fullmatch(_WHITESPACE.sub("", norm)) is not None,
    )


def _copy(result: dict[str, Any]) -> dict[str, Any]:
    fiscal_years, dates, quantities = result["fiscal_years"], result["dates"], result["quantities"]
    if not (fiscal_years or dates or quantities):
        return {"norm": result["norm"], "fiscal_years": [], "dates": [], "quantities": []}  # most cells
    return {
        "norm": result["norm"],
        "fiscal_years": [dict(x) for x in fiscal_years],
        "dates": [dict(x) for x in dates],
        "quantities": [dict(x) for x in quantities],
    }


def _bare_quantities(nt: NormalizedText, bare: regex.Match, unit: TableUnit, unit_from: str) -> list[dict]:
    quantities = []
    for number in _ONE_NUMBER.finditer(nt.norm, bare.start("numbers"), bare.end("numbers")):
        written = number.group()
        value = Decimal(written.lstrip("△▲-").replace(",", "")) * unit.multiplier
        if written[0] in "△▲-":
            value = -value
        quantities.append({"text": nt.source_text(*number.span()), "value": as_plain_number(value), "unit": unit.unit, "unit_from": unit_from})
    return quantities


def normalise_cells(cells: list[dict], header_rows: int, unit: dict | None, doc_fiscal_year: int | None = None) -> None:
    """Add `norm`, `fiscal_years`, `dates`, `quantities` to every cell, in place.

    Cells are taken top to bottom; a column's unit applies from the row that
    states it downwards (a unit row or `千円46,460,600` may sit below the header
    rows proper).
    """
    wide = TableUnit(Decimal(str(unit["multiplier"])), unit["unit"], unit["text"]) if unit else None
    column_units: dict[int, TableUnit] = {}
    not_amounts: set[int] = set()
    row_unit: tuple[int, int, TableUnit] | None = None  # (row, col, unit) of the last row label with a unit
    for cell in sorted(cells, key=lambda c: (c["row"], c["col"])):
        reading = _read_cell(cell["text"], doc_fiscal_year)
        result = _copy(reading.analysed)
        columns = range(cell["col"], cell["col"] + cell.get("colspan", 1))
        if cell["row"] < header_rows and reading.not_an_amount_header:
            not_amounts.update(columns)
        header = reading.header
        if header is not None:
            if cell["row"] >= header_rows and header.start() > 0:
                # A row label with its unit, `支給率(%)`: for the numbers to its right.
                row_unit = (cell["row"], cell["col"], _unit(header))
            else:
                column_units.update((c, _unit(header)) for c in columns)
            result["quantities"] = []  # `千円` names the column's unit, it is not 1000 円
        else:
            bare = reading.bare
            if bare is not None and cell["col"] not in not_amounts:
                if bare.group("unit"):  # `千円46,460,600`: the unit printed above this column's numbers
                    chosen: tuple[TableUnit | None, str] = (_unit(bare), "header")
                    column_units.update((c, chosen[0]) for c in columns)
                elif row_unit is not None and row_unit[0] == cell["row"] and row_unit[1] < cell["col"]:
                    chosen = (row_unit[2], "header")
                elif (lifted := column_unit(cell.get("unit"))) is not None:  # lifted out of the cell by the table reader
                    chosen = (lifted, "header")
                elif cell["col"] in column_units:
                    chosen = (column_units[cell["col"]], "header")
                else:
                    chosen = (wide, "caption")
                if chosen[0] is not None:
                    result["quantities"] = _bare_quantities(reading.nt, bare, *chosen)
        cell.update(result)
