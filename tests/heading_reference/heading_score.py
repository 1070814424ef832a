"""Score an extraction against the whole-heading list (tests/heading_reference/whole_headings.yaml).

Used by tests/test_whole_headings.py (which asserts) and bench/whole_headings.py (which prints
every case and the count).  A case holds when its page has exactly one heading record with the
case's text and no heading record that is a piece of it (`第１章` or `ターの設立` beside the whole).
"""
from __future__ import annotations

from pathlib import Path

import regex
import yaml

HERE = Path(__file__).resolve().parent
_SPACE = regex.compile(r"\s+")


def cases() -> list[dict]:
    return yaml.safe_load((HERE / "whole_headings.yaml").read_text(encoding="utf-8"))["cases"]


def tidy(text: str) -> str:
    """Record text as compared: ends stripped, white space runs as one space (the spacing inside
    is part of the case: `１ はじめに` is not `１はじめに`)."""
    return _SPACE.sub(" ", (text or "").strip())


def judge(case: dict, records: list[dict]) -> str:
    """'' when the case holds, else what is wrong."""
    want = tidy(case["text"])
    headings = [tidy(r["text"]) for r in records if r["type"] == "heading" and r["page"] == case["page"]]
    whole = headings.count(want)
    pieces = [h for h in headings if h != want and h and h.replace(" ", "") in want.replace(" ", "")]
    if whole == 1 and not pieces:
        return ""
    found = [h for h in headings if h.replace(" ", "") and (h.replace(" ", "") in want.replace(" ", "") or want.replace(" ", "") in h.replace(" ", ""))]
    return f"{whole} whole record(s); headings holding it or pieces of it: {found}"
