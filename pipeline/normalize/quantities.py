"""Quantities: a numeral followed by a unit, valued in the base unit.

`1,234億円` -> 123400000000 円, `237,700百万円` -> 237700000000 円,
`三千五百人` -> 3500 人, `10万世帯` -> 100000 世帯, `82.9%` -> 82.9 %.
The multipliers 千/百万/万/億/兆 belong to the numeral, so the unit is the
base unit. `value` is an int when integral, else a float.

Choices (documented because they are choices):

* A number needs a unit from `UNITS` to be a quantity. `1,200` alone, section
  numbers (`7-1-2`), list markers (`①`, kept circled by the normaliser) and
  years (`2025年`, 年 is not a unit) are therefore not quantities.
* An ordinal is not a quantity: a numeral right after `第` (`第6期`, `第2回`).
* `約`/`およそ`/`概ね` before the number set `"approximate": true`; they are not
  part of `text` (`約40兆円` -> text `40兆円`). Context words such as `年間`
  are not part of `text` either.
* A range `10～20%` gives two quantities, 10 % and 20 %, the first one
  borrowing the unit of the second (`"range": "from"` / `"range": "to"`).
* Kanji numerals are only taken when SudachiPy does not put them into a word
  reaching outside numeral + unit (so `統一`, `一本化`, `一人一人` are not
  numbers; see sudachi.py), and a lone `一` is never a
  quantity (`一社会`, `一人ひとり` are idioms far more often than counts), nor
  is a lone `〇` (a bullet). A bare multiplier after 単位 (`(単位:百万円)`) is
  a table's unit, not an amount.
  Vague amounts (`数百万円`, `十数件`) have no value and are not emitted.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Iterator

import regex

from . import sudachi
from .mentions import QUANTITY, Mention
from .numerals import as_plain_number, parse_numeral
from .text import NormalizedText

# Unit as written (after NFKC) -> base unit in the output. Longer spellings
# first so that `機関` wins over a shorter unit and `か所` over nothing.
UNITS = {
    "円": "円",
    "ドル": "ドル",
    "ユーロ": "ユーロ",
    "人": "人",
    "名": "名",
    "件": "件",
    "%": "%",
    "世帯": "世帯",
    "社": "社",
    "校": "校",
    "機関": "機関",
    "倍": "倍",
    "本": "本",
    "回": "回",
    "冊": "冊",
    "個": "個",
    "台": "台",
    "拠点": "拠点",
    "団体": "団体",
    "法人": "法人",
    "大学": "大学",
    "課題": "課題",
    "分野": "分野",
    "か所": "か所",
    "カ所": "か所",
    "ヶ所": "か所",
    "箇所": "か所",
    "か国": "か国",
    "カ国": "か国",
    "ヶ国": "か国",
    "か月": "か月",
    "カ月": "か月",
    "ヶ月": "か月",
    "箇月": "か月",
    "時間": "時間",
    "ポイント": "ポイント",
    "トン": "t",
    "t": "t",
    "kt": "kt",
    "km": "km",
    "m": "m",
    "cm": "cm",
    "mm": "mm",
    "kg": "kg",
    "g": "g",
    "ha": "ha",
    "kWh": "kWh",
    "kW": "kW",
    "MW": "MW",
    "GW": "GW",
    "TB": "TB",
    "PB": "PB",
}
# Units whose kanji also start common words: `3社会`, `10国立`, `100回答`.
_UNIT_NOT_BEFORE = {"社": "会", "回": "答収復路", "本": "格化部立", "名": "称古", "人": "材口工間文"}


def _unit_pattern() -> str:
    alternatives = []
    for unit in sorted(UNITS, key=len, reverse=True):
        pattern = regex.escape(unit)
        if unit.isascii() and unit.isalpha():
            pattern += "(?![A-Za-z])"  # `5m` but not `5min`
        if unit in _UNIT_NOT_BEFORE:
            pattern += f"(?![{_UNIT_NOT_BEFORE[unit]}])"
        alternatives.append(pattern)
    return "|".join(alternatives)


# Digits, grouped by commas in threes or not at all (`1,2345` is not a number).
_ARABIC = r"(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?(?![0-9,])"
_KANJI = "〇一二三四五六七八九十百千"
# Atomic: a numeral is read as a whole or not at all (and nested repeats of
# digit runs would otherwise backtrack exponentially on long digit strings).
_NUMERAL = rf"(?>(?:{_ARABIC}|[{_KANJI}])(?:{_ARABIC}|[{_KANJI}万億兆])*)"
_APPROXIMATE = regex.compile(r"(?:約|およそ|概ね|おおむね)$")
_RANGE_START = rf"(?:(?P<range_start>{_NUMERAL})\s*[～~]\s*)?"
_QUANTITY = regex.compile(
    # The lookahead first lets the regex engine skip to digits quickly (10x faster).
    rf"(?=[0-9{_KANJI}])(?<![0-9A-Za-z.,第$€£¥]){_RANGE_START}(?P<numeral>{_NUMERAL})(?P<unit>{_unit_pattern()})"
)
_ONLY_MULTIPLIERS = regex.compile(r"[十百千万億兆]+")
_HAS_KANJI_NUMERAL = regex.compile(rf"[{_KANJI}]")
_GATE = regex.compile(rf"[0-9{_KANJI}]")


def _numeral_value(nt: NormalizedText, begin: int, end: int, unit_end: int) -> Decimal | None:
    """Value of the numeral norm[begin:end] whose unit ends at unit_end, or None if it is not one."""
    numeral = nt.norm[begin:end]
    try:
        value = parse_numeral(numeral)
    except ValueError:  # `1億億`, `十十`: not a well-formed numeral
        return None
    if not _HAS_KANJI_NUMERAL.search(numeral):
        return value  # Arabic digits with 万/億/兆: no ambiguity
    if begin > 0 and nt.norm[begin - 1] in "数何":
        return None  # `数百万円`, `何千人`: vague, no value
    if numeral in ("一", "〇"):
        return None  # idioms (`一社会`) and the 〇 used as a bullet (`〇人文・社会科学`)
    if _ONLY_MULTIPLIERS.fullmatch(numeral) and "単位" in nt.norm[max(0, begin - 5) : begin]:
        return None  # `(単位:百万円)` names the unit of a table, it is not an amount
    # Ask Sudachi whether numeral + unit is a word of its own here: a few characters either side.
    window_begin = max(0, begin - 3)
    window = nt.norm[window_begin : unit_end + 3]
    if not sudachi.is_numeral_here(window, begin - window_begin, unit_end - window_begin):
        return None
    return value


def _mention(nt: NormalizedText, begin: int, end: int, value, unit: str, approximate: bool, range_role: str | None) -> Mention:
    record = {"text": nt.source_text(begin, end), "value": as_plain_number(value), "unit": UNITS[unit]}
    if approximate:
        record["approximate"] = True
    if range_role:
        record["range"] = range_role
    return Mention(QUANTITY, begin, end, record)


def find_quantities(nt: NormalizedText) -> Iterator[Mention]:
    text = nt.norm
    if not _GATE.search(text):
        return
    for m in _QUANTITY.finditer(text):
        value = _numeral_value(nt, m.start("numeral"), m.end("numeral"), m.end())
        if value is None:
            continue
        unit = m.group("unit")
        approximate = bool(_APPROXIMATE.search(text, max(0, m.start() - 4), m.start()))
        if m.group("range_start"):
            start_value = _numeral_value(nt, m.start("range_start"), m.end("range_start"), m.end())
            if start_value is not None:
                # The first number's text has no unit of its own: `10` of `10～20%`.
                yield _mention(nt, m.start("range_start"), m.end("range_start"), start_value, unit, approximate, "from")
                yield _mention(nt, m.start("numeral"), m.end(), value, unit, approximate, "to")
                continue
        yield _mention(nt, m.start("numeral"), m.end(), value, unit, approximate, None)
