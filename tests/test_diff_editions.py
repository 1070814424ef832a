"""Diffs of real edition pairs (skipped when the shared corpus is absent) and of byte-different
files with the same pages.  Truth of the real pairs: ../shared/corpus/editions/*/CHANGES.md and
tests/diff_reference/ (read from the rendered pages, not from our output)."""
from pathlib import Path

import pymupdf
import pytest

from conftest import CORPUS, FIXTURES, extracted
from shiryo.pipeline.diff import diff_records
from shiryo.pipeline.ids import compact_text

EDITIONS = CORPUS / "editions"


def _edition(path: Path) -> Path:
    if not path.is_file():
        pytest.skip(f"shared corpus not present: {path}")
    return path


@pytest.mark.parametrize("old, new, doc, n_pages, cover", [
    ("moj_bl_chukan_shian/chukan_shian_bukai.pdf", "moj_bl_chukan_shian/chukan_shian_sokai198.pdf", "chukan", (16, 18),
     "法制審議会第１９８回会議配布資料 民１－１ 船荷証券に関する規定等の見直しに関する中間試案"),
    ("moj_bl_hosoku_setsumei/hosoku_setsumei_bukai.pdf", "moj_bl_hosoku_setsumei/hosoku_setsumei_sokai198.pdf", "hosoku", (79, 81),
     "法制審議会第１９８回会議配布資料 民１－２ 船荷証券に関する規定等の見直しに関する中間試案の補足説明"),
], ids=["chukan_shian_E3_E4", "hosoku_setsumei"])
def test_cover_sheet_edition_is_the_cover_and_the_page_count(old, new, doc, n_pages, cover):
    """A cover page and a blank page put in front, the body identical (checked exactly in CHANGES.md):
    the diff is the page count and the added cover, nothing from the body two pages later."""
    entries = diff_records(extracted(_edition(EDITIONS / old), doc).records, extracted(_edition(EDITIONS / new), doc).records)
    assert [(e["op"], e["type"] == "document") for e in entries] == [("changed", True), ("added", False)]
    summary, added = entries
    assert {"field": "n_pages", "before": n_pages[0], "after": n_pages[1]} in summary["metadata"]
    # the title is derived from the first page's heading; nothing else of the document may change
    assert {m["field"] for m in summary["metadata"]} <= {"n_pages", "title", "fiscal_year"}
    assert compact_text(added["after"]["text"]) == compact_text(cover) and added["after"]["page"] == 1


def _copy(src: Path, dst: Path, blank_first: bool = False) -> Path:
    doc = pymupdf.open(src)
    if blank_first:
        doc.insert_page(0, width=doc[0].rect.width, height=doc[0].rect.height)
    doc.set_metadata({**doc.metadata, "producer": "re-saved", "modDate": "D:20990101000000+09'00'"})
    doc.save(dst, garbage=4, deflate=True, clean=True)
    return dst


def test_byte_different_file_with_the_same_pages_gives_an_empty_diff(tmp_path):
    src = FIXTURES / "pdfs" / "strategy_plan.pdf"
    copy = _copy(src, tmp_path / "strategy_plan.pdf")
    assert copy.read_bytes() != src.read_bytes()
    assert diff_records(extracted(src, "plan").records, extracted(copy, "plan").records) == []


def test_page_shift_alone_is_only_the_page_count(tmp_path):
    """A blank page in front moves every record one page down: not a change of any record."""
    src = FIXTURES / "pdfs" / "strategy_plan.pdf"
    old, new = extracted(src, "plan").records, extracted(_copy(src, tmp_path / "shifted.pdf", blank_first=True), "plan").records
    assert all(o["page"] + 1 == n["page"] for o, n in zip(old[1:], new[1:]))
    (entry,) = diff_records(old, new)
    assert entry["type"] == "document" and entry["metadata"] == [{"field": "n_pages", "before": old[0]["n_pages"], "after": old[0]["n_pages"] + 1}]


def test_reflowed_comparison_table_gives_only_its_three_inserted_phrases():
    """MLETR 対照表 T1 → T2 (CHANGES.md, checked on the rendered pages): the English column re-flowed
    over one page fewer, the title line changed and `今回の法改正は` went into the commentary of
    Art. 1, 3 and 4 — nothing else."""
    old = extracted(_edition(CORPUS / "ja" / "moj_mletr_comparison_table.pdf"), "mletr").records
    new = extracted(_edition(EDITIONS / "moj_bl_mletr_taishohyo" / "mletr_chukan_hosoku_sankou.pdf"), "mletr").records
    entries = diff_records(old, new)
    summary = next(e for e in entries if e["type"] == "document")
    # the document's title is its page-1 title line (CHANGES.md: "the title change" is expected)
    assert summary["metadata"] == [
        {"field": "n_pages", "before": 12, "after": 11},
        {"field": "title", "before": "（参考）MLETR 対照表", "after": "船荷証券に関する規定等の見直しに関する中間試案の補足説明（参考資料）MLETR 対照表"},
    ]
    (table,) = [e for e in entries if e["type"] == "table"]
    assert [(row["op"], compact_text(row["label"])[:9]) for row in table["cells"]] == [("changed", "Article1."), ("changed", "Article3."), ("changed", "Article4.")]
    for row in table["cells"]:
        (col,) = row["cols"]
        assert col["header"] == "中間試案の考え方"
        assert compact_text(col["after"]).count("今回の法改正は") == compact_text(col["before"]).count("今回の法改正は") + 1
    # the rest is the title block of page 1
    others = [e for e in entries if e["type"] not in ("document", "table")]
    assert others and all(e["after"]["page"] == 1 and ("MLETR" in e["after"]["text"] or "補足説明" in e["after"]["text"]) for e in others)
