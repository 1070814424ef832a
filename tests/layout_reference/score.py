"""Score an extraction against a layout reference (tests/layout_reference/ch*.yaml).

Used by tests/test_layout_reference.py (which asserts) and bench/layout_reference.py
(which prints the figures for every chapter).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import regex
import yaml

HERE = Path(__file__).resolve().parent
BODY_TYPES = ("paragraph", "list_item", "heading", "caption")
_SPACE = regex.compile(r"\s+")
# a page number glued to text: "…の変革 24第３章" (digits between a running head and body text)
GLUED_PAGE_NUMBER = regex.compile(r"変革\s*[0-9]{1,3}|動向\s*[0-9]{1,3}第")


def squeeze(text: str) -> str:
    return _SPACE.sub("", text)


def references() -> list[dict]:
    return [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(HERE.glob("ch*.yaml"))]


@dataclass
class Score:
    pdf: str
    sentences: int = 0
    whole: int = 0
    broken: list[str] = field(default_factory=list)
    ruby_leaks: list[str] = field(default_factory=list)
    running_leaks: list[str] = field(default_factory=list)
    footnotes: int = 0
    footnotes_found: int = 0
    footnotes_missing: list[str] = field(default_factory=list)
    glued_markers: list[str] = field(default_factory=list)

    def line(self) -> str:
        return (
            f"{self.pdf:<44} sentences whole {self.whole:>3}/{self.sentences:<3} "
            f"ruby leaks {len(self.ruby_leaks)}  running-head leaks {len(self.running_leaks)}  "
            f"footnotes {self.footnotes_found}/{self.footnotes}  glued markers {len(self.glued_markers)}"
        )


def score(reference: dict, records: list[dict]) -> Score:
    s = Score(reference["pdf"])
    body = [squeeze(r["text"]) for r in records if r["type"] in BODY_TYPES]
    notes = [squeeze(r["text"]) for r in records if r["type"] == "footnote"]
    running = [squeeze(t) for r in records if r["type"] == "document" for t in r.get("running_text", []) if len(squeeze(t)) >= 10]
    for item in reference.get("sentences", []):
        s.sentences += 1
        want = squeeze(item["text"])
        if any(want in text for text in body):
            s.whole += 1
        else:
            s.broken.append(item["text"])
    for reading in reference.get("ruby", []):
        s.ruby_leaks += [reading for text in body if reading in text]
    # the chapter's own title, its first heading (`第１章 新時代を迎えたＡＩ` on its opening page), is
    # what the running head repeats on the pages after it: that record is the title, not a leak
    # (once: the same text as a record anywhere else is a running head left in the body)
    title = next((i for i, r in enumerate(records) if r["type"] == "heading"), None)
    for i, r in enumerate(records):
        if r["type"] not in BODY_TYPES:
            continue
        text = squeeze(r["text"])
        s.running_leaks += [head for head in running if head in text and not (i == title and text == head)]
        if GLUED_PAGE_NUMBER.search(text):
            s.running_leaks.append(text[:60])
    for note in reference.get("footnotes", []):
        s.footnotes += 1
        if any(squeeze(note) in text for text in notes):
            s.footnotes_found += 1
        else:
            s.footnotes_missing.append(note)
    for glued in reference.get("marker_contexts", []):
        # the words around a marker must read on without it ("ともに、論文数" not "ともに1、論文数")
        if not any(squeeze(glued) in text for text in body):
            s.glued_markers.append(glued)
    return s
