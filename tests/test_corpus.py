"""Every real PDF of ../shared/corpus/ja extracts (or reports per-page errors) — including the
three whose pages make PyMuPDF's find_tables segfault.  Skipped when the corpus is absent."""
import json
import subprocess
import sys
import unicodedata

import pytest
import regex

from conftest import CORPUS_JA, corpus_pdf, extracted
from shiryo.pipeline.contract import problems

NAMES = sorted(p.name for p in CORPUS_JA.glob("*.pdf")) if CORPUS_JA.is_dir() else ["(corpus absent)"]
FIND_TABLES_SEGFAULTS = {
    "mext_st_innovation_whitepaper_r6_ch2.pdf",
    "mext_st_innovation_whitepaper_r6_ch3.pdf",
    "monodukuri_hojokin_koubo_youryou_23.pdf",
}


@pytest.mark.parametrize("name", NAMES)
def test_extract_every_corpus_pdf(name, tmp_path):
    pdf = corpus_pdf(name)
    out, errors = tmp_path / "out.jsonl", tmp_path / "errors.jsonl"
    done = subprocess.run(
        [sys.executable, "-m", "shiryo", "extract", str(pdf), "-o", str(out), "--errors", str(errors)],
        capture_output=True, text=True, timeout=600,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert records[0]["type"] == "document"
    assert all(not problems(r) for r in records)
    ids = [r["id"] for r in records]
    assert len(ids) == len(set(ids))
    page_errors = [json.loads(line) for line in errors.read_text(encoding="utf-8").splitlines()]
    for e in page_errors:
        assert e["doc"] == pdf.stem and e["page"] >= 1 and e["kind"] and e["message"]
    assert not fused_numbers(pdf, records)
    if name.startswith("scanned_"):
        assert {e["kind"] for e in page_errors} == {"no_text_layer"}
    else:
        assert len(records) > 1
        assert not any("\ue000" <= ch <= "\uf8ff" for r in records for ch in r["text"])  # no raw private-use glyphs


_CELL_NUMBER = regex.compile(r"[△▲-]?\d+(?:,\d{3})*(?:\.\d+)?[%％]?")
_PAGE_NUMBER = regex.compile(r"\d+(?:,\d+)*(?:\.\d+)?")


def fused_numbers(pdf, records) -> list[str]:
    """Table cells whose number is not printed in the page's own characters for that cell
    (`1,2345,678`: two amounts run together).  A number wrapped inside a narrow cell
    (`２，１０` over `４`) is printed too: the cell's lines are also read joined."""
    import pymupdf

    from bench.table_truth import cell_text, page_chars

    bad, chars = [], {}
    with pymupdf.open(pdf) as doc:
        for r in records:
            if r["type"] != "table":
                continue
            for c in r["cells"]:
                text = "".join(unicodedata.normalize("NFKC", c["text"]).split())
                if not _CELL_NUMBER.fullmatch(text):
                    continue
                page = c.get("page") or r["page"]
                if page not in chars:
                    chars[page] = page_chars(doc[page - 1])
                x0, y0, x1, y1 = c["bbox"]
                printed = unicodedata.normalize("NFKC", cell_text(chars[page], (x0 - 1, y0 - 1, x1 + 1, y1 + 1)))
                numbers = {n.replace(",", "") for t in (printed, printed.replace("\n", "")) for n in _PAGE_NUMBER.findall(t)}
                if _PAGE_NUMBER.search(text).group().replace(",", "") not in numbers:
                    bad.append(f"p{page} r{c['row']}c{c['col']}: {c['text']!r} not in {printed!r}")
    return bad


def test_segfault_documents_are_in_the_corpus_run():
    if not CORPUS_JA.is_dir():
        pytest.skip("shared corpus not present")
    assert FIND_TABLES_SEGFAULTS <= set(NAMES)


def test_ruled_tables_found_in_real_documents():
    from conftest import extracted

    records = extracted(corpus_pdf("mhlw_covid_pref_positive_table_20210201.pdf")).records
    tables = [r for r in records if r["type"] == "table"]
    # two side-by-side prefecture blocks of the Excel sheet
    assert len(tables) >= 2 and all(t["n_cols"] == 4 and t["n_rows"] >= 20 for t in tables[:2])
    first = tables[0]
    assert [c["text"] for c in first["cells"] if c["row"] == 0][:2] == ["都道府県名", "陽性者数"]
    assert first["header_rows"] >= 1
    hokkaido = [c["text"] for c in first["cells"] if c["row"] == 1]
    assert hokkaido[0] == "北海道" and hokkaido[1].replace(",", "").isdigit()

    comparison = extracted(corpus_pdf("moj_mletr_comparison_table.pdf")).records
    english = [c["text"] for t in comparison if t["type"] == "table" for c in t["cells"] if c["text"].startswith("1. This Law")]
    assert english, "Latin words inside cells keep their spaces"


def test_fused_numbers_catches_two_amounts_run_together():
    pdf = corpus_pdf("fuji_city_budget_r8_salary_annex_gs.pdf")
    records = [r for r in extracted(pdf).records if r["type"] == "table" and r["page"] == 2]
    assert records and not fused_numbers(pdf, records)
    table = json.loads(json.dumps(records[0]))
    cells = [c for c in table["cells"] if _CELL_NUMBER.fullmatch(c["text"].strip())]
    a, b = cells[0], cells[1]
    a["text"] = a["text"] + b["text"]  # what a stitching bug would print: an amount printed nowhere
    assert len(fused_numbers(pdf, [table])) == 1


def test_footnote_marks_link_to_the_notes_of_the_page_they_stand_on():
    """白書 ch4: a paragraph runs from p3 onto p4, where its marks 1 and 2 cite CASP and AlphaFold,
    p4's own notes 1 and 2 (p3 has notes 1 and 2 too, for other text): each mark links to the
    notes of the page it stands on, not of the page the paragraph starts on."""
    from conftest import extracted

    records = extracted(corpus_pdf("mext_st_innovation_whitepaper_r6_ch4.pdf")).records
    by_id = {r["id"]: r for r in records}
    (paragraph,) = [r for r in records if r["type"] == "paragraph" and r.get("pages") == [3, 4] and "タンパク質" in r["text"]]
    cited = [by_id[i] for i in paragraph["footnotes"]]
    assert [(n["page"], n["marker"]) for n in cited] == [(4, "1"), (4, "2")]
    assert cited[0]["text"].startswith("Critical Assessment of Protein") and "AlphaFold" in cited[1]["text"]
    assert all(paragraph["id"] in n["cited_by"] for n in cited)


def test_full_size_raised_marks_are_split_and_linked():
    """白書 ch1 p7 prints `としています2、3。` and `としています4。` with body-size digits raised 4 pt:
    the marks leave the text and cite p7's notes 2, 3 and 4 (read off the rendered page).  The table's
    source note `資料：公表資料1を基に文部科学省作成` cites note 1 (a record of its own since p6's source
    note no longer swallows it: two `資料：` lines are two entries)."""
    from conftest import extracted

    records = extracted(corpus_pdf("mext_st_innovation_whitepaper_r6_ch1.pdf")).records
    by_id = {r["id"]: r for r in records}
    cited = [(r["text"], r["footnote_marks"], [by_id[i]["text"][:12] for i in r["footnotes"]])
             for r in records if r["type"] == "paragraph" and r["page"] == 7 and r.get("footnote_marks")]
    assert [marks for _, marks, _ in cited] == [["1"], ["2", "3"], ["4"]]
    assert cited[0][0] == "資料：公表資料を基に文部科学省作成" and cited[0][2] == ["内閣府「ＡＩ戦略会議」総"]
    assert all("としています。" in text for text, _, _ in cited[1:])
    assert cited[1][2] == ["The White Ho", "European Par"] and cited[2][2] == ["ＯＥＣＤ (2024),"]


def test_marks_beside_a_drawn_column_title_belong_to_the_title():
    """白書 ch4 p3 and ch5 p5: the コラム titles are drawn, their marks `1、2` are text of their own,
    raised at the right end of the title bar; they cite the page's notes 1 and 2 (rendered pages)."""
    from conftest import extracted

    for name, page in (("mext_st_innovation_whitepaper_r6_ch4.pdf", 3), ("mext_st_innovation_whitepaper_r6_ch5.pdf", 5)):
        records = extracted(corpus_pdf(name)).records
        by_id = {r["id"]: r for r in records}
        assert not [r for r in records if r["page"] == page and r["type"] == "paragraph" and r["text"].strip() == "1、2"]
        (title,) = [r for r in records if r["page"] == page and r["type"] == "heading" and r["text"].startswith("コラム")]
        assert title["footnote_marks"] == ["1", "2"]
        assert [(by_id[i]["page"], by_id[i]["marker"]) for i in title["footnotes"]] == [(page, "1"), (page, "2")]


@pytest.mark.parametrize("chapter", [1, 2, 3, 4, 5])
def test_white_paper_chapter_title_is_number_and_title_once(chapter):
    """Each chapter prints `第N章` large over its title in smaller type; the document title is both,
    once (the chapter number was once joined into the title line in place, so a title read after
    the blocks came out `…切り拓く第４章新たな科学`).  Truth: the PDF's own metadata title, which
    names the chapter in full, without its ruby `(ひら)`."""
    import unicodedata

    import pymupdf
    from conftest import extracted

    pdf = corpus_pdf(f"mext_st_innovation_whitepaper_r6_ch{chapter}.pdf")
    with pymupdf.open(pdf) as doc:
        want = doc.metadata["title"].replace("(ひら)", "")
    title = extracted(pdf).records[0]["title"]

    def squeeze(text: str) -> str:
        return "".join(unicodedata.normalize("NFKC", text).split())

    assert squeeze(title) == squeeze(want) and title.count("章") == 1
