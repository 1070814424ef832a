"""pipeline.normalize: table-driven cases from the seed documents, plus properties.

The table lives in normalize_cases.yaml: each case gives the exact expected
fiscal_years, dates and quantities (and norm where the case is about it).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from shiryo.pipeline.normalize import analyze, find_mentions, normalize_text
from shiryo.pipeline.normalize import sudachi
from shiryo.pipeline.normalize.numerals import parse_numeral

CASES = yaml.safe_load((Path(__file__).parent / "normalize_cases.yaml").read_text(encoding="utf-8"))
RESULT_KEYS = ("fiscal_years", "dates", "quantities")


SEEDS = Path(__file__).resolve().parent.parent.parent / "shared" / "seeds"


def test_case_table_is_large_and_ids_unique():
    ids = [case["id"] for case in CASES]
    assert len(ids) >= 150  # tests/normalize_cases.yaml holds 208 cases: guards against a truncated file
    assert len(set(ids)) == len(ids)
    for case in CASES:
        assert all(key in case for key in RESULT_KEYS), case["id"]


def _expected(case: dict, key: str) -> list[dict]:
    """The case's expected list; a fiscal year written with one `qualifier` (or none)
    gets the matching `qualifiers` list, so single-qualifier cases stay short."""
    if key != "fiscal_years":
        return case[key]
    return [{**fy, "qualifiers": fy.get("qualifiers", [fy["qualifier"]] if fy["qualifier"] else [])} for fy in case[key]]


def test_cases_are_drawn_from_all_five_seeds_verbatim():
    """A case labelled with a seed is a verbatim snippet of it; every seed gives at least 10."""
    files = {path.name[:3]: path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("00[0-4]_*.txt"))}
    if len(files) < 5:
        pytest.skip(f"seed texts not present: {SEEDS}")
    per_seed = {seed: 0 for seed in files}
    for case in CASES:
        if case["seed"] in files:
            assert case["text"] in files[case["seed"]], case["id"]
            per_seed[case["seed"]] += 1
    assert min(per_seed.values()) >= 10, per_seed


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_case(case):
    result = analyze(case["text"], doc_fiscal_year=case.get("doc_fiscal_year"))
    assert set(result) == {"norm", *RESULT_KEYS}
    if "norm" in case:
        assert result["norm"] == case["norm"]
    for key in RESULT_KEYS:
        assert result[key] == _expected(case, key), key
    # int when integral: 592 must not come back as 592.0 (JSON would show it).
    for quantity in result["quantities"]:
        if isinstance(quantity["value"], float):
            assert not quantity["value"].is_integer()


def test_normalize_text_is_the_norm_of_analyze():
    text = "令 和 ４ 年 ６ 月 ３ 日に１，２３４億円"
    assert normalize_text(text) == analyze(text)["norm"] == "令和4年6月3日に1,234億円"


def test_empty_and_plain_text():
    assert analyze("") == {"norm": "", "fiscal_years": [], "dates": [], "quantities": []}
    assert analyze("研究開発を推進する。") == {"norm": "研究開発を推進する。", "fiscal_years": [], "dates": [], "quantities": []}


def test_mention_offsets_point_into_the_normalised_text():
    nt, mentions = find_mentions("①882億円（2018年度）、令和７年１月17日")
    spans = [(m.kind, nt.norm[m.begin : m.end]) for m in mentions]
    assert spans == [("quantity", "882億円"), ("fiscal_year", "2018年度"), ("date", "令和7年1月17日")]


# ---------------------------------------------------------------- properties

ERAS = {"令和": (2019, 7), "平成": (1989, 31), "昭和": (1926, 64)}
FULLWIDTH = str.maketrans("0123456789,", "０１２３４５６７８９，")


def _width(text: str, full: bool) -> str:
    return text.translate(FULLWIDTH) if full else text


_NUMBER_CHARS = set("0123456789,.０１２３４５６７８９，．")


def _scatter_whitespace(text: str, data) -> str:
    """Insert stray spaces/newlines as PDF extraction does, never inside a number
    (`1 2` is two numbers, `1, 000` is not how a number breaks) nor inside `R7`."""
    out = [text[0]]
    for prev, ch in zip(text, text[1:]):
        inside_number = prev in _NUMBER_CHARS and ch in _NUMBER_CHARS
        inside_abbreviation = prev.isascii() and prev.isalpha()
        if not (inside_number or inside_abbreviation):
            out.append(data.draw(st.sampled_from(["", "", "", " ", "\n", "\u3000", "\n\n"])))
        out.append(ch)
    return "".join(out)


@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_era_fiscal_year_property(data):
    era = data.draw(st.sampled_from(sorted(ERAS)))
    first, last = ERAS[era]
    n = data.draw(st.integers(1, last))
    full = data.draw(st.booleans())
    number = "元" if n == 1 and data.draw(st.booleans()) else _width(str(n), full)
    text = _scatter_whitespace(f"{era}{number}年度", data)
    result = analyze(f"（{text}）に実施")
    assert [(fy["start"], fy["end"]) for fy in result["fiscal_years"]] == [(first + n - 1, first + n - 1)]
    assert result["fiscal_years"][0]["text"] == text
    assert result["dates"] == [] and result["quantities"] == []


@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_era_and_western_dual_fiscal_year_property(data):
    era = data.draw(st.sampled_from(sorted(ERAS)))
    first, last = ERAS[era]
    n = data.draw(st.integers(1, last))
    year = first + n - 1
    full = data.draw(st.booleans())
    text = f"{_width(str(year), full)}年度（{era}{_width(str(n), full)}年度）"
    result = analyze(text)
    assert result["fiscal_years"] == [{"text": text, "start": year, "end": year, "qualifier": None, "qualifiers": []}]


@settings(max_examples=200, deadline=None)
@given(oku=st.integers(1, 99_999), man=st.integers(0, 9_999), full=st.booleans(), unit=st.sampled_from(["円", "人"]))
def test_grouped_oku_man_property(oku, man, full, unit):
    written = f"{oku:,}億" + (f"{man:,}万" if man else "") + unit
    text = _width(written, full)
    result = analyze(f"総額は{text}（2024年度）")
    assert result["quantities"] == [{"text": text, "value": oku * 10**8 + man * 10**4, "unit": unit}]


@settings(max_examples=100, deadline=None)
@given(n=st.integers(1, 999_999), full=st.booleans())
def test_grouped_man_people_property(n, full):
    text = _width(f"{n:,}万人", full)
    assert analyze(text)["quantities"] == [{"text": text, "value": n * 10**4, "unit": "人"}]


_KANJI_DIGITS = "〇一二三四五六七八九"


def _kanji_below_10000(n: int) -> str:
    out = ""
    for value, mark in ((1000, "千"), (100, "百"), (10, "十")):
        d, n = divmod(n, value)
        if d:
            out += ("" if d == 1 else _KANJI_DIGITS[d]) + mark
    return out + (_KANJI_DIGITS[n] if n else "")


def _kanji_numeral(n: int) -> str:
    man, rest = divmod(n, 10_000)
    return (_kanji_below_10000(man) + "万" if man else "") + (_kanji_below_10000(rest) if rest else "")


@settings(max_examples=150, deadline=None)
@given(n=st.integers(2, 99_999_999))
def test_kanji_numeral_reader_agrees_with_sudachi(n):
    written = _kanji_numeral(n)
    assert parse_numeral(written) == n
    joined = sudachi.joined_numeral_value(written)
    # Sudachi's dictionary splits a few numerals oddly (千三 + 百); when it joins, it agrees.
    assert joined is None or joined == n


@pytest.mark.parametrize(
    "numeral, value",
    [("１，２３４億", 123400000000), ("三千五百", 3500), ("２３７，７００百万", 237700000000), ("1億2千万", 120000000), ("二十四", 24)],
)
def test_sudachi_numeric_joining_matches_numeral_reader(numeral, value):
    assert sudachi.joined_numeral_value(numeral) == value
    assert parse_numeral(normalize_text(numeral)) == value


# From 3: Sudachi reads 二人 (ふたり) as one word, so `二人` is not a quantity (a known gap).
@settings(max_examples=150, deadline=None)
@given(n=st.integers(3, 99_999_999), unit=st.sampled_from(["人", "件", "社", "円"]))
def test_kanji_quantity_property(n, unit):
    written = _kanji_numeral(n) + unit
    assert analyze(f"計{written}となった")["quantities"] == [{"text": written, "value": n, "unit": unit}]


@settings(max_examples=150, deadline=None)
@given(text=st.text(alphabet="令和平成元年度月日１２３0123456789〜～-億万円人%（）() \n、・第", max_size=40))
def test_mention_texts_are_slices_of_the_input(text):
    result = analyze(text)
    for key in ("fiscal_years", "dates", "quantities"):
        for mention in result[key]:
            assert mention["text"] and mention["text"] in text
    for fy in result["fiscal_years"]:
        if fy["start"] is not None:
            assert 1868 <= fy["start"] <= fy["end"] <= 2199


# Round trips: generate a value, write it the way the documents do (era or Western,
# full or half width, stray spaces and line breaks from the PDF), read it back.

_ERA_LETTERS = {"令和": "R", "平成": "H", "昭和": "S"}
_RANGE_MARKS = ["～", "〜", "-", "から", " ～ "]


def _era_year(data, year: int) -> str:
    """`year` written in its era (the later one on a boundary year), maybe abbreviated, maybe 元."""
    era = next(name for name, (first, _) in sorted(ERAS.items(), key=lambda e: -e[1][0]) if first <= year)
    n = year - ERAS[era][0] + 1  # 令和 goes on past 7
    full = data.draw(st.booleans())
    number = "元" if n == 1 and data.draw(st.booleans()) else _width(str(n), full)
    name = _ERA_LETTERS[era] if data.draw(st.integers(0, 4)) == 0 and number != "元" else era
    return name + number


def _year_text(data, year: int) -> str:
    if data.draw(st.booleans()):
        return _era_year(data, year)
    return _width(str(year), data.draw(st.booleans()))


@settings(max_examples=100, deadline=None)
@given(data=st.data())
def test_era_date_round_trip(data):
    year = data.draw(st.integers(1927, 2030))
    month = data.draw(st.integers(1, 12))
    day = data.draw(st.integers(1, 28))
    precision = data.draw(st.sampled_from(["year", "month", "day"]))
    full = data.draw(st.booleans())
    written = _era_year(data, year).replace("R", "令和").replace("H", "平成").replace("S", "昭和") + "年"
    value = f"{year:04d}"
    if precision != "year":
        written += _width(str(month), full) + "月"
        value += f"-{month:02d}"
    if precision == "day":
        written += _width(str(day), full) + "日"
        value += f"-{day:02d}"
    text = _scatter_whitespace(written, data)
    result = analyze(f"（{text}）に決定")
    assert result["dates"] == [{"text": text, "value": value}]
    assert result["fiscal_years"] == [] and result["quantities"] == []
    assert normalize_text(text) == written.translate(str.maketrans("０１２３４５６７８９", "0123456789"))


@settings(max_examples=100, deadline=None)
@given(data=st.data())
def test_fiscal_year_range_round_trip(data):
    start = data.draw(st.integers(1927, 2030))
    end = data.draw(st.integers(start + 1, 2035))
    left = _year_text(data, start)
    # The right end in full, or as a bare number carrying the left's era (`令和3～5年度`).
    era_last = {"令和": 99, "平成": 31, "昭和": 64}
    carried = left[:2] in ERAS and data.draw(st.booleans()) and end - ERAS[left[:2]][0] + 1 <= era_last[left[:2]]
    right = _width(str(end - ERAS[left[:2]][0] + 1), data.draw(st.booleans())) if carried else _year_text(data, end)
    left_nendo = "年度" if data.draw(st.booleans()) else ""
    written = f"{left}{left_nendo}{data.draw(st.sampled_from(_RANGE_MARKS))}{right}年度"
    text = _scatter_whitespace(written, data)
    result = analyze(f"計画期間は{text}とする")
    assert [(fy["start"], fy["end"]) for fy in result["fiscal_years"]] == [(start, end)], written
    assert result["fiscal_years"][0]["text"] == text
    assert result["dates"] == [] and result["quantities"] == []


@settings(max_examples=100, deadline=None)
@given(data=st.data())
def test_era_list_round_trip(data):
    """`令和3・4年度補正` and kin: one fiscal year per item, the qualifier on every item."""
    first = data.draw(st.integers(2019, 2030))
    years = [first + i for i in range(data.draw(st.integers(2, 4)))]
    separator = data.draw(st.sampled_from(["・", "、", "，"]))
    full = data.draw(st.booleans())
    items = ["令和" + _width(str(years[0] - 2018), full)] + [_width(str(y - 2018), full) for y in years[1:]]
    qualifier = data.draw(st.sampled_from(["", "補正", "当初", "末"]))
    written = separator.join(items) + "年度" + qualifier
    result = analyze(_scatter_whitespace(written, data))
    names = {"": None, "補正": "supplementary", "当初": "initial", "末": "end"}
    assert [(fy["start"], fy["qualifier"]) for fy in result["fiscal_years"]] == [(y, names[qualifier]) for y in years]


@settings(max_examples=100, deadline=None)
@given(
    data=st.data(),
    amount=st.integers(1, 10**15),
    multiplier=st.sampled_from([("", 1), ("千", 10**3), ("万", 10**4), ("百万", 10**6), ("億", 10**8)]),
    unit=st.sampled_from(["円", "人", "件", "世帯"]),
)
def test_grouped_number_round_trip_with_stray_whitespace(data, amount, multiplier, unit):
    full = data.draw(st.booleans())
    written = _width(f"{amount:,}", full) + multiplier[0] + unit
    text = _scatter_whitespace(written, data)
    assert analyze(f"予算額は{text}となる")["quantities"] == [{"text": text, "value": amount * multiplier[1], "unit": unit}]


@settings(max_examples=150, deadline=None)
@given(text=st.text(alphabet="令和平成年度月日末補正・、１２３0123456789〜～-億万円人%（）()① \n\u3000", max_size=40))
def test_norm_is_idempotent_and_mentions_map_back_to_their_input(text):
    norm = normalize_text(text)
    assert normalize_text(norm) == norm
    nt, mentions = find_mentions(text)
    for mention in mentions:
        begin, end = nt.source_span(mention.begin, mention.end)
        assert mention.record["text"] == text[begin:end]
        assert normalize_text(text[begin:end]) == nt.norm[mention.begin : mention.end]


# ---------------------------------------------------------------- spaCy component


def test_spacy_component_gives_labelled_entities_with_values():
    spacy = pytest.importorskip("spacy")
    import shiryo.pipeline.normalize.spacy_component  # noqa: F401  (registers the factory)

    nlp = spacy.blank("ja")
    nlp.add_pipe("shiryo_normalizer", config={"doc_fiscal_year": 2025})
    doc = nlp("令\n和６年度に三千五百人、令和７年１月17日一部改訂。前年度比 1.36％")
    assert [(e.text, e.label_, e._.value) for e in doc.ents] == [
        ("令\n和６年度", "FISCAL_YEAR", {"start": 2024, "end": 2024, "qualifier": None, "qualifiers": []}),
        ("三千五百人", "QUANTITY", {"value": 3500, "unit": "人"}),
        ("令和７年１月17日", "DATE", {"value": "2025-01-17"}),
        ("前年度比", "FISCAL_YEAR", {"start": 2024, "end": 2024, "qualifier": "compared", "qualifiers": ["compared"], "relative": "previous"}),
        ("1.36％", "QUANTITY", {"value": 1.36, "unit": "%"}),
    ]


def test_spacy_component_agrees_with_analyze_on_a_seed_paragraph():
    spacy = pytest.importorskip("spacy")
    import shiryo.pipeline.normalize.spacy_component  # noqa: F401

    text = "②368件（2020年度）、378件（2021年度）\n令和４年度補正・５年度補正"
    nlp = spacy.blank("ja")
    nlp.add_pipe("shiryo_normalizer")
    doc = nlp(text)
    result = analyze(text)
    expected = sorted(
        [(r["text"], "FISCAL_YEAR") for r in result["fiscal_years"]] + [(r["text"], "QUANTITY") for r in result["quantities"]],
        key=lambda pair: text.index(pair[0]),
    )
    assert [(e.text, e.label_) for e in doc.ents] == expected
