"""Page furniture and cover sheets are no headings (issue 14, parsers/furniture.py): the hand list
tests/outline_furniture.yaml on the corpus documents, and the rules on a page model built here."""
from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
import yaml

from conftest import CORPUS, extracted

from shiryo.parsers.furniture import demote_furniture, is_furniture_text
from shiryo.parsers.model import Block, DocumentModel, Line, PageModel, Span

FURNITURE = yaml.safe_load((Path(__file__).parent / "outline_furniture.yaml").read_text(encoding="utf-8"))


def squeezed(text) -> str:
    return "".join(unicodedata.normalize("NFKC", str(text)).split())


@pytest.mark.parametrize("doc", sorted({item["doc"] for item in FURNITURE}))
def test_listed_furniture_is_no_heading_and_its_text_is_kept(doc):
    pdf = CORPUS / doc
    if not pdf.is_file():
        pytest.skip(f"shared corpus not present: {pdf}")
    records = extracted(pdf).records
    running = {squeezed(t) for t in records[0].get("running_text", [])}
    for item in (i for i in FURNITURE if i["doc"] == doc):
        text, page = squeezed(item["text"]), item["page"]
        on_page = [r for r in records if r.get("page") == page and r["type"] != "document"]
        headings = [r["text"] for r in on_page if r["type"] == "heading" and squeezed(r["text"]) == text]
        assert not headings, f"{doc} p{page}: {item['kind']} {item['text']!r} is a heading again"
        kept = text in running or any(text in squeezed(r.get("text", "")) for r in on_page)
        assert kept, f"{doc} p{page}: {item['text']!r} lost from the records"


@pytest.mark.parametrize("text", ["２４４．９４", "１５", "(単位 千円）", "（単位　人）", "R8.4.1現在", "2021/6/14 24時時点",
                                  "令和６年２月１５日提出", "令和5年3月", "NEW", "以上", "歳", "→"])
def test_furniture_text(text):
    assert is_furniture_text(text)


@pytest.mark.parametrize("text", ["令和８年度", "１ はじめに", "第１", "2.4.1", "２ 自治体で取り組むメリット", "（補足説明）", "AI人材", "目次"])
def test_not_furniture_text(text):
    assert not is_furniture_text(text)


def _block(kind: str, text: str, bbox, size: float, page: int = 1) -> Block:
    line = Line(spans=[Span(text, "MS-Mincho", size, False, bbox)], bbox=bbox)
    return Block(kind=kind, text=text, bbox=bbox, page=page, lines=[line], level=1 if kind == "heading" else 0, pages=[page])


def _doc(blocks: list[Block], n_pages: int = 2) -> DocumentModel:
    pages = [PageModel(number=n, width=595, height=842) for n in range(1, n_pages + 1)]
    return DocumentModel(path="x.pdf", n_pages=n_pages, metadata={}, pages=pages, blocks=blocks)


def test_cover_reads_as_one_title_and_the_rest_as_paragraphs():
    year = _block("heading", "令和８年度", (232, 132, 363, 158), 20)
    title = _block("heading", "一般会計予算書", (150, 249, 445, 285), 30)
    subtitle = _block("heading", "（附予算説明書）", (193, 339, 402, 365), 20)
    issuer = _block("heading", "富士市", (236, 712, 359, 742), 24)
    body = [_block("heading", "第１条 総則", (80, 60, 200, 72), 12, page=2),
            _block("paragraph", "この予算は、次に定めるところによる。" * 3, (80, 80, 515, 300), 10.5, page=2)]
    doc = _doc([year, title, subtitle, issuer] + body)
    demote_furniture(doc)
    headings = [b.text for b in doc.blocks if b.kind == "heading"]
    assert headings == ["令和８年度一般会計予算書", "第１条 総則"]
    assert [b.text for b in doc.blocks if b.kind == "paragraph"][:2] == ["（附予算説明書）", "富士市"]


def test_header_box_and_folio_on_a_body_page():
    label = _block("heading", "商法(船荷証券等関係)部会資料", (307, 103, 469, 115), 10.5)
    number = _block("heading", "２", (502, 103, 514, 115), 10.5)
    title = _block("heading", "船荷証券に関する規定等の見直しに関する論点の検討（１）", (122, 146, 489, 160), 12)
    text = [_block("paragraph", f"本文の行{n}。" * 8, (85, 200 + 60 * n, 510, 250 + 60 * n), 10.5) for n in range(8)]
    folio = _block("paragraph", "1", (294, 790, 300, 800), 10.5)
    doc = _doc([label, number, title] + text + [folio], n_pages=1)
    demote_furniture(doc)
    assert [b.text for b in doc.blocks if b.kind == "heading"] == [title.text]
    assert folio not in doc.blocks and "1" in doc.running_text


def test_characters_set_apart_are_one_heading():
    row = [_block("heading", c, (222 + 120 * n, 287, 254 + 120 * n, 319), 32) for n, c in enumerate("歳入")]
    alone = _block("heading", "ル", (302, 334, 313, 345), 10, page=1)
    doc = _doc(row + [_block("paragraph", "本文。" * 30, (85, 400, 510, 700), 10.5), alone], n_pages=1)
    demote_furniture(doc)
    assert [(b.kind, b.text) for b in doc.blocks if b.text in ("歳入", "歳", "入", "ル")] == [("heading", "歳入"), ("paragraph", "ル")]


def test_budget_divider_page_is_one_heading():
    pdf = CORPUS / "ja" / "fuji_city_budget_r8_overview_gs.pdf"
    if not pdf.is_file():
        pytest.skip(f"shared corpus not present: {pdf}")
    records = extracted(pdf).records
    assert [r["text"] for r in records if r["type"] == "heading" and r["page"] == 19] == ["歳入"]


def test_header_box_repeated_on_pages_is_running_text():
    blocks = []
    for page in (1, 2):
        blocks += [_block("paragraph", "参考資料", (664, 90, 706, 101), 10, page=page),
                   _block("heading", "１６－" + "０１２"[page], (749, 90, 791, 101), 10, page=page),
                   _block("paragraph", "本文。" * 40, (85, 300, 510, 500), 10.5, page=page)]
    doc = _doc(blocks)
    for page in doc.pages:
        page.width = 842
    demote_furniture(doc)
    assert [b.text for b in doc.blocks] == ["本文。" * 40] * 2
    assert {"参考資料", "１６－１", "１６－２"} <= set(doc.running_text)
