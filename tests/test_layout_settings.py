"""LayoutSettings reach block segmentation from the public API and change where blocks end."""
from __future__ import annotations

import pymupdf

import shiryo

LINE = "行政手続のデジタル化を進めるため各府省庁は計画的に取り組むものとする"


def _page(path, lines: list[tuple[float, str]]) -> None:
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    writer = pymupdf.TextWriter(page.rect)
    font = pymupdf.Font("japan")
    for y, text in lines:
        writer.append((60, y), text, font=font, fontsize=10)
    writer.write_text(page)
    doc.save(path)


def _paragraphs(path, settings=None) -> list[str]:
    records, _ = shiryo.extract(path, settings=settings)
    return [r["text"] for r in records if r["type"] == "paragraph"]


def test_paragraph_gap_decides_where_a_paragraph_ends(tmp_path):
    pdf = tmp_path / "gap.pdf"
    # six full lines of 10 pt text, 13 pt apart, and a blank of one font size more after the third
    ys = [120, 133, 146, 169, 182, 195]
    _page(pdf, [(y, LINE + "あいうえおか"[n]) for n, y in enumerate(ys)])
    assert len(_paragraphs(pdf)) == 2  # a blank of 1.0 font sizes is over the default 0.9
    (joined,) = _paragraphs(pdf, shiryo.Settings(layout=shiryo.LayoutSettings(paragraph_gap=1.6)))
    assert joined.startswith(LINE + "あ") and joined.endswith(LINE + "か")


def test_short_line_decides_what_stops_short(tmp_path):
    pdf = tmp_path / "short.pdf"
    _page(pdf, [(120, LINE), (133, LINE[:-3]), (146, LINE)])  # the middle line ends 3 characters short
    assert len(_paragraphs(pdf)) == 2
    assert len(_paragraphs(pdf, shiryo.Settings(layout=shiryo.LayoutSettings(short_line=4.0)))) == 1
