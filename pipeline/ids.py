"""Stable record ids.

An id is derived from the document, the record type, the section path and the
record's normalised content (`id_key`: its `norm`) — never from page numbers or positions — so the same
content in the same place of the same document keeps its id across runs,
editions and page shifts.  Identical records in one section are told apart by
their order of appearance (`~2`, `~3`, …).
"""
from __future__ import annotations

import hashlib
import unicodedata

import regex

_SPACE = regex.compile(r"\s+")


def compact_text(text: str) -> str:
    """Text independent of line wrapping and width variants (NFKC, no white space)."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", text or ""))


def content_key(record: dict) -> str:
    """What a record says, independent of line wrapping, width variants and layout."""
    if record["type"] == "table":
        return compact_text("\u241f".join(c.get("text", "") for c in record.get("cells", [])))
    return compact_text(record.get("text", ""))


def id_key(record: dict) -> str:
    """The content an id is derived from: the record's `norm` (a table: its cells' `norm`) without
    white space.  The same normalisation as `norm` on purpose: plain NFKC would merge what the
    normaliser keeps apart (`①592名` → `1592名`), so two different records could share a key."""
    if record["type"] == "table":
        return _SPACE.sub("", "\u241f".join(c.get("norm", "") for c in record.get("cells", [])))
    return _SPACE.sub("", record.get("norm", ""))


def _digest(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]


def assign_ids(records: list[dict], doc_id: str) -> None:
    """Set `id` on every record (in place), in document order."""
    seen: dict[str, int] = {}
    for record in records:
        if record["type"] == "document":
            record["id"] = f"{doc_id}:document"
            continue
        digest = _digest(doc_id, record["type"], "\x1e".join(record.get("section", [])), id_key(record))
        seen[digest] = seen.get(digest, 0) + 1
        suffix = f"~{seen[digest]}" if seen[digest] > 1 else ""
        record["id"] = f"{doc_id}:{record['type']}:{digest}{suffix}"
