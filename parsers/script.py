"""Which script a character is in, and the spaced-out setting: one home for the character
classes the parser (line joining, cell text) and the normaliser (`pipeline/normalize`) share."""
from __future__ import annotations

from functools import cache

import regex

# Japanese letters: ideographs, kana, the prolonged sound mark and the iteration marks.
CJK_LETTERS = r"\p{Han}\p{Hiragana}\p{Katakana}ー々〆〇ヶ"
# CJK punctuation (。、「」, the ideographic space) and the full-width forms (（）０-９Ａ-Ｚ).
CJK_MARKS = r"\u3000-\u303F\uFF00-\uFFEF"

CJK_LETTER = regex.compile(rf"[{CJK_LETTERS}]")
CJK_CHARACTER = regex.compile(rf"[{CJK_LETTERS}{CJK_MARKS}]")


def is_cjk(ch: str) -> bool:
    """A Japanese letter, CJK punctuation or a full-width form: no space is set next to it
    when lines are joined."""
    return bool(CJK_CHARACTER.match(ch))


@cache
def spaced_out_run(min_chars: int, separators: str) -> regex.Pattern:
    """Justified or spaced-out setting, `令 和 ６ 年`: at least `min_chars` single characters, each
    set apart from the next by exactly one of `separators`, the run standing alone."""
    sep = regex.escape(separators)
    return regex.compile(rf"(?<!\S)\S(?:[{sep}]\S(?!\S)){{{min_chars - 1},}}")
