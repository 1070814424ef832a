"""Why a whole document could not be read; `kind` is the `errors.jsonl` kind.

Its own module, free of PyMuPDF: the CLI and flow process catches these without
importing the PDF library, which only the page workers need."""
from __future__ import annotations


class NotAPdfError(ValueError):
    kind = "not_pdf"


class EncryptedPdfError(PermissionError):
    kind = "encrypted"


class DamagedPdfError(ValueError):
    kind = "damaged"
