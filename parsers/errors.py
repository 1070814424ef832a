"""Why a whole document could not be read; `kind` is the `errors.jsonl` kind.

Its own module, free of PyMuPDF: the CLI and flow process catches these without
importing the PDF library, which only the page workers need."""
from __future__ import annotations


class ShiryoError(Exception):
    """The root of every error shiryo raises on purpose: `except shiryo.ShiryoError` catches a bad
    document, a bad sources file or an unreachable Prefect server, and nothing else."""


class NotAPdfError(ShiryoError, ValueError):
    kind = "not_pdf"


class EncryptedPdfError(ShiryoError, PermissionError):
    kind = "encrypted"


class DamagedPdfError(ShiryoError, ValueError):
    kind = "damaged"


class ReaderCrashedError(ShiryoError):
    """The PDF reader's worker process died while opening the file (its pages are read the same
    way, but a page that crashes costs only that page: see isolation.py)."""

    kind = "crash"


class ReaderTimeoutError(ShiryoError):
    """Opening the file took longer than the page time limit."""

    kind = "timeout"


def check_pdf_header(path) -> None:
    """Raise NotAPdfError (naming `path`) unless the file carries a PDF header.  MuPDF "repairs"
    almost anything into a PDF (an HTML error page becomes a page of text); a real PDF carries
    its %PDF- header within the first kilobyte."""
    try:
        with open(path, "rb") as f:
            head = f.read(1024)
    except OSError as exc:
        raise NotAPdfError(f"{path}: cannot read ({exc})") from exc
    if b"%PDF-" not in head:
        kind = "empty file" if not head else "no %PDF- header"
        raise NotAPdfError(f"{path}: not a PDF ({kind})")
