"""What counts as a PDF before any reader touches it: a `%PDF-` header in the first kilobyte.
One rule for downloads as they arrive (pipeline/sources.fetch), local files before they are
copied into the store (pipeline/batch.py) and files the page workers open (parsers/page.py).
MuPDF "repairs" almost anything into a PDF (an HTML error page becomes a page of text), so the
check comes first.  Free of PyMuPDF: the CLI process uses it too."""
from __future__ import annotations

from shiryo.parsers.errors import NotAPdfError

PDF_MAGIC = b"%PDF-"
MAGIC_WINDOW = 1024  # readers accept the header anywhere in the first kilobyte


def looks_like_pdf(head: bytes) -> bool:
    """Do these first bytes start a PDF?"""
    return PDF_MAGIC in head[:MAGIC_WINDOW]


def check_pdf_header(path) -> None:
    """Raise NotAPdfError (naming `path`) unless the file carries a PDF header."""
    try:
        with open(path, "rb") as f:
            head = f.read(MAGIC_WINDOW)
    except OSError as exc:
        raise NotAPdfError(f"{path}: cannot read ({exc})") from exc
    if not looks_like_pdf(head):
        kind = "empty file" if not head else "no %PDF- header"
        raise NotAPdfError(f"{path}: not a PDF ({kind})")
