"""The structure scorer itself (tests/structure_reference/structure_score.py): what it counts as a piece
of a reference block, so `records per true block` measures cut blocks, not short texts found elsewhere."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "structure_reference"))

from structure_score import score_page  # noqa: E402


def _record(kind: str, text: str) -> dict:
    return {"type": kind, "text": text, "page": 3, "pages": [3]}


def _page(*blocks: tuple[str, str]) -> dict:
    return {"page": 3, "ignore": [], "blocks": [
        {"type": kind, "text": text, **({"level": 1} if kind == "heading" else {})} for kind, text in blocks]}


def test_a_short_block_inside_its_neighbours_counts_once():
    page = _page(("heading", "附則"), ("heading", "（施行期日）"), ("paragraph", "この政令は、附則（施行期日）の定めによる。"))
    records = [_record("heading", "附則"), _record("heading", "（施行期日）"),
               _record("paragraph", "この政令は、附則（施行期日）の定めによる。")]
    counts, _ = score_page(page, records)
    assert (counts.matched, counts.covered, counts.pieces) == (3, 3, 3)


def test_a_block_cut_in_two_counts_both_pieces():
    page = _page(("heading", "附則"), ("paragraph", "この政令は、公布の日から施行する。"))
    records = [_record("heading", "附則"), _record("paragraph", "この政令は、"), _record("paragraph", "公布の日から施行する。")]
    counts, _ = score_page(page, records)
    assert (counts.matched, counts.covered, counts.pieces) == (1, 2, 3)
    assert counts.figures()["records_per_block"] == 1.5


def test_two_blocks_run_together_are_one_piece_of_each():
    page = _page(("heading", "第１ 総則"), ("paragraph", "この規則は、会議に適用する。"))
    records = [_record("paragraph", "第１ 総則この規則は、会議に適用する。")]
    counts, _ = score_page(page, records)
    assert (counts.matched, counts.covered, counts.pieces) == (0, 2, 2)
