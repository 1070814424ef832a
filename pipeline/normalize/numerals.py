"""Reading numerals written the Japanese way, on normalised (half-width) text.

Handles Arabic digits with thousands separators and decimals (`1,234.5`),
kanji digits written positionally (`一二` = 12, `二〇二五` = 2025), kanji
with the small multipliers 十/百/千 (`二十四` = 24, `三千五百` = 3500), the
large units 万/億/兆, and any mix (`1億2千万` = 120000000,
`237,700百万` = 237700000000).

This is the fast path used for Arabic-digit numbers and for the year/month/day
parts of dates. Kanji numerals in running text are first confirmed by SudachiPy
(see `sudachi.py`), whose joined `normalized_form()` must agree with this reader;
the tests check that they agree.
"""

from __future__ import annotations

from decimal import Decimal

import regex

KANJI_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
SMALL_MULTIPLIERS = {"十": 10, "百": 100, "千": 1000}
LARGE_MULTIPLIERS = {"万": 10**4, "億": 10**8, "兆": 10**12}

KANJI_DIGIT_CLASS = "〇零一二三四五六七八九"
KANJI_NUMERAL_CLASS = KANJI_DIGIT_CLASS + "十百千"

# Pieces of a numeral, in reading order.
_PIECE = regex.compile(
    rf"(?P<arabic>[0-9][0-9,]*(?:\.[0-9]+)?)"
    rf"|(?P<kanji>[{KANJI_DIGIT_CLASS}]+)"
    rf"|(?P<small>[十百千])"
    rf"|(?P<large>[万億兆])"
)


def _kanji_digits_value(digits: str) -> int:
    value = 0
    for ch in digits:
        value = value * 10 + KANJI_DIGITS[ch]
    return value


def parse_numeral(text: str) -> Decimal:
    """Value of a numeral such as `1,234億`, `三千五百`, `平成一二` 's `一二`.

    Raises ValueError when `text` is not entirely a numeral.
    """
    total = Decimal(0)  # sum of completed 万/億/兆 groups
    section = Decimal(0)  # sum of completed 十/百/千 parts below the next large unit
    current: Decimal | None = None  # number just read, waiting for a multiplier
    # Multipliers must go down: `三千五百` yes, `十十` or `万億` no.
    last_small = last_large = 10**13
    pos = 0
    while pos < len(text):
        m = _PIECE.match(text, pos)
        if m is None:
            raise ValueError(f"not a numeral: {text!r}")
        pos = m.end()
        if m.lastgroup == "arabic":
            if current is not None:
                raise ValueError(f"two numbers in a row: {text!r}")
            current = Decimal(m.group().replace(",", ""))
        elif m.lastgroup == "kanji":
            if current is not None:
                raise ValueError(f"two numbers in a row: {text!r}")
            current = Decimal(_kanji_digits_value(m.group()))
        elif m.lastgroup == "small":
            multiplier = SMALL_MULTIPLIERS[m.group()]
            if multiplier >= last_small:
                raise ValueError(f"multipliers out of order: {text!r}")
            last_small = multiplier
            section += (current if current is not None else Decimal(1)) * multiplier
            current = None
        else:  # large
            multiplier = LARGE_MULTIPLIERS[m.group()]
            if multiplier >= last_large:
                raise ValueError(f"multipliers out of order: {text!r}")
            last_large, last_small = multiplier, 10**13
            group = section + (current if current is not None else Decimal(0))
            if group == 0:
                group = Decimal(1)  # a bare `万` means 1万
            total += group * multiplier
            section = Decimal(0)
            current = None
    if not text:
        raise ValueError("empty numeral")
    return total + section + (current if current is not None else Decimal(0))


def as_plain_number(value: Decimal) -> int | float:
    """int when integral (what the output contract wants), else float."""
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def parse_small_int(text: str) -> int:
    """A year, month or day: `12`, `元` (the first year of an era), `二十四`, `一二`."""
    if text == "元":
        return 1
    return int(parse_numeral(text))
