"""SudachiPy, loaded lazily once per process: is this kanji numeral a number here?

Why Sudachi at all: a kanji numeral is easy to read (numerals.py does that)
but hard to *recognise*. `統一`, `一本化`, `一人一人`, `百人一首`, `万全`,
`千葉` contain numeral characters and are words, not numbers; Sudachi's
dictionary knows that, a regex does not. So Sudachi acts as a veto: a candidate
`numeral + unit` is rejected when Sudachi puts part of it into a word that
reaches outside it (`一本化` = 一本 + 化 -> no; `統一` -> no).

Sudachi is NOT trusted for the value: its dictionary has entries such as
`千三` (普通名詞) or `十人` (固有名詞) that split or swallow a plain numeral, so
tokens that stay inside the candidate are ignored and the value comes from
numerals.parse_numeral. When Sudachi does join a numeral into one 数詞 token,
its `normalized_form()` (SplitMode.C, default numeric joining: `１，２３４億` ->
`123400000000`) agrees with parse_numeral; the tests check that.

Sudachi is only asked about short windows around candidates found by a regex
(see quantities.py), never the whole text. Its default input normalisation
treats `〜` as a prolonged sound mark; the windows are built so that this does
not matter (offsets are those of the original window).
"""

from __future__ import annotations

import atexit
import threading
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

_tokenizer: Any = None
_split_mode: Any = None
# A Sudachi tokenizer is not safe to share between threads; the pipeline may run
# blocks in a thread pool, so calls are serialised (they are short).
_lock = threading.Lock()
# Held while the dictionary loads (load_in_background may still be at it when the first text comes).
_loading = threading.Lock()
# A leading 、 gives Sudachi a neutral left context: at the very start of a
# text it reads 七百 as the prefix 七 + 百 and 三百 as a proper noun.
_LEFT_CONTEXT = "、"


def _get_tokenizer() -> tuple[Any, Any]:
    global _tokenizer, _split_mode
    if _tokenizer is None:
        with _loading:
            if _tokenizer is None:
                from sudachipy import dictionary, tokenizer

                _split_mode = tokenizer.Tokenizer.SplitMode.C
                _tokenizer = dictionary.Dictionary(dict="core").tokenizer(mode=_split_mode)
    return _tokenizer, _split_mode


def load_in_background() -> None:
    """Load the dictionary (0.15 s) in a thread, for a caller that will need it after
    a wait of its own (the extraction, while the page workers read the PDF)."""
    if _tokenizer is None:  # a run's later documents find it loaded
        loader = threading.Thread(target=_get_tokenizer, name="sudachi-load", daemon=True)
        loader.start()
        # a process that ends while the dictionary loads (`shiryo extract` on a file that is
        # no PDF fails at once) must wait for it: a daemon thread stopped inside SudachiPy's
        # native code at interpreter exit aborts the process ("FATAL: exception not rethrown")
        atexit.register(loader.join, 30.0)


@lru_cache(maxsize=8192)
def _morphemes(text: str) -> tuple[tuple[int, int, str, str], ...]:
    """(begin, end, POS subcategory, normalized form) of each morpheme of `_LEFT_CONTEXT + text`.

    Cached: the same short windows recur (`千円` above every amount column of a budget book)."""
    tok, mode = _get_tokenizer()
    with _lock:
        return tuple((m.begin(), m.end(), m.part_of_speech()[1], m.normalized_form()) for m in tok.tokenize(_LEFT_CONTEXT + text, mode))


def is_numeral_here(window: str, begin: int, end: int) -> bool:
    """Whether window[begin:end] (a numeral followed by its unit) stands on its own.

    False when a morpheme crosses either boundary, i.e. the numeral or the unit
    is part of a word that reaches outside the candidate. Proper nouns do not
    count: the dictionary's personal names make `計三千人` read as 計三 + 千人.
    """
    shift = len(_LEFT_CONTEXT)
    begin, end = begin + shift, end + shift
    for m_begin, m_end, pos, _ in _morphemes(window):
        if (m_begin < begin < m_end or m_begin < end < m_end) and pos != "固有名詞":
            return False
    return True


def joined_numeral_value(numeral: str) -> Decimal | None:
    """Sudachi's value of `numeral` when it reads it as one 数詞 token, else None."""
    morphemes = _morphemes(numeral)[1:]
    if len(morphemes) != 1 or morphemes[0][2] != "数詞":
        return None
    try:
        return Decimal(morphemes[0][3])
    except InvalidOperation:
        return None
