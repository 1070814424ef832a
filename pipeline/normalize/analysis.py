"""`analyze`: the normalised text plus the fiscal years, dates and quantities in it."""

from __future__ import annotations

import bisect
from typing import Any, Iterable

from .dates import find_dates
from .fiscal_years import find_fiscal_years
from .mentions import DATE, FISCAL_YEAR, QUANTITY, Mention
from .quantities import find_quantities
from .text import NormalizedText, normalize_with_offsets


def _without_overlaps(candidates: Iterable[Mention], taken: list[Mention]) -> list[Mention]:
    """Candidates that overlap none of `taken` (earlier kinds win).

    `taken` mentions do not overlap each other, so sorted by begin they are
    also sorted by end, and a candidate can only overlap the one starting at or
    before it, or the one after that.
    """
    if not taken:
        return list(candidates)  # the usual case: a text without fiscal years or dates
    taken = sorted(taken, key=lambda m: m.begin)
    begins = [m.begin for m in taken]
    kept = []
    for mention in candidates:
        i = bisect.bisect_right(begins, mention.begin) - 1
        neighbours = taken[max(i, 0) : i + 2]
        if not any(mention.overlaps(other) for other in neighbours):
            kept.append(mention)
    return kept


def find_mentions(text: str, *, doc_fiscal_year: int | None = None) -> tuple[NormalizedText, list[Mention]]:
    """All mentions in `text`, in text order, with offsets into the normalised text.

    Precedence when two readings overlap: fiscal year, then date, then
    quantity (`2025年度` is never the date 2025, `2025年` is never a quantity).
    """
    nt = normalize_with_offsets(text)
    return nt, mentions_in(nt, doc_fiscal_year=doc_fiscal_year)


def mentions_in(nt: NormalizedText, *, doc_fiscal_year: int | None = None) -> list[Mention]:
    """`find_mentions` of a text already normalised (table cells keep theirs)."""
    fiscal_years = list(find_fiscal_years(nt, doc_fiscal_year))
    dates = _without_overlaps(find_dates(nt), fiscal_years)
    taken = fiscal_years + dates
    quantities = _without_overlaps(find_quantities(nt), taken)
    return sorted(fiscal_years + dates + quantities, key=lambda m: (m.begin, m.end))


def analyze(text: str, *, doc_fiscal_year: int | None = None) -> dict[str, Any]:
    """{"norm", "fiscal_years", "dates", "quantities"} for one block of text.

    `doc_fiscal_year` (the fiscal year the document is about) resolves relative
    mentions such as 前年度; without it they get start/end None.
    """
    return analyze_normalized(normalize_with_offsets(text), doc_fiscal_year=doc_fiscal_year)


def analyze_normalized(nt: NormalizedText, *, doc_fiscal_year: int | None = None) -> dict[str, Any]:
    """`analyze` of a text already normalised."""
    by_kind: dict[str, list[dict[str, Any]]] = {FISCAL_YEAR: [], DATE: [], QUANTITY: []}
    for mention in mentions_in(nt, doc_fiscal_year=doc_fiscal_year):
        by_kind[mention.kind].append(mention.record)
    return {
        "norm": nt.norm,
        "fiscal_years": by_kind[FISCAL_YEAR],
        "dates": by_kind[DATE],
        "quantities": by_kind[QUANTITY],
    }
