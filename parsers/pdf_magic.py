"""What counts as a PDF before any reader touches it: a `%PDF-` header in the first
kilobyte (downloads ask here; parsers/page.py applies the same rule to files it opens and
should ask here too once the file check there settles)."""
from __future__ import annotations

PDF_MAGIC = b"%PDF-"
MAGIC_WINDOW = 1024  # readers accept the header anywhere in the first kilobyte


def looks_like_pdf(head: bytes) -> bool:
    """Do these first bytes start a PDF?"""
    return PDF_MAGIC in head[:MAGIC_WINDOW]
