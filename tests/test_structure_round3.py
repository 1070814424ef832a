"""The `round3` split of the structure reference (issue 14): fresh pages of the weakest families on
pages nobody had tuned on — Word (cio discussion papers, 公募要領) and the MHLW 要領 — drawn with
`random.Random(21)` (the draw's code heads tests/structure_reference/specs_round3.txt) and written by
hand from the rendered page before shiryo was run on them (specs_round3.txt → round3/*.yaml).  Tuned on
from its first commit.  Checked here for well-formedness, kept in step with its spec file and apart from
every other split's pages, with a floor.
Figures per family: `.venv/bin/python bench/structure_reference.py` (rows `round3`)."""
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent / "structure_reference"))

from conftest import CORPUS, extracted  # noqa: E402
from structure_score import HERE, ROUND2, ROUND3, TEXT_TYPES, UNSEEN, Counts, references, score_document  # noqa: E402

ROUND3_REFERENCES = references(ROUND3)


def _pages(refs: list[dict]) -> set[tuple[str, int]]:
    return {(r["pdf"], p["page"]) for r in refs for p in r["pages"]}


def test_round3_split_is_drawn_and_apart_from_every_other_split():
    pages = _pages(ROUND3_REFERENCES)
    assert len(pages) >= 11 and len(ROUND3_REFERENCES) >= 5
    # no page of the tuned / held-out set, of round2, or of the unseen split (compared, never printed)
    for other in (references(), references(ROUND2), references(UNSEEN)):
        assert not pages & _pages(other)
    for ref in ROUND3_REFERENCES:
        numbers = [p["page"] for p in ref["pages"]]
        assert len(numbers) == len(set(numbers)), ref["pdf"]
        assert ref["family"] and all(p.get("drawn") for p in ref["pages"]), ref["pdf"]


def test_round3_blocks_are_well_formed():
    for ref in ROUND3_REFERENCES:
        for page in ref["pages"]:
            where = f"{ref['pdf']} p{page['page']}"
            # a page may be all table (no block), but then it says where the table is
            assert (page["blocks"] or page["ignore"]) and not page.get("held_out"), where
            for x0, y0, x1, y1 in page["ignore"]:
                assert x0 < x1 and y0 < y1, where
            for block in page["blocks"]:
                assert block["type"] in TEXT_TYPES and block["text"].strip(), where
                assert not any("\ue000" <= ch <= "\uf8ff" for ch in block["text"]), where
                assert block.get("continues") in (None, "from_previous_page", "to_next_page"), where
                if block["type"] == "heading":
                    assert isinstance(block["level"], int) and block["level"] >= 0, where
                else:
                    assert "level" not in block, where


def test_round3_yaml_is_built_from_its_specs():
    """round3/*.yaml is what build_reference.py writes from specs_round3.txt (nobody edits the YAML)."""
    if not CORPUS.is_dir():
        pytest.skip(f"shared corpus not present: {CORPUS}")
    import importlib.util

    # by path: tests/layout_reference has a build_reference module of its own on sys.path too
    spec = importlib.util.spec_from_file_location("structure_build_reference", HERE / "build_reference.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    built = module.build(HERE / "specs_round3.txt")
    assert {r["pdf"]: r for r in ROUND3_REFERENCES} == built


def test_round3_split_stays_above_its_floor():
    totals = Counts()
    for ref in ROUND3_REFERENCES:
        path = CORPUS / ref["pdf"]
        if not path.is_file():
            pytest.skip(f"shared corpus not present: {path}")
        totals.add(score_document(ref, extracted(path).records, "round3")["round3"])
    f = totals.figures()
    # Floors = shiryo's first figures on these pages, before any fix (F1 0.882, rec/blk 1.067, types 0.939,
    # heading P 1.000 / R 0.941, levels 1.000, from bench/structure_reference.py at 0fb6c7a) less 0.05,
    # rounded the lenient way: a regression guard.
    assert f["f1"] >= 0.83 and f["records_per_block"] <= 1.12 and f["types"] >= 0.88
    assert f["heading_p"] >= 0.95 and f["heading_r"] >= 0.89 and f["levels"] >= 0.95
