"""Indicator text: ①②③ markers, bracket-aware splitting, the target parenthesis."""
from __future__ import annotations


from shiryo.pipeline.kpi.patterns import CLOSE, MARKERS, OPEN, DIGITS, MARKER, TARGET_LABEL, TARGET_OPEN


def split_markers(text: str, repeats: bool = False) -> list[tuple[str | None, str]]:
    """`①A②B` → [("①", "A"), ("②", "B")]; text before the first marker keeps marker None.

    Markers must rise (① then ② …); a marker out of sequence is text (`（②を除く）`).
    With `repeats`, a marker may also repeat (`②創業数（目標値：…） ②368件…`)."""
    out: list[tuple[str | None, str]] = []
    last = -1
    start, marker = 0, None
    for m in MARKER.finditer(text):
        index = MARKERS.index(m.group())
        if index < last or (index == last and not repeats):
            continue
        piece = text[start : m.start()].strip()
        if piece or marker is not None:
            out.append((marker, piece))
        marker, start, last = m.group(), m.end(), index
    piece = text[start:].strip()
    if piece or marker is not None:
        out.append((marker, piece))
    return out


def _closing(text: str, open_at: int) -> int:
    """Index of the parenthesis closing the one at open_at (len(text) if unclosed)."""
    depth = 0
    for i in range(open_at, len(text)):
        if text[i] in OPEN:
            depth += 1
        elif text[i] in CLOSE:
            depth -= 1
            if depth == 0:
                return i
    return len(text)


def _between_digits(text: str, i: int) -> bool:
    return 0 < i < len(text) - 1 and text[i - 1] in DIGITS and text[i + 1] in DIGITS


def split_top_level(text: str, separators: str) -> list[str]:
    """Split at separators that are not inside parentheses."""
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch in OPEN:
            depth += 1
        elif ch in CLOSE:
            depth = max(0, depth - 1)
        elif ch in separators and depth == 0 and not (ch in ",，" and _between_digits(text, i)):
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return [p.strip() for p in parts if p.strip()]


def parse_indicator(text: str) -> tuple[str, str | None, str]:
    """`受講者数（目標値：1,200（2025年度））※注 ②…` → (indicator, target body, rest after the target)."""
    m = TARGET_OPEN.search(text)
    if not m:
        return text.strip(), None, ""
    close = _closing(text, m.start())
    body = TARGET_LABEL.sub("", text[m.start() + 1 : close].strip())
    return text[: m.start()].strip(), body.strip(), text[close + 1 :].strip()


def split_markers_repeating(text: str) -> list[tuple[str | None, dict]]:
    """Indicator text with markers, where an indicator's actuals may follow on the same line
    behind a repeat of its marker (`②創業数（目標値：…） ②368件（2020年度）…`)."""
    out: list[tuple[str | None, dict]] = []
    for marker, piece in split_markers(text, repeats=True):
        if out and marker is not None and marker == out[-1][0]:
            out[-1][1]["actuals"] = piece
        else:
            out.append((marker, {"indicator": piece, "actuals": ""}))
    return out
