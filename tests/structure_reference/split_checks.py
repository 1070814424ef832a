"""Checks shared by the structure reference's scored splits (round2, unseen, …): one home for what
makes a split's hand-written pages well formed, in step with their spec file, and scored."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from structure_score import CORPUS, HERE, TEXT_TYPES, Counts, score_document


def pages_of(refs: list[dict]) -> set[tuple[str, int]]:
    return {(r["pdf"], p["page"]) for r in refs for p in r["pages"]}


def assert_well_formed(refs: list[dict]) -> None:
    for ref in refs:
        assert "whitepaper" not in ref["pdf"] and "scanned" not in ref["pdf"], ref["pdf"]
        numbers = [p["page"] for p in ref["pages"]]
        assert len(numbers) == len(set(numbers)), ref["pdf"]
        assert ref["family"], ref["pdf"]
        for page in ref["pages"]:
            where = f"{ref['pdf']} p{page['page']}"
            # a page may be all table (no block), but then it says where the table is
            assert (page["blocks"] or page["ignore"]) and not page.get("held_out"), where
            for x0, y0, x1, y1 in page["ignore"]:
                assert x0 < x1 and y0 < y1, where
            for block in page["blocks"]:
                assert block["type"] in TEXT_TYPES and block["text"].strip(), where
                # a symbol font's private-use bullet is written as the bullet it shows
                assert not any("\ue000" <= ch <= "\uf8ff" for ch in block["text"]), where
                assert block.get("continues") in (None, "from_previous_page", "to_next_page"), where
                if block["type"] == "heading":
                    assert isinstance(block["level"], int) and block["level"] >= 0, where
                else:
                    assert "level" not in block, where


def built_from_specs(spec_file: str) -> dict[str, dict]:
    """What build_reference.py writes from `spec_file` (the YAML is never edited by hand)."""
    if not CORPUS.is_dir():
        pytest.skip(f"shared corpus not present: {CORPUS}")
    # by path: tests/layout_reference has a build_reference module of its own on sys.path too
    spec = importlib.util.spec_from_file_location("structure_build_reference", HERE / "build_reference.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.build(HERE / spec_file)


def split_figures(refs: list[dict], split: str, records_of) -> dict[str, float]:
    """shiryo's figures on a split's pages; `records_of(path)` gives a PDF's records."""
    totals = Counts()
    for ref in refs:
        path = CORPUS / ref["pdf"]
        if not path.is_file():
            pytest.skip(f"shared corpus not present: {path}")
        totals.add(score_document(ref, records_of(path), split)[split])
    return totals.figures()
