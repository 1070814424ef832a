"""Fiscal years (年度): `令和6年度`, `R7年度`, `2025年度(令和7年度)`, ranges, lists, relatives.

Japanese fiscal year N runs from April N to March N+1; `start`/`end` are those
N as Western years. Records look like
`{"text", "start", "end", "qualifier"}` (+ `"relative"` for 前年度 and co.).

Forms handled (on normalised text):

* era, abbreviated era, Western: `令和6年度`, `R7年度`, `2025年度`, `平成31年度`
  (= `令和元年度` = 2019), kanji numbers `令和四年度`;
* dual notation as ONE mention: `2021(令和3)年度`, `令和3(2021)年度`,
  `2025年度(令和7年度)`;
* ranges with `～`, `~`, `-`, `から`: `2021(令和3)年度～2024(令和6)年度`,
  `令和3～5年度`, `令和3年度～5年度` (era carried to the right),
  `2021～24年度` (century carried), `令和7年度から令和9年度まで`;
* lists carrying the era: `令和4年度補正・5年度補正` -> 2022 and 2023;
* qualifiers right after the expression: 末 -> end, 当初 -> initial,
  補正 -> supplementary, 中 -> during, から/より/以降 -> from, まで(に) -> until.
  The qualifier word is part of `text`. `from`/`until` after a range are part of
  the range itself and give no qualifier.
* relative: 前年度/昨年度 -> previous, 今年度/本年度/当年度 -> current,
  翌年度/次年度/来年度 -> next; resolved against `doc_fiscal_year` when given.

Not fiscal years: `毎年度`, `各年度`, `第6期`, `直近3年間`, a bare `3年度` with no
era to carry.
"""

from __future__ import annotations

from typing import Iterator

import regex

from .eras import YEAR, era_to_western, first_year
from .mentions import FISCAL_YEAR, Mention
from .numerals import KANJI_NUMERAL_CLASS, parse_small_int
from .text import NormalizedText

# `2025年度(令和7年度)`: the bracket repeats the year in the other notation.
_DUAL_TAIL = rf"(?:[ \t]*\(\s*{YEAR}年度\s*\))"
# A number whose era (or century) comes from the expression before it.
_CARRIED_NUMBER = rf"(?:元|[0-9]{{1,2}}(?![0-9])|[{KANJI_NUMERAL_CLASS}]{{1,3}})"
# `より` but not `よりも` (comparison: 前年度よりも増加); `第2次補正` is a supplementary budget too.
_QUALIFIER = r"(?P<qualifier>末|当初|(?:第[0-9一二三]次)?補正|中(?=[にのをはもで、。,)\s]|$)|から|より(?!も)|以降|までに|まで)?"
_RANGE_SEPARATOR = r"\s*(?:～|~|-|から)\s*"

_FISCAL_YEAR = regex.compile(
    rf"(?:(?P<left>{YEAR}(?:年度{_DUAL_TAIL}?)?){_RANGE_SEPARATOR}"
    rf"(?P<right>(?:{YEAR}|{_CARRIED_NUMBER})年度{_DUAL_TAIL}?)"
    rf"|(?P<single>{YEAR}年度{_DUAL_TAIL}?)"
    rf"|(?<![毎各同初])(?P<relative>前|昨|今|本|当|翌|次|来)年度)"
    rf"{_QUALIFIER}"
)
# Fallback when a would-be range turns out not to be one (`2021年度-3年度目`).
_SINGLE_FISCAL_YEAR = regex.compile(rf"(?P<single>{YEAR}年度{_DUAL_TAIL}?){_QUALIFIER}")
# The next item of a list that carries the era: `・5年度補正` after `令和4年度補正`.
_LIST_ITEM = regex.compile(rf"(?:・|、|,|と|及び|及)\s*(?P<number>{_CARRIED_NUMBER})年度{_QUALIFIER}")
_QUALIFIERS = {
    "末": "end",
    "当初": "initial",
    "補正": "supplementary",
    "中": "during",
    "から": "from",
    "より": "from",
    "以降": "from",
    "まで": "until",
    "までに": "until",
}
_RELATIVE = {
    "前": "previous",
    "昨": "previous",
    "今": "current",
    "本": "current",
    "当": "current",
    "翌": "next",
    "次": "next",
    "来": "next",
}
_RELATIVE_SHIFT = {"previous": -1, "current": 0, "next": 1}


