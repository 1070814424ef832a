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
