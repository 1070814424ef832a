"""Japanese eras and the regex pieces for a year written in one, or in Western form.

An era year N is Western year (first year of the era + N - 1); the first year
is written 元年 (N = 1). Eras overlap in their boundary year: 平成31年 and
令和元年 are both 2019, so 平成31年度 = 令和元年度 = FY2019.
"""

from __future__ import annotations

import regex

from .numerals import KANJI_NUMERAL_CLASS, parse_small_int

ERA_FIRST_YEAR = {
    "明治": 1868,
    "大正": 1912,
    "昭和": 1926,
    "平成": 1989,
    "令和": 2019,
}
# One-letter abbreviations used in tables (`R7年度`, `H30年度`, `S57年`).
# M/T (明治/大正) are left out: in these documents they are far more often
# model names than years.
ERA_ABBREVIATIONS = {"S": "昭和", "H": "平成", "R": "令和"}

# Regex pieces, to be embedded in the patterns of fiscal_years.py and dates.py.
# They work on normalised text (half-width digits, no stray spaces inside).
ERA_NAME = "(?:" + "|".join(ERA_FIRST_YEAR) + ")"
# A letter abbreviation only counts when it is not part of a word (`H3ロケット`
# is a rocket, and callers further require 年 or 年度 after the number).
ERA_ABBREVIATION = r"(?<![A-Za-z0-9])[SHR](?=[0-9])"
ERA_NUMBER = rf"(?:元|[0-9]{{1,2}}(?![0-9])|[{KANJI_NUMERAL_CLASS}]{{1,4}})"
# Western years we believe are years: 1868 (Meiji 1) to 2199.
WESTERN_YEAR = r"(?<![0-9,.])(?:18[6-9][0-9]|19[0-9]{2}|2[01][0-9]{2})(?![0-9])"


def era_name(token: str) -> str:
    """`令和` or `R` -> `令和`."""
    return ERA_ABBREVIATIONS.get(token, token)


def era_to_western(era: str, number: str) -> int | None:
    """Western year of `era` year `number` (`元`, `7`, `二十四`), None when out of range."""
    name = era_name(era)
    try:
        n = parse_small_int(number)
    except ValueError:
        return None
    if not 1 <= n <= 99:
        return None
    return ERA_FIRST_YEAR[name] + n - 1


# An era year (`令和7`, `R7`, `平成一二`) and a year in either notation, possibly
# followed by the other notation in brackets: `2021(令和3)`, `令和3(2021)`.
ERA_YEAR = rf"(?:{ERA_NAME}|{ERA_ABBREVIATION}){ERA_NUMBER}"
YEAR = rf"(?:{WESTERN_YEAR}(?:\(\s*{ERA_YEAR}\s*\))?|{ERA_YEAR}(?:\(\s*{WESTERN_YEAR}\s*\))?)"

_YEAR_ATOM = regex.compile(rf"(?P<western>{WESTERN_YEAR})|(?P<era>{ERA_NAME}|{ERA_ABBREVIATION})(?P<number>{ERA_NUMBER})")


def first_year(part: str) -> tuple[int, str | None, int] | None:
    """(Western year, era name or None, number as written) of the first year in `part`.

    With dual notation the first written wins; the bracketed one is ignored.
    """
    m = _YEAR_ATOM.search(part)
    if m is None:
        return None
    if m.group("western"):
        year = int(m.group("western"))
        return year, None, year
    year = era_to_western(m.group("era"), m.group("number"))
    if year is None:
        return None
    return year, era_name(m.group("era")), parse_small_int(m.group("number"))