def _carried_year(previous: tuple[int, str | None, int], number_text: str) -> int | None:
    """Year of a bare number that takes its era (or century) from `previous`."""
    try:
        number = parse_small_int(number_text)
    except ValueError:
        return None
    previous_year, era, previous_number = previous
    if era is not None:
        year = era_to_western(era, number_text)
        # Lists and ranges go forward; `令和5年度、3年度目` is not a list.
        if year is None or number < previous_number:
            return None
        return year
    # Western: `2021～24年度` -> 2024.
    if number >= 100:
        return None
    year = previous_year - previous_year % 100 + number
    return year if year >= previous_year else None


def _qualifier(word: str | None) -> str | None:
    if word is None:
        return None
    if word.endswith("補正"):  # 補正 or 第2次補正
        return "supplementary"
    return _QUALIFIERS[word]


def _record(nt: NormalizedText, begin: int, end: int, start: int | None, stop: int | None, qualifier: str | None) -> Mention:
    return Mention(
        FISCAL_YEAR,
        begin,
        end,
        {"text": nt.source_text(begin, end), "start": start, "end": stop, "qualifier": qualifier},
    )


def find_fiscal_years(nt: NormalizedText, doc_fiscal_year: int | None = None) -> Iterator[Mention]:
    text = nt.norm
    if "年度" not in text:  # the gate: nothing to do in most blocks
        return
    pos = 0
    while True:
        m = _FISCAL_YEAR.search(text, pos)
        if m is None:
            return
        pos = m.end()
        qualifier_word = m.group("qualifier")
        if m.group("relative"):
            relative = _RELATIVE[m.group("relative")]
            year = None if doc_fiscal_year is None else doc_fiscal_year + _RELATIVE_SHIFT[relative]
            mention = _record(nt, m.start(), m.end(), year, year, _qualifier(qualifier_word))
            mention.record["relative"] = relative
            yield mention
            continue
        if m.group("single"):
            first = first_year(m.group("single"))
            if first is None:
                continue
            yield _record(nt, m.start(), m.end(), first[0], first[0], _qualifier(qualifier_word))
            last = first
        else:
            left = first_year(m.group("left"))
            if left is None:
                continue
            right = first_year(m.group("right"))
            if right is not None:
                right_year = right[0]
            else:
                carried = regex.match(_CARRIED_NUMBER, m.group("right"))
                right_year = _carried_year(left, carried.group()) if carried else None
            if right_year is None or right_year < left[0]:
                # Not a range after all: keep the left part if it is a fiscal year itself.
                single = _SINGLE_FISCAL_YEAR.match(text, m.start())
                if single is None:
                    pos = m.start() + 1
                    continue
                pos = single.end()
                yield _record(nt, single.start(), single.end(), left[0], left[0], _qualifier(single.group("qualifier")))
                last = left
                continue
            if qualifier_word in ("まで", "までに"):
                qualifier_word = None  # `令和7年度から令和9年度まで` is the range itself
            yield _record(nt, m.start(), m.end(), left[0], right_year, _qualifier(qualifier_word))
            last = right if right is not None else (right_year, left[1], right_year - left[0] + left[2])
        # A list that carries the era: `令和4年度補正・5年度補正`.
        while True:
            item = _LIST_ITEM.match(text, pos)
            if item is None:
                break
            year = _carried_year(last, item.group("number"))
            if year is None:
                break
            number_begin = item.start("number")
            yield _record(nt, number_begin, item.end(), year, year, _qualifier(item.group("qualifier")))
            last = (year, last[1], parse_small_int(item.group("number")))
            pos = item.end()
