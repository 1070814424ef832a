"""A draft's （補足説明） (issue 14, round 2): it stands under the heading the provisions it comments
on share, and its own numbered points restart beneath it.  Rules on heading blocks built here, and
whole-document outlines of the MOJ drafts (たたき台, 補足説明, 要綱案たたき台, 部会資料 2)."""
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent / "structure_reference"))

from conftest import CORPUS, extracted  # noqa: E402
from structure_score import norm  # noqa: E402

from shiryo.parsers.commentary import in_commentary, is_commentary_label  # noqa: E402
from shiryo.parsers.model import Block, Line, Span  # noqa: E402
from shiryo.parsers.outline import assign_levels  # noqa: E402


def _heading(text: str) -> Block:
    bbox = (50, 100, 50 + 10.0 * len(text), 110)
    line = Line(spans=[Span(text, "MS-Mincho", 10.0, False, bbox)], bbox=bbox)
    return Block(kind="heading", text=text, bbox=bbox, page=1, lines=[line], level=8, pages=[1])


def _levels(texts: list[str]) -> list[int]:
    blocks = [_heading(t) for t in texts]
    assign_levels(blocks, 10.0)
    return [b.level for b in blocks]


def test_commentary_after_several_provisions_sits_under_the_heading_they_share():
    # 第２ › ３ › ⑴ 【甲案】 【乙案】 ⑵ ⑶, then the commentary discussing them all with its own ⑴…
    levels = _levels(["第２ 発行", "３ 「支配」概念", "⑴ 支配の定義", "【甲案】", "【乙案】", "⑵ 発行の定義", "⑶ 移転の定義",
                      "（補足説明）", "⑴ 「物」とすることの可否", "⑵ 「支配」概念の創設について", "第３ 技術的要件"])
    assert levels[7] == levels[2]  # beside ⑴…⑶, under ３
    assert levels[8] == levels[9] == levels[7] + 1  # its points restart one level under it
    assert levels[10] == levels[0]
    # １…４ under 第３, then the commentary: under 第３, its `１ …について` one level under it
    levels = _levels(["第３ 技術的要件", "１ 定義", "２ 信頼性", "３ 発行", "４ 移転", "（補足説明）", "１ 定義について",
                      "⑴ 基本的な考え方について", "２ 信頼性について", "第４ 転換", "１ 船荷証券から"])
    assert levels[5] == levels[1] and levels[6] == levels[8] == levels[5] + 1 and levels[7] == levels[6] + 1
    assert levels[9] == levels[0] and levels[10] == levels[1]  # the provisions' levels again after it


def test_commentary_on_one_provision_stays_under_it_and_ends_with_the_next():
    # `⑽`'s commentary (after ⑼ with none) comments on ⑽ only; ⑾ goes on with the provisions' count
    levels = _levels(["第６ 効力", "２ 規律案", "⑻ 商法第７６８条", "（補足説明）", "⑼ 民法第５２０条の２", "⑽ 民法第５２０条の４",
                      "（補足説明）", "⑾ 民法第５２０条の５"])
    assert levels[3] == levels[6] == levels[2] + 1 and levels[4] == levels[5] == levels[7] == levels[2]
    # a commentary under provision １ holds ⑴…; provision ２ ends it
    levels = _levels(["第２ 発行", "１ 発行の規律", "（補足説明）", "⑴ 発行義務について", "⑵ 承諾について", "２ 記録事項"])
    assert levels[2] == levels[1] + 1 and levels[3] == levels[4] == levels[2] + 1 and levels[5] == levels[1]


def test_what_a_commentary_holds():
    assert is_commentary_label("（補足説明）") and is_commentary_label("（説明）") and not is_commentary_label("（施行期日）")
    assert in_commentary("number", "３ 商法第７６５条から第７６７条まで", {}, {"dai"})  # its １, ２ set as paragraphs
    assert not in_commentary("number", "２ 記録事項", {}, {"dai", "number"})  # the provisions' count goes on
    assert in_commentary("number", "１ 転換に関する規定の要否について", {}, {"dai", "number"})  # counted again
    assert in_commentary("bracket", "【前半パート】", {"number": 5}, {"dai"})
    assert not in_commentary("bracket", "（補足説明）", {}, {"dai"}) and not in_commentary("dai", "第４ 転換", {"number": 5}, {"dai"})


