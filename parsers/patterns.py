"""Numbers and units as tables print them: the one home of these patterns.

The table readers (`parsers/tables/`: which cell is a value, which row is a unit row, a unit printed
above the first number of its column), page stitching (numbers never run together) and the table
normaliser (`pipeline/normalize/tables.py`: bare numbers valued in their column's unit) all read
them from here, so a unit added once is known everywhere.  Raw patterns match the page's text
(full-width digits and commas as printed); `NUMBER` matches NFKC-normalised text.
"""
from __future__ import annotations

import regex

# units printed right after a number in a cell (`４，１１３名`, `12.5%`, `237,700千円`)
VALUE_UNITS = ("%", "％", "‰", "千円", "百万円", "億円", "万円", "円", "名", "人", "件", "冊", "回", "個", "台",
               "か所", "箇所", "ha", "ｔ", "t", "km", "㎡", "倍")
# units a line of its own states for a column (`千円`, `（単位：人）`)
LINE_UNITS = ("千円", "百万円", "億円", "万円", "円", "千人", "人", "件", "%", "％", "t", "ｔ", "ha", "㎡", "km", "倍",
              "回", "か所", "箇所")
# units a ruled budget or statistics table prints above the first number of a column, inside its cell
COLUMN_UNITS = ("千円", "百万円", "億円", "万円", "円", "千人", "人", "件", "%", "％")


def _any(units) -> str:
    return "|".join(regex.escape(u) for u in sorted(units, key=len, reverse=True))


# a cell holding a number with at most a unit (`△1,234`, `４，１１３名`, `12.5%`)
VALUE = regex.compile(rf"^[△▲▼−\-－+＋±]?\s*[\p{{Nd}}][\p{{Nd}},，.．\s]*(?:{_any(VALUE_UNITS)})?$")
# marks standing for "nothing here" in a value cell
EMPTY_MARKS = frozenset({"―", "－", "-", "‐", "…", "*", "＊", "　"})
# a line naming a unit and nothing else (`千円`, `（単位：人）`, `(%)`)
UNIT_LINE = regex.compile(rf"^[（(]?(?:単位\s*[:：]?\s*)?(?:{_any(LINE_UNITS)})[）)]?$")
# a unit label over a table, whatever follows it (`（単位　千円）`, `(単位 人､％)`): no sentence's text
UNIT_LABEL = regex.compile(r"^[（(]\s*単\s*位")
# a unit printed above the number in the same cell, which reads as one text: `千円49,286,300`
UNIT_OVER_NUMBER = regex.compile(
    rf"^\s*(?P<unit>{_any(COLUMN_UNITS)})\s*(?P<number>[△▲−\-－]?\s*[\p{{Nd}}](?:[\p{{Nd}},，.．]*[\p{{Nd}}])?)\s*$"
)
# a number in normalised (NFKC) text: `1,234`, `△12.5`
UNSIGNED_NUMBER = r"(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?"
NUMBER = r"[△▲-]?" + UNSIGNED_NUMBER
# a cell of a borderless (mostly Latin) table that reads as a number, a mark or n/a
NUMERIC_CELL = regex.compile(
    r"^[\s(\[]*[-+−–—▲△]?[$€£¥￥]?[\d.,，．\s%％]+[)\]]?(?:[*a-zA-Z]|千円|万円|億円|円|人|件)?$|^[-−–—…*]+$|^n\.?a\.?$|^[xX✓✔○●◎△×]$",
    regex.I,
)
MARK = regex.compile(r"^[xX✓✔○●◎△×]$")


def is_value(text: str) -> bool:
    """A cell that holds a number (with at most a unit), not a label."""
    text = text.strip()
    return bool(text) and text not in EMPTY_MARKS and bool(VALUE.match(text))


def split_unit_over_number(text: str) -> tuple[str, str] | None:
    """(unit, number as printed) of a cell whose unit line sits above its number, else None."""
    m = UNIT_OVER_NUMBER.match(text)
    return (m.group("unit"), m.group("number")) if m else None
