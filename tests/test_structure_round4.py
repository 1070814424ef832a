"""The `round4` split of the structure reference (issue 14): pages of every non-白書 family not yet in a
split — legal drafts, 部会資料, discussion papers, 公募要領, 要領, slides, 対照表, the budget book — drawn with
`random.Random(22)` (the draw's code heads tests/structure_reference/specs_round4.txt) and written by hand
from the rendered page, by five writers apart, before shiryo was run on them (specs_round4.txt →
round4/*.yaml).  Tuned on from its first commit.  Checked here for well-formedness, kept in step with its
spec file and apart from every other split's pages, with a floor.
Figures per family: `.venv/bin/python bench/structure_reference.py` (rows `round4`, `no_twins`)."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "structure_reference"))

from conftest import extracted  # noqa: E402
from split_checks import assert_well_formed, built_from_specs, pages_of, split_figures  # noqa: E402
from structure_score import ROUND2, ROUND3, ROUND4, UNSEEN, references  # noqa: E402

ROUND4_REFERENCES = references(ROUND4)


def test_round4_split_is_drawn_and_apart_from_every_other_split():
    pages = pages_of(ROUND4_REFERENCES)
    assert len(pages) >= 23 and len(ROUND4_REFERENCES) >= 15
    for other in (references(), references(ROUND2), references(ROUND3), references(UNSEEN)):
        assert not pages & pages_of(other)
    assert all(p.get("drawn") for r in ROUND4_REFERENCES for p in r["pages"])
    assert sum(1 for r in ROUND4_REFERENCES for p in r["pages"] if p.get("twin")) == 3


def test_round4_blocks_are_well_formed():
    assert_well_formed(ROUND4_REFERENCES)


def test_round4_yaml_is_built_from_its_specs():
    assert {r["pdf"]: r for r in ROUND4_REFERENCES} == built_from_specs("specs_round4.txt")


def test_round4_split_stays_above_its_floor():
    f = split_figures(ROUND4_REFERENCES, "round4", lambda path: extracted(path).records)
    # shiryo's first figures on these pages, before any fix (at d7ca13d, with the writers' first calls):
    # F1 0.974, rec/blk 1.005, types 0.909, heading P 0.936 / R 0.917, levels 0.971.  After the day's
    # fixes: 0.995 / 1.000 / 0.979 / 0.938 / 0.957 / 0.972; at stop 24 1.000 / 1.000 / 0.984 / 0.940 / 1.000 /
    # 0.973, the heading misses left being calls the
    # writers and the documented conventions make apart (see bench/README.md).  Floors a little under.
    assert f["f1"] >= 0.98 and f["records_per_block"] <= 1.02 and f["types"] >= 0.96
    assert f["heading_p"] >= 0.92 and f["heading_r"] >= 0.94 and f["levels"] >= 0.95
