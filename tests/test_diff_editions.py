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
