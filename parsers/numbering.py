"""Japanese numbering as structure: the one home of the marker patterns.

A line's leading marker has a kind (第１部, 第１章, 第１, １., 1.1, （１）, ア, ①, 0201, …).  Which
kind sits under which is decided per document, from the order the kinds first appear
(`parsers/outline.py`); `DEFAULT_ORDER` only breaks ties when a document gives no evidence.
"""
from __future__ import annotations

from functools import lru_cache

import regex

_N = r"[0-9０-９]+"
_KN = r"[0-9０-９一二三四五六七八九十百〇]+"
_END = r"(?:[\s　]|$)"

# (kind, pattern), in the order they are tried; decimal kinds get their depth appended (decimal2 = 1.1).
# Kept as sources and compiled as one alternation on first use: a page worker that never asks for a
# marker never pays for compiling them (about 10 ms a process with the regex module)
MARKERS: list[tuple[str, str]] = [
    ("part", rf"^第{_KN}部{_END}"),
    ("chapter", rf"^第{_KN}章{_END}"),
    ("section", rf"^第{_KN}節{_END}"),
    # 附則 (a statute's supplementary provisions, `附 則 （昭和二七年…政令第三〇五号） 抄`): a division
    # beside the main provisions, never a word opening a sentence (附則第２項の…)
    ("supplementary", r"^附[\s　]*則(?=[\s　（(]|$)"),
    ("article", rf"^第{_KN}条(?:の{_KN})*(?:[\s　（(]|$)"),
    ("dai", rf"^第{_KN}{_END}"),
    ("roman", r"^[ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ]+[．.\s　]"),
    # a budget's 款 and 項 (`２款　総務費`, `３項　戸籍住民基本台帳費`): its 款 holds its 項
    ("kan", rf"^{_N}款{_END}"),
    ("kou", rf"^{_N}項{_END}"),
    ("hyphen", rf"^{_N}[－\-‐―]{_N}[．.\s　]"),
    ("decimal", rf"^{_N}(?:[.．]{_N})+[.．]?(?![0-9０-９.．])"),
    ("code", r"^[0-9]{4}(?=[\s　]+(?![年月度\s　]))"),  # 0201 定義; not 2019 年
    # A) 中小企業者: a 公募要領's lettered section; half-width only (a wrapped `（ＧＰＡ` / `Ｉ）` is no label)
    ("upper_latin", r"^[A-Z][)）](?=[\s　]*[^\s　\p{Latin}0-9])"),
    ("number_paren", rf"^{_N}[)）]"),
    ("number_dot", rf"^{_N}[．.](?![0-9０-９])"),  # 1. 2. … (Word's numbered lists)
    ("number", r"^[0-9０-９]{1,2}[\s　]+(?![年月日\s　])"),  # １ はじめに
    # （１）…（99）: a year in brackets (（2018）) numbers no item
    ("paren_number", r"^(?:[（(][0-9０-９]{1,2}[）)]|[⑴-⒇])(?![はがのをにともでや、])"),
    # ①は、… / ⑴の… opens a sentence about an item named before, not an item
    ("circled", r"^[①-⑳㉑-㉟](?![はがのをにともでや、])"),
    # the half-width ｦ (U+FF66) sits before ｱ: without it the iroha run (ﾙ) (ｦ) (ﾜ) loses its 12th label
    # (要領 p39 `(ｦ) 中小企業事業主である場合…`); the hiragana へ looks the same as the katakana ヘ and is
    # typed for it (要領 6007 p74 `へ 任意特定…`)
    ("kana", r"^[ア-ヴｦｱ-ﾝへ][\s　]+(?=\S)"),
    # 号 of a provision: 一 当該…; not a title set letter-spaced (`一 般 会 計 補 正 予 算 整 理 表`)
    ("kanji", r"^[一二三四五六七八九十]{1,3}[\s　]+(?=\S)(?!(?:\S[ \u3000]){2}\S)"),
    ("note", r"^[（(]注[0-9０-９]*[）)]"),  # （注１） under a draft's provisions
    # (ﾇ)の賃金台帳等において… opens a sentence about an item named before, not an item (要領 p39)
    ("paren_kana", r"^[（(][ア-ヴｦｱ-ﾝ][）)](?![はがのをにともでや、])"),
    # a) item; not Ｉ） ending a wrapped (ＧＰＡ Ｉ）.  A full-width small letter and a space labels an item too
    # (要領 p39 `ａ 国民年金法…` … `ｇ 住民票…`); half-width `a ` may be an English word, so only before
    # Japanese text (要領 p40 `a 人材開発支援助成金…`, `b (ﾊ)に加え…`)
    ("latin",
        r"^(?:[a-zａ-ｚ][)）]|[ａ-ｚ](?=[\s　]+[^\s　\p{Latin}])"
        r"|[a-n](?=[\s　]+(?:[\p{Han}\p{Hiragana}\p{Katakana}「]|[（(][\p{Han}\p{Katakana}]))"
        r")[\s　]*(?=\S)"
    ),
    ("paren_latin", r"^[（(][a-zａ-ｚA-ZＡ-Ｚ][）)]"),
    # `●項` opening a wrapped line is a placeholder for a number (`商法第●条第` / `●項…`, 中間試案 p6), no bullet;
    # `・項目…`, `●条件…` are bullets
    ("bullet", r"^(?:[・○〇◆◇■□▪▫◎※➢➔✓✔⚫•►\-－]|●(?![条項号章節部款](?![件目])))"),
]

