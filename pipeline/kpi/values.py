"""Value text → value entries: number, unit, fiscal year, label, note (through the normaliser)."""
from __future__ import annotations

from typing import Iterable

import regex

from shiryo.pipeline.normalize import analyze, normalize_text
from shiryo.pipeline.normalize.numerals import as_plain_number, parse_numeral
from shiryo.pipeline.kpi.patterns import ANY_DIGIT, COUNTER, JOINED_VALUES, LABEL_NOISE, LABEL_PREFIX, NOT_A_NUMBER, NUMBER, YEAR_ONLY
from shiryo.pipeline.kpi.text import split_top_level


def _fiscal_year(entry: dict) -> int | None:
    """The year of a normaliser fiscal-year entry; a range (`令和７年度～令和11年度`) gives its last."""
    return entry["end"] if entry.get("end") is not None else entry.get("start")


def remove_spans(norm: str, pieces: Iterable[str]) -> str:
    """`norm` without the given mention texts (as printed, so normalised first)."""
    for piece in pieces:
        norm = norm.replace(normalize_text(piece), " ", 1)
    return norm


def _value(norm: str, analysis: dict) -> tuple[float | int | None, str | None, str]:
    """(value, unit, text of the value) of the first number in `norm` that is not a year."""
    if analysis["quantities"]:
        q = analysis["quantities"][0]
        return q["value"], q["unit"], q["text"]
    rest = remove_spans(norm, (fy["text"] for fy in analysis["fiscal_years"]))
    rest = remove_spans(rest, (d["text"] for d in analysis["dates"]))
    m = NUMBER.search(rest)
    if not m:
        return None, None, ""
    value = as_plain_number(parse_numeral(m.group()))
    counter = COUNTER.match(rest, m.end())
    unit = counter.group() if counter and not regex.match(r"年|月|日|期", counter.group()) else None
    return value, unit, m.group() + (unit or "")


def parse_value(text: str, year: int | None = None) -> dict:
    """One value as written (`592名（2020年度）`, `令和３年度：15,300人（推計値）`, `理学系19.9％`).

    Returns {"label", "value", "unit", "fiscal_year", "text", "note"} plus flags for parse_values
    (`year_only`: a year and no value, `year_prefix`: the year came from a `…年度：` prefix,
    `own_year`: the value names its year); `year` is the fiscal year carried from an earlier
    prefix, used when the value names none."""
    text = text.strip()
    note_parts = []
    # `11※（2017年度）`: a ※ on the value itself points to a note elsewhere; its year still counts
    body, star, remark = regex.sub(r"※(?=\s*[（(])", "", text).partition("※")
    if star and remark.strip():
        note_parts.append("※" + remark.strip())
    body = body.strip()
    label = None
    year_prefix = False
    prefix = LABEL_PREFIX.match(normalize_text(body))
    if prefix:  # `令和３年度：…` sets the year; `理学部：…` is a label
        p_analysis = analyze(prefix.group("prefix"))
        if p_analysis["fiscal_years"]:
            year = _fiscal_year(p_analysis["fiscal_years"][0])
            year_prefix = True
        elif not regex.search(r"[0-9]", prefix.group("prefix")):
            label = prefix.group("prefix").strip()
        body = normalize_text(body)[prefix.end():]
    analysis = analyze(body)
    norm = analysis["norm"]
    own_years = analysis["fiscal_years"]
    # parentheses that are not a fiscal year are remarks: （推計値）, （対象は…）
    for m in regex.finditer(r"\(([^()]*)\)", norm):
        inner = m.group(1)
        if not any(normalize_text(fy["text"]) in inner for fy in own_years) and not NUMBER.search(inner):
            note_parts.insert(0, f"（{inner}）")
    value, unit, value_text = _value(norm, analysis)
    fiscal_year = _fiscal_year(own_years[0]) if own_years else year
    year_only = value is None and bool(own_years) and bool(YEAR_ONLY.match(remove_spans(norm, (fy["text"] for fy in own_years))))
    if label is None and value_text:
        value_norm = normalize_text(value_text)
        before = norm[: norm.find(value_norm)] if value_norm in norm else ""
        before = remove_spans(before, (fy["text"] for fy in own_years))
        before = regex.sub(r"\([^()]*\)", "", before)
        before = LABEL_NOISE.sub("", before).strip("、,：:・※ ")
        label = before or None
    return {
        "label": label,
        "value": value,
        "unit": unit,
        "fiscal_year": fiscal_year,
        "text": text,
        "note": " ".join(note_parts) or None,
        "year_only": year_only,
        "year_prefix": year_prefix,
        "own_year": bool(own_years) or year_prefix,
    }


def parse_values(text: str) -> list[dict]:
    """A list of values: `592名（2020年度）、3133名（2021年度）`, `令和３年度：理学系19.9％、工学系14.1％`,
    `理学部：27.8％・工学部：15.7％（令和３年度）`, one per line, … A `※…` remark after the last value
    is that value's note; a fiscal year alone (`令和7年度までに、`) carries to the following values."""
    # values one per line whose lines were joined: `27.9％（2021年度実績）28.6％（2022年度実績）`
    text = JOINED_VALUES.sub("\n", text.strip())
    values: list[dict] = []
    year = None
    for item in split_top_level(text, "、,\n"):
        if item.startswith("※") and values:
            values[-1]["note"] = " ".join(filter(None, [values[-1]["note"], item]))
            continue
        parts = _split_joined(item)
        shared = analyze(parts[-1])["fiscal_years"] if len(parts) > 1 else []
        for part in parts:
            value = parse_value(part, year)
            if value["year_only"]:
                year = value["fiscal_year"]
                continue
            if value["value"] is None and not value["fiscal_year"] and not value["label"]:
                continue
            if shared and not value["own_year"]:
                value["fiscal_year"] = _fiscal_year(shared[0])
            # a `令和３年度：` prefix carries to the next values until another year is named
            if value["year_prefix"]:
                year = value["fiscal_year"]
            values.append(value)
    for value in values:
        del value["year_only"], value["year_prefix"], value["own_year"]
    return values


def _split_joined(item: str) -> list[str]:
    """`理学部：27.8％・工学部：15.7％（令和３年度）` → two values sharing the trailing year;
    `医学・歯学・薬学系28.4％` stays one (a `・` splits only between two numbers)."""
    parts = split_top_level(item, "・･")
    if len(parts) < 2 or not all(ANY_DIGIT.search(p) for p in parts):
        return [item]
    return parts


def parse_target(body: str | None) -> list[dict]:
    """Target values of a `目標値：…` body; a target without a number is one `kind: text` entry."""
    if not body:
        return []
    clean = body.rstrip("※ ").strip()
    values = [] if NOT_A_NUMBER.search(clean) else [v for v in parse_values(clean) if v["value"] is not None]
    if len(values) > 1:  # `570億円（2025年度）79`: a footnote number is no second target
        values = [v for v in values if v["unit"] or v["fiscal_year"] or v["label"]] or values
    if not values:
        fys = analyze(clean)["fiscal_years"]
        year = _fiscal_year(fys[0]) if fys else None
        return [{"label": None, "value": None, "unit": None, "fiscal_year": year, "text": clean, "note": None, "kind": "text"}]
    for v in values:
        v["kind"] = "value"
    return values