def _outline(pdf: str) -> list[tuple[int, str, int]]:
    if not (CORPUS / pdf).is_file():
        pytest.skip(f"shared corpus not present: {CORPUS / pdf}")
    return [(r["level"], norm(r["text"]), r["page"]) for r in extracted(CORPUS / pdf).records if r["type"] == "heading"]


def _under(headings, at: int) -> tuple[int, str, int]:
    """The heading `headings[at]` sits under."""
    return next(h for h in reversed(headings[:at]) if h[0] < headings[at][0])


@pytest.mark.parametrize("pdf", ["ja/moj_shoho_bukai_chukan_shian_tatakidai.pdf", "editions/moj_bl_hosoku_setsumei/hosoku_setsumei_bukai.pdf"])
def test_draft_commentaries_sit_under_their_section_and_hold_their_points(pdf):
    headings = _outline(pdf)
    texts = [t for _, t, _ in headings]
    # たたき台 p15 / 補足説明 p17: after ３'s ⑴…⑶, under ３, its ⑴ (a title filling its line over its
    # discussion) and ⑵ under it
    first = texts.index(norm("⑴電子化された船荷証券を「物」、「有価証券」、「船荷証券」とすることの可否"))
    label = headings[first - 1]
    assert label[1] == norm("（補足説明）") and _under(headings, first - 1)[1].startswith(norm("３「支配」概念の創設及び関連概念の定義"))
    assert headings[first][0] == headings[first + 1][0] == label[0] + 1 and headings[first + 1][1].startswith(norm("⑵「支配」概念の創設"))
    # たたき台 p22 / 補足説明 p24: after 第３'s １…４, under 第３, its `１ …` under it
    at = next(i for i, t in enumerate(texts) if t.startswith(norm("１電子船荷証券記録の定義及び信頼性の要件以外の技術的要件")) and i and texts[i - 1] == norm("（補足説明）"))
    assert _under(headings, at - 1)[1].startswith(norm("第３電子船荷証券記録の技術的要件")) and headings[at][0] == headings[at - 1][0] + 1
    # every commentary sits under a 第 section or one of its numbered headings, never under an option
    for i, (_, text, _) in enumerate(headings):
        if text == norm("（補足説明）"):
            assert not _under(headings, i)[1].startswith("【")


def test_commentary_ending_its_section_comments_on_all_its_provisions():
    # 第８ › １, ２, then the commentary (its points paragraphs) and 第９: beside １, ２ under 第８
    levels = _levels(["第８ 転換", "１ 船荷証券から", "２ 電子船荷証券記録から", "（補足説明）", "第９ 提供請求権", "（補足説明）"])
    assert levels[3] == levels[1] and levels[4] == levels[0] and levels[5] == levels[1]
    # one provision since the previous commentary: the commentary on it stays under it
    levels = _levels(["第８ 転換", "１ 船荷証券から", "（補足説明）", "２ 電子船荷証券記録から", "（補足説明）", "第９ 提供請求権"])
    assert levels[4] == levels[2] == levels[1] + 1


def test_youkouan_tatakidai_commentary_on_both_conversions_sits_under_its_section():
    """要綱案たたき台 p20: 第８'s （補足説明） discusses 本文１ and 本文２ (its text says so): under 第８."""
    headings = _outline("editions/moj_bl_youkouan/bukai_shiryo15_youkouan_tatakidai.pdf")
    at = next(i for i, h in enumerate(headings) if h[1] == norm("（補足説明）") and h[2] == 20)
    assert _under(headings, at)[1].startswith(norm("第８電子船荷証券記録と船荷証券の転換"))
