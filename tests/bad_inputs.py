"""Bad PDFs, made on the fly in a test's tmp_path (never committed): one of each kind a
real collection holds.  `make_bad_inputs(folder)` → {file stem: what the run must report}."""
from __future__ import annotations

import random
from pathlib import Path

import pymupdf

from conftest import FIXTURES

GOOD = FIXTURES / "pdfs" / "whitepaper_two_column.pdf"
PASSWORD = "himitsu"


def text_pdf(pages: int = 10) -> bytes:
    """Plain Base-14 text pages, objects written page by page (so a truncation keeps the first ones)."""
    doc = pymupdf.open()
    for i in range(pages):
        page = doc.new_page()
        for j in range(30):
            page.insert_text((50, 60 + j * 20), f"Page {i + 1} line {j + 1}: revenue 1,234,567 yen in fiscal 2024", fontsize=10)
    return doc.tobytes()


def encrypted_pdf(path: Path) -> None:
    with pymupdf.open(GOOD) as doc:
        doc.save(path, encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw=PASSWORD, owner_pw=PASSWORD + "-owner")


def scanned_pdf(path: Path) -> None:
    """A page rendered to an image and nothing else: what a scanner produces."""
    with pymupdf.open(GOOD) as src:
        pix = src[0].get_pixmap(dpi=60)
    doc = pymupdf.open()
    page = doc.new_page(width=pix.width, height=pix.height)
    page.insert_image(page.rect, pixmap=pix)
    doc.save(path)


UNMAPPED_FONT = "Droid Sans Fallback"  # the name PyMuPDF's built-in "japan" font embeds under


def unmapped_font_pdf(path: Path) -> None:
    """Japanese text in an embedded CID font whose ToUnicode map was removed: MuPDF then
    hands out glyph ids as characters (mojibake).  The font is PyMuPDF's own CJK font (Droid Sans
    Fallback, inside the wheel), embedded: no system font is needed."""
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_font(fontname="ipa", fontbuffer=pymupdf.Font("japan").buffer)
    for j in range(8):
        page.insert_text((60, 80 + j * 24), f"令和{j + 6}年度の一般会計予算は1,234億円です。", fontname="ipa", fontsize=12)
    for xref in range(1, doc.xref_length()):
        if doc.xref_get_key(xref, "ToUnicode")[0] != "null":
            doc.xref_set_key(xref, "ToUnicode", "null")
    doc.save(path)


def pathological_pdf(path: Path, ops: int = 300_000) -> None:
    """One page of text under `ops` separate stroked paths (a plotted point cloud)."""
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 72), "A page with a very large number of drawing operations", fontsize=12)
    drawing = "".join(f"{(i * 7) % 500 + 50} {(i * 13) % 700 + 50} m {(i * 11) % 500 + 50} {(i * 3) % 700 + 50} l S\n" for i in range(ops))
    xref = page.get_contents()[0]
    doc.update_stream(xref, doc.xref_stream(xref) + b"\n" + drawing.encode())
    doc.save(path, deflate=True)


def make_bad_inputs(folder: Path) -> dict[str, str]:
    """Write one PDF of each bad kind into `folder`; returns {stem: error kind expected}."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "empty.pdf").write_bytes(b"")
    (folder / "random_bytes.pdf").write_bytes(random.Random(7).randbytes(20_000))
    (folder / "html_error_page.pdf").write_text(
        "<!DOCTYPE html><html><head><title>404 Not Found</title></head><body><h1>ページが見つかりません</h1></body></html>\n",
        encoding="utf-8",
    )
    data = text_pdf()
    (folder / "truncated.pdf").write_bytes(data[: len(data) // 2])
    encrypted_pdf(folder / "encrypted.pdf")
    scanned_pdf(folder / "scanned.pdf")
    unmapped_font_pdf(folder / "unmapped_font.pdf")
    pathological_pdf(folder / "pathological.pdf")
    return {
        "empty": "not_pdf",
        "random_bytes": "not_pdf",
        "html_error_page": "not_pdf",
        "truncated": "repaired",
        "encrypted": "encrypted",
        "scanned": "no_text_layer",
        "unmapped_font": "unmapped_font",
        "pathological": "too_many_drawings",
    }
