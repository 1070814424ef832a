"""SudachiPy, loaded lazily once per process, used to read kanji numerals in context.

Why Sudachi at all: a kanji numeral is easy to read but hard to *recognise*.
`一部`, `統一`, `万全`, `千葉`, `十分`, `一本化` and `一人一人` are words, not
numbers; Sudachi's dictionary knows that, a regex does not. In SplitMode.C
Sudachi also joins a whole numeral into one token whose `normalized_form()` is
its value (`三千五百` -> `3500`, `１，２３４億` -> `123400000000`).

Sudachi is only asked about short windows around candidate numerals found by a
regex (see quantities.py); it never sees the whole text. Its default input
normalisation treats `〜` as a prolonged sound mark, one more reason to keep
range marks out of the windows we pass it.
"""

from __future__ import annotations

import threading
from decimal import Decimal, InvalidOperation
from typing import Any

_tokenizer: Any = None
_split_mode: Any = None
# A Sudachi tokenizer is not safe to share between threads; the pipeline may run
# blocks in a thread pool, so calls are serialised (they are short).
_lock = threading.Lock()


def _get_tokenizer() -> tuple[Any, Any]:
    global _tokenizer, _split_mode
    if _tokenizer is None:
        from sudachipy import dictionary, tokenizer

        _split_mode = tokenizer.Tokenizer.SplitMode.C
        _tokenizer = dictionary.Dictionary(dict="core").tokenizer(mode=_split_mode)
    return _tokenizer, _split_mode


def read_numeral(window: str, begin: int, end: int) -> Decimal | None:
    """Sudachi's value for window[begin:end] if, in this window, it is one numeral.

    None when the span is (part of) an ordinary word, is not split exactly at
    `begin`/`end`, or has no definite value (`数百`).
    """
    tok, mode = _get_tokenizer()
    with _lock:
        morphemes = [(m.begin(), m.end(), m.part_of_speech()[1], m.normalized_form()) for m in tok.tokenize(window, mode)]
    inside = [m for m in morphemes if m[0] < end and m[1] > begin]
    if not inside or inside[0][0] != begin or inside[-1][1] != end:
        return None
    if len(inside) != 1 or inside[0][2] != "数詞":
        return None
    try:
        return Decimal(inside[0][3])
    except InvalidOperation:
        return None
