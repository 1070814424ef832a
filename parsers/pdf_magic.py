"""What counts as a PDF before any reader touches it: the one home of this rule (the page
reader, downloads and the store all ask here)."""
from __future__ import annotations

PDF_MAGIC = b"%PDF-"
MAGIC_WINDOW = 1024  # readers accept the header anywhere in the first kilobyte


def looks_like_pdf(head: bytes) -> bool:
    """Do these first bytes start a PDF?"""
    return PDF_MAGIC in head[:MAGIC_WINDOW]
