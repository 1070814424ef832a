"""shiryo (資料): Japanese government PDFs to structured JSONL records, with edition diffs.

Library use (see `shiryo/api.py`)::

    import shiryo

    records, errors = shiryo.extract("白書.pdf")
    with shiryo.open("計画.pdf") as doc:
        doc.tables, doc.headings, doc.pages
    shiryo.diff("old.jsonl", "new.jsonl")
    shiryo.Run("out").run("sources.yaml")
    for node in shiryo.outline("白書.pdf"): print("  " * node["depth"] + node["text"])

Names are loaded on first use, so `import shiryo` (and the CLI's start-up) stays light.
"""
from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from shiryo._version import __version__

if TYPE_CHECKING:
    # the names below, for type checkers (`X as X`: re-exported); at run time __getattr__ loads them
    from shiryo.api import Settings as Settings, TableSettings as TableSettings, LayoutSettings as LayoutSettings, Document as Document, Run as Run, RunResult as RunResult, diff as diff, extract as extract, open as open, outline as outline
    from shiryo.parsers.errors import ShiryoError as ShiryoError
    from shiryo.pipeline.extraction import DocumentError as DocumentError
    from shiryo.pipeline.sources import SourceError as SourceError
    from shiryo.pipeline.types import DiffEntry as DiffEntry, DiffOp as DiffOp, ErrorRecord as ErrorRecord, Record as Record, RecordType as RecordType

_EXPORTS = {
    "extract": "shiryo.api", "open": "shiryo.api", "diff": "shiryo.api", "outline": "shiryo.api", "Run": "shiryo.api",
    "RunResult": "shiryo.api", "Document": "shiryo.api", "Settings": "shiryo.api", "TableSettings": "shiryo.api", "LayoutSettings": "shiryo.api",
    "ShiryoError": "shiryo.parsers.errors", "DocumentError": "shiryo.pipeline.extraction",
    "SourceError": "shiryo.pipeline.sources",
    "Record": "shiryo.pipeline.types", "ErrorRecord": "shiryo.pipeline.types", "DiffEntry": "shiryo.pipeline.types",
    "RecordType": "shiryo.pipeline.types", "DiffOp": "shiryo.pipeline.types",
}
__all__ = ["__version__", *_EXPORTS]


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        value = getattr(import_module(_EXPORTS[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'shiryo' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
