"""Fiscal years (年度): `令和6年度`, `R7年度`, `2025年度(令和7年度)`, ranges, lists, relatives.

Japanese fiscal year N runs from April N to March N+1; `start`/`end` are those
N as Western years. Records look like
`{"text", "start", "end", "qualifier", "qualifiers"}` (+ `"relative"` for 前年度 and co.).

Forms handled (on normalised text):

* era, abbreviated era, Western: `令和6年度`, `R7年度`, `2025年度`, `平成31年度`
  (= `令和元年度` = 2019), kanji numbers `令和四年度`;
* dual notation as ONE mention: `2021(令和3)年度`, `令和3(2021)年度`,
  `2025年度(令和7年度)`;
* ranges with `～`, `~`, `-`, `から`: `2021(令和3)年度～2024(令和6)年度`,
  `令和3～5年度`, `令和3年度～5年度` (era carried to the right),
  `2021～24年度` (century carried), `令和7年度から令和9年度まで`;
* lists carrying the era: `令和4年度補正・5年度補正` -> 2022 and 2023; and
  years listed before one 年度: `令和3・4年度`, `R3・R4年度`, `平成30、令和元年度`
  -> one mention per year (`令和3`, `4年度`), the qualifiers shared by all;
* qualifiers right after the expression, several in a row (`令和6年度末まで` ->
  end, until): 末 -> end, 当初 -> initial, 補正 -> supplementary, 中 -> during,
  から/より/以降/以後 -> from, まで(に)/以前 -> until, 比 -> compared
  (`前年度比`, `2018年度比`), and より before a word of comparison
  (`前年度より増加`, `よりも`) -> compared. `qualifiers` lists them in order,
  `qualifier` (the contract's field) is the first or None. The qualifier words
  are part of `text`. `まで` after a range is the range's own end, not a qualifier.
* relative: 前年度/昨年度 -> previous, 今年度/本年度/当年度 -> current,
  翌年度/次年度/来年度 -> next; resolved against `doc_fiscal_year` when given
  (the pipeline reads it from the title or first page, see document_year.py),
  else start/end None with `relative` kept.

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
# Qualifier words right after the expression; several may follow each other
# (`令和6年度末まで` -> end, until). `より` means "from" (`2021年度より実施`) except
# before a word of comparison (`前年度より増加`, `よりも`), where it means
# "compared with", like `比` (`前年度比`, `2018年度比`). `第2次補正` is a
# supplementary budget too.
_COMPARISON_AFTER_YORI = "も増減多少高低大小上下伸改悪拡縮"
_QUALIFIER_WORD = (
    r"末|当初|(?:第[0-9一二三]次)?補正|中(?=[にのをはもで、。,)\s]|$)|から"
    r"|より|比(?!較|率)|以降|以後|以前|までに|まで"
)
_QUALIFIER = rf"(?:(?P<qualifier>{_QUALIFIER_WORD}))*"
_RANGE_SEPARATOR = r"\s*(?:～|~|-|から)\s*"

# Years listed before one 年度 (`令和3・4年度`, `R3・R4年度`): the era is written once, 年度 once.
_LIST_SEPARATOR = r"\s*[・、,]\s*"
_BARE_LIST = (
    rf"(?P<bare_list>{YEAR}(?:{_LIST_SEPARATOR}(?:{YEAR}|{_CARRIED_NUMBER}))*"
    rf"{_LIST_SEPARATOR}(?P<bare_list_tail>{YEAR}|{_CARRIED_NUMBER}))年度{_DUAL_TAIL}?"
)
_CARRIED_NUMBER_AT_START = regex.compile(_CARRIED_NUMBER)
_LIST_ATOM = regex.compile(rf"(?P<year>{YEAR})|{_CARRIED_NUMBER}")

_FISCAL_YEAR = regex.compile(
    rf"(?:(?P<left>{YEAR}(?:年度{_DUAL_TAIL}?)?){_RANGE_SEPARATOR}"
    rf"(?P<right>(?:{YEAR}|{_CARRIED_NUMBER})年度{_DUAL_TAIL}?)"
    rf"|{_BARE_LIST}"
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
    "比": "compared",
    "以後": "from",
    "以前": "until",
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


def _qualifiers(text: str, m: regex.Match) -> list[str]:
    """The qualifiers of match `m`, in text order (`末まで` -> ["end", "until"])."""
    names = []
    for a, b in m.spans("qualifier"):
        word = text[a:b]
        if word.endswith("補正"):  # 補正 or 第2次補正
            names.append("supplementary")
        elif word == "より" and text[b : b + 1] and text[b] in _COMPARISON_AFTER_YORI:
            names.append("compared")
        else:
            names.append(_QUALIFIERS[word])
    return names


def _record(nt: NormalizedText, begin: int, end: int, start: int | None, stop: int | None, qualifiers: list[str]) -> Mention:
    return Mention(
        FISCAL_YEAR,
        begin,
        end,
        {
            "text": nt.source_text(begin, end),
            "start": start,
            "end": stop,
            # `qualifier` (the contract's field) is the first one; `qualifiers` lists them all.
            "qualifier": qualifiers[0] if qualifiers else None,
            "qualifiers": qualifiers,
        },
    )


def _bare_list(nt: NormalizedText, m: regex.Match, qualifiers: list[str]) -> tuple[list[Mention], tuple[int, str | None, int]] | None:
    """`令和3・4年度`, `R3・R4年度`, `平成30、令和元年度`: one mention per year, the
    last one carrying 年度 and the qualifiers, which apply to every item. Also
    returns the last year (to carry the era on). None when an item cannot be
    read (the caller then reads the last item on its own)."""
    text = nt.norm
    items = list(_LIST_ATOM.finditer(text, m.start("bare_list"), m.end("bare_list")))
    mentions: list[Mention] = []
    previous: tuple[int, str | None, int] | None = None
    for i, item in enumerate(items):
        if item.group("year"):
            previous = first_year(item.group())
            if previous is None:
                return None
        else:
            year = _carried_year(previous, item.group()) if previous is not None else None
            if year is None:
                return None
            previous = (year, previous[1], parse_small_int(item.group()))
        end = m.end() if i == len(items) - 1 else item.end()
        mentions.append(_record(nt, item.start(), end, previous[0], previous[0], qualifiers))
    return (mentions, previous) if previous is not None else None


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
        qualifiers = _qualifiers(text, m)
        if m.group("relative"):
            relative = _RELATIVE[m.group("relative")]
            year = None if doc_fiscal_year is None else doc_fiscal_year + _RELATIVE_SHIFT[relative]
            mention = _record(nt, m.start(), m.end(), year, year, qualifiers)
            mention.record["relative"] = relative
            yield mention
            continue
        if m.group("bare_list"):
            listed = _bare_list(nt, m, qualifiers)
            if listed is None:
                pos = m.start("bare_list_tail")  # read the last item on its own
                continue
            mentions, last = listed
            yield from mentions
        elif m.group("single"):
            first = first_year(m.group("single"))
            if first is None:
                continue
            yield _record(nt, m.start(), m.end(), first[0], first[0], qualifiers)
            last = first
        else:
            left = first_year(m.group("left"))
            if left is None:
                continue
            right = first_year(m.group("right"))
            if right is not None:
                right_year = right[0]
            else:
                carried = _CARRIED_NUMBER_AT_START.match(m.group("right"))
                right_year = _carried_year(left, carried.group()) if carried else None
            if right_year is None or right_year < left[0]:
                # Not a range after all: keep the left part if it is a fiscal year itself.
                single = _SINGLE_FISCAL_YEAR.match(text, m.start())
                if single is None:
                    pos = m.start() + 1
                    continue
                pos = single.end()
                yield _record(nt, single.start(), single.end(), left[0], left[0], _qualifiers(text, single))
                last = left
                continue
            # `令和7年度から令和9年度まで` is the range itself: its まで is no qualifier.
            spans = m.spans("qualifier")
            if spans and text[spans[-1][0] : spans[-1][1]] in ("まで", "までに"):
                qualifiers = qualifiers[:-1]
            yield _record(nt, m.start(), m.end(), left[0], right_year, qualifiers)
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
            yield _record(nt, number_begin, item.end(), year, year, _qualifiers(text, item))
            last = (year, last[1], parse_small_int(item.group("number")))
            pos = item.end()
