"""Bad input and misbehaving pages: every failure is named (document, page, kind), the
rest of the document is kept, and nothing hangs past its time limit."""
import json
import subprocess
import sys

import pytest

from bad_inputs import PASSWORD, UNMAPPED_FONT, make_bad_inputs, unmapped_font_pdf
from conftest import FIXTURE_PDFS, FIXTURES, extracted
from shiryo.parsers.isolation import isolated_pages
from shiryo.parsers.model import PageError, PageModel
from shiryo.pipeline.extraction import DocumentError, extract_document

PDF = str(FIXTURES / "pdfs" / "whitepaper_two_column.pdf")
DOCUMENT_LEVEL = {"not_pdf", "encrypted"}


@pytest.fixture(scope="module")
def bad_folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bad")
    return folder, make_bad_inputs(folder)


def test_each_bad_input_is_named_with_document_and_page(bad_folder):
    folder, expected = bad_folder
    for stem, kind in expected.items():
        path = folder / f"{stem}.pdf"
        if kind in DOCUMENT_LEVEL:
            with pytest.raises(DocumentError) as info:
                extract_document(path)
            assert info.value.kind == kind and info.value.doc == stem, (stem, info.value)
            assert stem in str(info.value)
            continue
        result = extract_document(path)
        kinds = {e["kind"] for e in result.errors}
        assert kind in kinds, (stem, result.errors)
        assert all(e["doc"] == stem and isinstance(e["page"], int) for e in result.errors)


def test_truncated_pdf_keeps_the_pages_it_can_and_reports_the_rest(bad_folder):
    folder, _ = bad_folder
    result = extract_document(folder / "truncated.pdf")
    text = "\n".join(r.get("text") or "" for r in result.records)
    assert "Page 1 line 2:" in text and "Page 5 line 30:" in text
    assert "Page 9 line" not in text
    damaged = sorted(e["page"] for e in result.errors if e["kind"] == "damaged")
    assert damaged == [7, 8, 9, 10]
    (summary,) = [e for e in result.errors if e["kind"] == "repaired"]
    assert summary["page"] == 0 and "6 of 10 pages kept" in summary["message"]


def test_scanned_page_is_a_warning_not_a_failure(bad_folder):
    folder, _ = bad_folder
    result = extract_document(folder / "scanned.pdf")
    assert [(e["page"], e["kind"]) for e in result.errors] == [(1, "no_text_layer")]
    assert result.records and result.records[0]["type"] == "document"


def test_pathological_page_is_bounded_and_keeps_its_text(bad_folder):
    folder, _ = bad_folder
    # a per-page limit of 30 s: the page must come back as a page, not as a timeout
    (page,) = isolated_pages(str(folder / "pathological.pdf"), 1, timeout=30)
    assert isinstance(page, PageModel), page
    assert [w.kind for w in page.warnings] == ["too_many_drawings"]
    assert "very large number of drawing operations" in " ".join(l.text for l in page.lines)


def test_unmapped_font_is_flagged_and_real_pages_are_not(tmp_path):
    unmapped_font_pdf(tmp_path / "nomap.pdf")
    (page,) = isolated_pages(str(tmp_path / "nomap.pdf"), 1)
    assert [w.kind for w in page.warnings] == ["unmapped_font"] and UNMAPPED_FONT in page.warnings[0].message, page.warnings
    for pdf in FIXTURE_PDFS:  # Japanese text with proper mappings: no false alarm
        assert not [e for e in extracted(pdf).errors if e["kind"] == "unmapped_font"], pdf.name


def test_encrypted_pdf_needs_the_password(bad_folder, tmp_path):
    folder, _ = bad_folder
    pdf = folder / "encrypted.pdf"
    cli = [sys.executable, "-m", "shiryo", "extract", str(pdf), "-o", str(tmp_path / "out.jsonl")]
    refused = subprocess.run(cli, capture_output=True, text=True, timeout=120)
    assert refused.returncode == 1 and "encrypted" in refused.stderr and "password" in refused.stderr
    opened = subprocess.run(cli + ["--password", PASSWORD], capture_output=True, text=True, timeout=120)
    assert opened.returncode == 0, opened.stderr
    records = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    expected = extracted(FIXTURES / "pdfs" / "whitepaper_two_column.pdf", "encrypted").records
    assert [(r["type"], r.get("text")) for r in records] == [(r["type"], r.get("text")) for r in expected]
    wrong = subprocess.run(cli + ["--password", "nope"], capture_output=True, text=True, timeout=120)
    assert wrong.returncode == 1 and "encrypted" in wrong.stderr


def test_page_over_the_memory_cap_becomes_a_memory_error():
    pages = isolated_pages(PDF, 3, reader="crashers:blow_memory_on_page_2")
    assert isinstance(pages[1], PageError) and pages[1].kind == "memory" and pages[1].page == 2
    assert "page 2" in pages[1].message
    assert isinstance(pages[0], PageModel) and isinstance(pages[2], PageModel)


def test_a_page_that_crashes_once_is_retried_alone_and_kept():
    pages = isolated_pages(PDF, 3, reader="crashers:crash_once_on_page_2")
    assert all(isinstance(p, PageModel) for p in pages)
    assert [p.number for p in pages] == [1, 2, 3] and pages[1].lines


def test_debug_view_opens_an_encrypted_pdf_with_the_password(bad_folder, tmp_path):
    folder, _ = bad_folder
    pngs = tmp_path / "pngs"
    cli = [sys.executable, "-m", "shiryo", "extract", str(folder / "encrypted.pdf"), "-o", str(tmp_path / "out.jsonl"),
           "--password", PASSWORD, "--debug-png", str(pngs)]
    done = subprocess.run(cli, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    pages = json.loads((tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()[0])["n_pages"]
    assert sorted(p.name for p in pngs.glob("*.png")) == sorted(f"encrypted-p{n}.png" for n in range(1, pages + 1))
