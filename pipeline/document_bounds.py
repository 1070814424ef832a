"""Bounds on one document in the main process (pipeline/extraction.py checks them as pages
arrive and between stages): time, page count, memory growth.  Each limit is an environment
variable; a bad value is a usage error naming it (parsers/env_settings.py)."""
from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

from shiryo.parsers.env_settings import env_number

DOC_TIMEOUT_ENV = "SHIRYO_DOC_TIMEOUT"  # seconds per document, all stages
MAX_PAGES_ENV = "SHIRYO_MAX_PAGES"
DOC_MEMORY_ENV = "SHIRYO_DOC_MEMORY_MB"  # growth of this process while one document is read


@dataclass(frozen=True)
class DocumentLimits:
    seconds: float
    max_pages: int
    memory_mb: float


def document_limits() -> DocumentLimits:
    """The bounds on one document in this (the main) process, from the environment: a
    4,000-page dense PDF must fail as `too_large` or `timeout`, not hold the run for minutes
    and a gigabyte.  Defaults leave room for the largest real books (612 pages)."""
    return DocumentLimits(
        seconds=env_number(DOC_TIMEOUT_ENV, 1800.0),
        max_pages=int(env_number(MAX_PAGES_ENV, 3000, "a number of pages")),
        memory_mb=env_number(DOC_MEMORY_ENV, 3072, "a number of MB"),
    )


def _resident_mb() -> float | None:
    """This process's resident memory now (Linux; None elsewhere)."""
    try:
        with open("/proc/self/statm", "rb") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / (1 << 20)
    except (OSError, ValueError, IndexError):
        return None


class DocumentBounds:
    """Checked as each page arrives and between the stages of one document: raises
    `error(doc_id, kind, message)` (kind `too_large` or `timeout`; the caller's DocumentError)
    naming the limit and the variable that raises it."""

    def __init__(self, doc_id: str, path: Path, error, limits: DocumentLimits | None = None):
        self.doc_id, self.path, self.error = doc_id, path, error
        self.limits = limits or document_limits()
        self.deadline = time.monotonic() + self.limits.seconds
        self.memory_at_start = _resident_mb()

    def check(self, pages_done: int = 0, n_pages: int = 0) -> None:
        if n_pages > self.limits.max_pages:
            raise self.error(self.doc_id, "too_large", f"{self.path}: {n_pages} pages, more than {self.limits.max_pages} ({MAX_PAGES_ENV}); document skipped")
        if time.monotonic() > self.deadline:
            where = f" ({pages_done} of {n_pages} pages read)" if n_pages else ""
            raise self.error(self.doc_id, "timeout", f"{self.path}: not done within {self.limits.seconds:.0f} s ({DOC_TIMEOUT_ENV}){where}; document skipped")
        now = _resident_mb()
        if now is not None and self.memory_at_start is not None and now - self.memory_at_start > self.limits.memory_mb:
            raise self.error(
                self.doc_id,
                "too_large",
                f"{self.path}: reading it took more than {self.limits.memory_mb:.0f} MB ({DOC_MEMORY_ENV}) after {pages_done} of {n_pages} pages; document skipped",
            )
