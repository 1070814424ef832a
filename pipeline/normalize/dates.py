"""Calendar dates: `令和7年1月17日`, `2024年3月`, `昭和57年(1982年)`, `2025/4/1`.

`value` is ISO at the precision written: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
A year followed by 度 is a fiscal year (fiscal_years.py), not a date; a year
followed by 代 (decade) or 間 (duration) is neither. A month or day without a
year is not emitted (there is no ISO form for it). An impossible day
(`2月30日`) is dropped and the date kept at month precision; a placeholder day
(`令和7年2月●日`) gives month precision the same way.
"""

from __future__ import annotations

import datetime
from typing import Iterator

import regex

from .eras import ERA_YEAR, WESTERN_YEAR, YEAR, first_year
from .mentions import DATE, Mention
from .numerals import parse_small_int
from .text import NormalizedText

_MONTH = r"(?:1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])(?![0-9])"
_DAY = r"(?:3[01]|[12][0-9]|0?[1-9]|三十一?|二十[一二三四五六七八九]?|十[一二三四五六七八九]?|[一二三四五六七八九])(?![0-9])"

_DATE = regex.compile(
    rf"(?P<year>{YEAR})年(?![度代間])"
    # The same year in the other notation: `昭和57年(1982年)`, `2023年(令和5年)6月`.
    rf"(?:[ \t]*\(\s*(?:{ERA_YEAR}|{WESTERN_YEAR})年\s*\))?"
    rf"(?:(?P<month>{_MONTH})月(?:(?P<day>{_DAY})日)?)?"
    rf"|(?<![0-9/.])(?P<slash_year>{WESTERN_YEAR})/(?P<slash_month>1[0-2]|0?[1-9])/(?P<slash_day>3[01]|[12][0-9]|0?[1-9])(?![0-9/])"
)


def _valid_day(year: int, month: int, day: int) -> bool:
    try:
        datetime.date(year, month, day)
    except ValueError:
        return False
    return True


def find_dates(nt: NormalizedText) -> Iterator[Mention]:
    text = nt.norm
    if "年" not in text and "/" not in text:  # the gate
        return
    for m in _DATE.finditer(text):
        if m.group("slash_year"):
            year, month, day = (int(m.group(g)) for g in ("slash_year", "slash_month", "slash_day"))
            if not _valid_day(year, month, day):
                continue
            yield Mention(DATE, m.start(), m.end(), {"text": nt.source_text(m.start(), m.end()), "value": f"{year:04d}-{month:02d}-{day:02d}"})
            continue
        first = first_year(m.group("year"))
        if first is None:
            continue
        year = first[0]
        end = m.end()
        value = f"{year:04d}"
        if m.group("month"):
            month = parse_small_int(m.group("month"))
            value = f"{year:04d}-{month:02d}"
            if m.group("day"):
                day = parse_small_int(m.group("day"))
                if _valid_day(year, month, day):
                    value = f"{value}-{day:02d}"
                else:
                    end = m.end("month") + 1  # keep `YYYY年M月`, drop the impossible day
        yield Mention(DATE, m.start(), end, {"text": nt.source_text(m.start(), end), "value": value})
