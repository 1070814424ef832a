"""The fiscal year a document is about, to resolve 前年度/今年度/翌年度 in its text.

Nothing in a PDF states it as data, so it is read from what a reader would
look at, in this order (the first that gives a year wins):

1. a single fiscal year in the title or in a heading of the first page
   (`令和６年度` over `一般会計予算書`, `令和7年度実施施策に係る事前分析表`);
   a year qualified as a comparison, a start, an end or a limit
   (`2018年度比`, `2025年度から`, `令和7年度末`) says nothing about the
   document itself and is skipped;
2. an edition year in the title or a first-page heading: `令和6年版` (白書 are
   named after the year they are published in) -> fiscal year 2024, or a
   Western year closing a name (`統合イノベーション戦略2025`, `骨太方針2024`:
   strategies are named after the year they are decided in) -> that year;
3. a cover date: a block of the first page's first blocks that is mostly a
   date at month or day precision (`令和7年1月17日` -> fiscal year 2024,
   `2021年4月` -> 2021). A date inside a sentence usually dates another
   document (`基本計画（令和３年３月26日閣議決定）`), and a bare year
   (`1955年に…`) is history: neither is the document's date.

Returns None when none of these is present: relative mentions then stay
unresolved (start/end null, `relative` kept).
"""

from __future__ import annotations

from typing import Iterable

import regex

from .analysis import analyze
from .eras import YEAR, first_year
from .text import normalize_text

# Qualifiers under which a fiscal year in a title still names the document's own year.
_OWN_YEAR_QUALIFIERS = {None, "initial", "supplementary", "during"}
_EDITION = regex.compile(rf"(?P<year>{YEAR})年版")
# `…戦略2025`: a year glued to the end of a name, not followed by a unit or date part
_NAMED_YEAR = regex.compile(r"(?<=[\p{Han}\p{Katakana}\p{Hiragana}ー])(?P<year>(?:19|20)\d{2})(?![\d.,年月日度%％])")
# How many first-page blocks may hold the cover date.
COVER_BLOCKS = 8


def _fiscal_year_of_date(value: str) -> int | None:
    """`2025-01-17` -> 2024 (January to March belong to the previous fiscal year)."""
    parts = value.split("-")
    if len(parts) < 2:
        return None
    year, month = int(parts[0]), int(parts[1])
    return year if month >= 4 else year - 1


def _own_fiscal_year(text: str) -> dict | None:
    years = [
        fy
        for fy in analyze(text)["fiscal_years"]
        if fy["start"] is not None and fy["start"] == fy["end"] and "relative" not in fy and fy["qualifier"] in _OWN_YEAR_QUALIFIERS
    ]
    if len({fy["start"] for fy in years}) != 1:
        return None  # none, or several different years: not one year the document is about
    return {"value": years[0]["start"], "text": years[0]["text"]}


def document_fiscal_year(title: str | None, first_page: Iterable[tuple[str, str]]) -> dict | None:
    """{"value": year, "from": "title"|"heading"|"edition"|"date", "text": as written} or None.

    `first_page`: (block kind, text) of the first page's blocks in reading order.
    """
    first_page = list(first_page)
    named = [("title", title or "")] + [("heading", text) for kind, text in first_page if kind == "heading"]
    for source, text in named:
        found = _own_fiscal_year(text)
        if found is not None:
            return {**found, "from": source}
    for _, text in named:
        m = _EDITION.search(normalize_text(text))
        if m is not None:
            year = first_year(m.group("year"))
            if year is not None:
                return {"value": year[0], "from": "edition", "text": m.group()}
        m = _NAMED_YEAR.search(normalize_text(text))
        if m is not None:
            return {"value": int(m.group("year")), "from": "edition", "text": m.group()}
    for _, text in first_page[:COVER_BLOCKS]:
        for date in analyze(text)["dates"]:
            year = _fiscal_year_of_date(date["value"])
            if year is not None and 2 * len(date["text"]) >= len(text.strip()):
                return {"value": year, "from": "date", "text": date["text"]}
    return None
