"""Text normalisation for matching: the `norm` field, with a map back to the input.

What `norm` is (and why):

* NFKC, applied character by character, so full-width digits, letters and
  symbols become half-width (`２０２５` -> `2025`, `％` -> `%`, `（` -> `(`,
  `㍻` -> `平成`, `㎞` -> `km`).
* Exceptions to NFKC, because NFKC destroys information we need:
  - circled numbers and other circled characters (`①`, `㉑`, `❶`) stay as they
    are: they are list markers, and NFKC would turn `①592名` into `1592名`;
  - Roman numerals (`Ⅰ`, `ⅱ`) stay: they are section markers, NFKC would make
    them Latin letters;
  - range marks: the wave dash `〜` (U+301C) and the full-width tilde `～`
    (U+FF5E) both become `～` (U+FF5E). NFKC would turn U+FF5E into ASCII `~`
    and leave U+301C alone, so one range would be spelt two ways. An ASCII `~`
    in the input stays `~`; the extractors accept all three.
  - the minus sign and the hyphen-like dashes U+2010..U+2013 become ASCII `-`,
    so `2021–2024年度` reads like `2021-2024年度`.
* Whitespace that a PDF extractor put inside an expression is removed:
  - a whitespace run (spaces, full-width spaces, newlines) between two CJK
    characters (kanji, kana, `ー`, `々`), or between a CJK character and an
    ASCII digit (`2025 年度`, `令\\n和6年度`, `第 2 回`);
  - the spaces of a spaced-out run of single characters containing a CJK
    character (`令 和 ４ 年 ６ 月 ３ 日` -> `令和4年6月3日`).
  Whitespace between two digits is kept (`1 2` must not become `12`), and so
  is whitespace next to punctuation (a newline after `。` stays). A paragraph
  break between two kanji is removed too: in these PDFs that is usually a
  page break inside a word (`令\\n\\n和６年度`).

Numbers and era dates are otherwise kept as written (`令和` is not converted).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Sequence

import regex

from shiryo.parsers.script import CJK_LETTER, CJK_LETTERS, spaced_out_run

# Characters whose NFKC form we refuse, or that we map differently from NFKC.
_RANGE_MARK = "\uff5e"  # ～
_OVERRIDES = {
    "\u301c": _RANGE_MARK,  # 〜 WAVE DASH
    "\uff5e": _RANGE_MARK,  # ～ FULLWIDTH TILDE (NFKC would give ASCII ~)
    "\u2212": "-",  # − MINUS SIGN
    "\u2010": "-",  # ‐ HYPHEN
    "\u2011": "-",  # ‑ NON-BREAKING HYPHEN
    "\u2012": "-",  # ‒ FIGURE DASH
    "\u2013": "-",  # – EN DASH
}


def _normalize_char(ch: str) -> str:
    override = _OVERRIDES.get(ch)
    if override is not None:
        return override
    name = unicodedata.name(ch, "")
    if "CIRCLED" in name or "ROMAN NUMERAL" in name:
        return ch
    return unicodedata.normalize("NFKC", ch)


class _CharMap(dict):
    """char -> normalised string, filled on first sight (a document has few distinct chars).

    `irregular` collects the characters whose normalised form is not exactly one
    ordinary character (`㍻` -> `平成`, half-width `ﾞ` -> a combining mark): only
    those need the slow path that keeps the offset map right.
    """

    def __init__(self) -> None:
        super().__init__()
        self.irregular: set[str] = set()

    def __missing__(self, ch: str) -> str:
        value = _normalize_char(ch)
        self[ch] = value
        if len(value) != 1 or unicodedata.combining(value):
            self.irregular.add(ch)
        return value


_CHAR_MAP = _CharMap()

# CJK for the whitespace rules: ideographs, kana, the prolonged sound mark and
# iteration marks. Punctuation (。、「) is deliberately not CJK here.
_CJK_CLASS = CJK_LETTERS
_CJK = CJK_LETTER
# A whole whitespace run between CJK and CJK, CJK and a digit, or a digit and CJK.
_JOINABLE_WHITESPACE = regex.compile(rf"(?<=[{_CJK_CLASS}])\s+(?=[{_CJK_CLASS}0-9])|(?<=[0-9])\s+(?=[{_CJK_CLASS}])")
# ≥3 single characters separated by single horizontal spaces, e.g. `令 和 4 年`.
_SPACED_OUT_RUN = spaced_out_run(3, " \t")
_ANY_WHITESPACE = regex.compile(r"\s")


@dataclass(frozen=True)
class NormalizedText:
    """`norm` plus, for each of its characters, the input span it came from."""

    source: str
    norm: str
    starts: Sequence[int]  # starts[i]: input index where norm[i] came from
    ends: Sequence[int]  # ends[i]: input index just after it

    def source_span(self, begin: int, end: int) -> tuple[int, int]:
        """Input offsets of the norm slice [begin, end) (end > begin)."""
        return self.starts[begin], self.ends[end - 1]

    def source_text(self, begin: int, end: int) -> str:
        a, b = self.source_span(begin, end)
        return self.source[a:b]


def _apply_char_map(source: str) -> tuple[str, Sequence[int], Sequence[int]]:
    if source.isascii():
        # ASCII is its own NFKC form and no override touches it (most table cells are ASCII numbers).
        return source, range(len(source)), range(1, len(source) + 1)
    mapped = [_CHAR_MAP[c] for c in source]
    text = "".join(mapped)
    present = _CHAR_MAP.irregular.intersection(source) if _CHAR_MAP.irregular else set()
    if not present:
        # Fast path, by far the usual one: every character maps to one character.
        return text, range(len(source)), range(1, len(source) + 1)
    irregular_char = regex.compile("[" + "".join(regex.escape(c) for c in present) + "]")
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    cursor = 0  # source[cursor:i] maps one to one and is copied in bulk
    for found in irregular_char.finditer(source):
        i = found.start()
        chars.extend(mapped[cursor:i])
        starts.extend(range(cursor, i))
        ends.extend(range(cursor + 1, i + 1))
        cursor = i + 1
        for out in mapped[i]:
            if chars and unicodedata.combining(out):
                # Half-width ﾞ/ﾟ or a decomposed voicing mark: compose with the
                # previous character when Unicode has a precomposed form.
                composed = unicodedata.normalize("NFC", chars[-1] + out)
                if len(composed) == 1:
                    chars[-1] = composed
                    ends[-1] = i + 1
                    continue
            chars.append(out)
            starts.append(i)
            ends.append(i + 1)
    chars.extend(mapped[cursor:])
    starts.extend(range(cursor, len(source)))
    ends.extend(range(cursor + 1, len(source) + 1))
    return "".join(chars), starts, ends


def _removable_whitespace(text: str) -> list[tuple[int, int]]:
    """Spans of `text` to delete, sorted (they may overlap)."""
    spans: list[tuple[int, int]] = []
    if not _ANY_WHITESPACE.search(text):
        return spans  # both rules delete whitespace (most table cells have none)
    for m in _SPACED_OUT_RUN.finditer(text):
        run = m.group()
        # Look one character past the run too, so `2 0 2 5 年度` counts as CJK.
        following = text[m.end() + 1 : m.end() + 2] if text[m.end() : m.end() + 1] in (" ", "\t") else ""
        if _CJK.search(run) or (following and _CJK.match(following)):
            spans.extend((i, i + 1) for i in range(m.start() + 1, m.end(), 2))
    spans.extend(m.span() for m in _JOINABLE_WHITESPACE.finditer(text))
    spans.sort()
    return spans


def normalize_with_offsets(source: str) -> NormalizedText:
    mapped, starts, ends = _apply_char_map(source)
    deletions = _removable_whitespace(mapped)
    if not deletions:
        return NormalizedText(source, mapped, starts, ends)
    pieces: list[str] = []
    new_starts: list[int] = []
    new_ends: list[int] = []
    cursor = 0
    for a, b in deletions:
        a = max(a, cursor)  # spans may overlap (a spaced-out space is also a joinable run)
        pieces.append(mapped[cursor:a])
        new_starts.extend(starts[cursor:a])
        new_ends.extend(ends[cursor:a])
        cursor = max(cursor, b)
    pieces.append(mapped[cursor:])
    new_starts.extend(starts[cursor:])
    new_ends.extend(ends[cursor:])
    return NormalizedText(source, "".join(pieces), new_starts, new_ends)


def normalize_text(text: str) -> str:
    """The `norm` field: see the module docstring for what changes and why."""
    return normalize_with_offsets(text).norm
