"""Normalisation of Japanese government text and extraction of fiscal years, dates and quantities.

    from shiryo.pipeline.normalize import analyze, normalize_text
    normalize_text("令 和 ４ 年 ６ 月 ３ 日")  # -> "令和4年6月3日"
    analyze("①882億円（2018年度）")
    # -> {"norm": "①882億円(2018年度)",
    #     "fiscal_years": [{"text": "2018年度", "start": 2018, "end": 2018, "qualifier": None, "qualifiers": []}],
    #     "dates": [],
    #     "quantities": [{"text": "882億円", "value": 88200000000, "unit": "円"}]}

Pure functions; SudachiPy is loaded on first need (once per process). One module
per concern: text (norm and its offset map), numerals, eras, fiscal_years,
dates, quantities, sudachi (kanji numeral veto), mentions, analysis;
tables (cells valued in a table's declared unit, `（単位：千円）`), document_year
(the fiscal year a document is about, for 前年度/今年度); and spacy_component (optional, imports spaCy) for `nlp.add_pipe("shiryo_normalizer")`.
`find_mentions` gives the same results with offsets, for callers that need spans.
"""

from .analysis import analyze, find_mentions
from .text import normalize_text

__all__ = ["analyze", "find_mentions", "normalize_text"]