# when a document says nothing, shallower first
DEFAULT_ORDER = [
    "part", "chapter", "supplementary", "section", "dai", "roman", "kan", "kou", "hyphen", "decimal1", "number", "number_dot", "decimal2", "decimal3", "decimal4",
    "code_group", "code", "upper_latin", "number_paren", "paren_number", "kana", "paren_kana", "kanji", "circled", "latin", "paren_latin", "bullet", "note",
]

# markers that open a list item (or a legal provision) rather than a section
ITEM_KINDS = frozenset({"number", "number_dot", "number_paren", "paren_number", "circled", "kana", "paren_kana", "kanji", "latin", "paren_latin", "bullet", "article", "note"})


# every kind in one alternation, tried in MARKERS' order (the first branch that matches wins, as
# trying the patterns one by one would): one match per line instead of up to 25
@lru_cache(maxsize=1)
def _any_marker() -> regex.Pattern:
    return regex.compile("|".join(f"(?P<{kind}>{pattern})" for kind, pattern in MARKERS))


@lru_cache(maxsize=8192)  # asked several times per line while blocks are built
def _marker(text: str) -> tuple[str | None, str]:
    """(kind, marker) of the marker `text` starts with, or (None, '')."""
    m = _any_marker().match(text.lstrip())
    if m is None:
        return None, ""
    kind, marker = m.lastgroup, m.group(0)
    if kind == "decimal":
        kind = f"decimal{len(regex.findall(r'[.．](?=[0-9０-９])', marker)) + 1}"
    elif kind == "code":
        kind = "code_group" if marker.endswith("00") else "code"
    return kind, marker.strip()


def marker_kind(text: str) -> str | None:
    """The kind of the marker `text` starts with, or None."""
    return _marker(text)[0]


def marker_text(text: str) -> str:
    """The marker itself (`（１）`, `2.5.2`, `第３条`), or ''."""
    return _marker(text)[1]


# a bracketed label opening a line of text (`【Ｂ案】当該船荷証券が…`, a draft's option): its wrapped
# lines hang under its text like an item's; a label alone (`【甲案】`, `【乙－１案】（注）`) heads what follows
_LABEL_OPENER = regex.compile(r"^[【［][^】］]{1,12}[】］](?=[^\s（(])")


def opens_with_label(text: str) -> bool:
    return bool(_LABEL_OPENER.match(text.lstrip()))


def marker_ordinal(text: str) -> int | None:
    """The number a numeric marker counts (`１ …` → 1, `（３）`/`⑶` → 3, `2.` → 2), or None."""
    import unicodedata

    marker = marker_text(text)
    if len(marker) == 1 and "⑴" <= marker <= "⒇":
        return ord(marker) - ord("⑴") + 1
    digits = unicodedata.normalize("NFKC", marker).strip("()（）.)")
    return int(digits) if marker and digits.isdigit() else None


def default_rank(kind: str) -> int:
    return DEFAULT_ORDER.index(kind) if kind in DEFAULT_ORDER else len(DEFAULT_ORDER)
