"""Diffs and run summaries rendered for people: text, markdown, JSON lines, HTML."""
from __future__ import annotations

import difflib
import json
from collections import Counter, defaultdict
from pathlib import Path

import regex

from shiryo.pipeline.align import alignment_key
from shiryo.pipeline.diff import summarize

_MAX = 160
# markdown and inline-HTML syntax: everything taken from a PDF (text, sections, titles,
# messages) is shown literally, never as a link, image or tag (the Prefect UI renders it);
# links and images need an unescaped `[`, tags a `<`, so parentheses can stay plain
_MD_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_[]|~"} | {"<": "&lt;", ">": "&gt;", "&": "&amp;"})


def md(text) -> str:
    """`text` as literal markdown text: one line, syntax escaped."""
    return str("" if text is None else text).replace("\r", " ").replace("\n", " ").translate(_MD_SPECIAL)


def _short(text: str | None) -> str:
    text = (text or "").replace("\n", " ⏎ ").replace("\t", " | ")
    return text if len(text) <= _MAX else text[: _MAX - 1] + "…"


def _by_doc(entries):
    groups = defaultdict(list)
    for e in entries:
        groups[e["doc"]].append(e)
    return groups


def render_text(entries: list[dict]) -> str:
    counts = summarize(entries)
    lines = [f"{len(entries)} changes: " + ", ".join(f"{v} {k}" for k, v in counts.items())]
    for doc, items in _by_doc(entries).items():
        lines.append(f"\n{doc}  ({', '.join(f'{v} {k}' for k, v in Counter(e['op'] for e in items).items())})")
        for e in items:
            ref = e["after"] or e["before"]
            where = " › ".join(ref.get("section", [])) or "(top)"
            lines.append(f"  {e['op']:<8} {e['type']:<10} p.{ref.get('page')}  [{where}]{_span(e)}")
            if e["type"] == "document" and e.get("metadata"):
                lines.append(f"           {describe(e)}")
            elif e.get("cells") is not None or e.get("changes") is not None:
                lines.append(f"           fields: {', '.join(e['fields']) or '-'}")
                lines += [f"           {part}" for part in describe(e).split(" / ")]
            elif e["op"] in ("changed", "moved"):
                lines.append(f"           fields: {', '.join(e['fields']) or '-'}")
                lines.append(f"           - {_short(e['before'].get('text'))}")
                lines.append(f"           + {_short(e['after'].get('text'))}")
                if e["op"] == "changed":
                    lines.append(f"           ~ {describe(e)}")
            else:
                sign = "+" if e["op"] == "added" else "-"
                lines.append(f"           {sign} {_short(ref.get('text'))}")
    return "\n".join(lines)


def _span(e: dict) -> str:
    """How many records a passage spans when it is more than one on either side."""
    n_before, n_after = len(e.get("before_ids") or []), len(e.get("after_ids") or [])
    if not (n_before or n_after):
        return ""
    if e["op"] == "added":
        return f"  ({n_after} records)"
    if e["op"] == "removed":
        return f"  ({n_before} records)"
    return f"  ({n_before or 1} records → {n_after or 1})"


def render_md(entries: list[dict]) -> str:
    counts = summarize(entries)
    out = ["# shiryo diff", "", "| op | count |", "| --- | --- |"] + [f"| {k} | {v} |" for k, v in counts.items()]
    cell = lambda t: md(_short(t))  # noqa: E731
    for doc, items in _by_doc(entries).items():
        out += ["", f"## {md(doc)}", "", "| op | type | page | section | before | after | what changed | fields |",
                "| --- | --- | --- | --- | --- | --- | --- | --- |"]
        for e in items:
            ref = e["after"] or e["before"]
            what = "<br>".join(md(part) for part in describe(e).split(" / ")) if e["op"] == "changed" else ""
            out.append(
                f"| {md(e['op'])} | {md(e['type'])} | {md(ref.get('page'))} | {cell(' › '.join(ref.get('section', [])))} | "
                f"{cell((e['before'] or {}).get('text'))} | {cell((e['after'] or {}).get('text'))} | {what} | {md(', '.join(e['fields']))} |"
            )
    return "\n".join(out) + "\n"


def render_json(entries: list[dict]) -> str:
    return "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in entries)


def render_html(entries: list[dict], store: Path | None = None) -> str:
    """The review page (see pipeline/review_page.py); `store` holds the editions' PDFs."""
    from shiryo.pipeline.review_page import render_review_html

    return render_review_html(entries, store)


_NUMBER_CHAR = regex.compile(r"[0-9０-９,，.．]")


def _widen_to_numbers(text: str, start: int, end: int) -> tuple[int, int]:
    """Grow [start, end) over the digits around it, so that a changed figure shows whole."""
    touches = any(_NUMBER_CHAR.match(ch) for ch in text[max(0, start - 1) : end + 1])
    if not touches:
        return start, end
    while start > 0 and _NUMBER_CHAR.match(text[start - 1]):
        start -= 1
    while end < len(text) and _NUMBER_CHAR.match(text[end]):
        end += 1
    return start, end


def change_excerpt(before: str, after: str, context: int = 12) -> str:
    """Where two texts differ, with a little context: `…の［３→４］つの基軸…`; a changed figure
    is shown whole (`…2021/［1/31→2/1］】…`, `［48,352,400→49,286,300］`)."""
    spans: list[list[int]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, before, after, autojunk=False).get_opcodes():
        if op == "equal":
            continue
        i1, i2 = _widen_to_numbers(before, i1, i2)
        j1, j2 = _widen_to_numbers(after, j1, j2)
        # edits one or two characters apart read as one
        if spans and i1 - spans[-1][1] <= 2 and j1 - spans[-1][3] <= 2:
            spans[-1][1], spans[-1][3] = max(spans[-1][1], i2), max(spans[-1][3], j2)
        else:
            spans.append([i1, i2, j1, j2])
    parts = [f"…{before[max(0, i1 - context) : i1]}［{before[i1:i2]}→{after[j1:j2]}］{after[j2 : j2 + context]}…" for i1, i2, j1, j2 in spans]
    return " ".join(parts[:3]) + (" …" if len(parts) > 3 else "")


# a cell this short is shown whole (`48,352,400 → 49,286,300`); a longer one by its changed part
_WHOLE_CELL = 40
_YEAR_NOTE = regex.compile(r"[（(][^（）()]*年度[）)]")


def _cell_change(col: dict) -> str:
    before, after = (col.get("before") or "").strip(), (col.get("after") or "").strip()
    name = " ".join((col.get("header") or "").split()) or f"col {col['col'] + 1}"
    if len(before) <= _WHOLE_CELL and len(after) <= _WHOLE_CELL:
        return f"{name}: {' '.join(before.split()) or '∅'} → {' '.join(after.split()) or '∅'}"
    return f"{name}: {change_excerpt(''.join(before.split()), ''.join(after.split()), 8)}"


def _cells_summary(cells: list[dict]) -> str:
    out = []
    for d in cells:
        label = " ".join((d.get("label") or "").split())
        if d["op"] == "changed":
            out.append(f"row {label}: " + "; ".join(_cell_change(c) for c in d["cols"]))
        else:
            values = d.get("after") if d["op"] == "added" else d.get("before")
            out.append(f"{d['op']} row {label}: " + " | ".join(" ".join((v or "").split()) for v in values or []))
    return " / ".join(out)


def _kpi_value(value: dict | None) -> str:
    if value is None:
        return "∅"
    number, unit = value.get("value"), value.get("unit") or ""
    if isinstance(number, int) and not isinstance(number, bool) and unit != "円":
        return f"{number:,}{unit}"
    return _YEAR_NOTE.sub("", value.get("text") or "").strip() or str(number)


def _kpi_summary(changes: list[dict]) -> str:
    out = []
    for c in changes:
        year = f"{c['fiscal_year']}年度" if c.get("fiscal_year") else "(年度なし)"
        label = f"{c['label']} " if c.get("label") else ""
        kind = "目標" if c.get("kind") == "target" else "実績"
        out.append(f"{label}{year} {kind}: {_kpi_value(c.get('before'))} → {_kpi_value(c.get('after'))}")
    return "; ".join(out)


def _metadata_value(value) -> str:
    if isinstance(value, (list, dict)):
        value = json.dumps(value, ensure_ascii=False)
    return _short(str(value))


def describe(entry: dict) -> str:
    """What changed in one entry, on one line: each document value, each table cell (row label,
    column header, values whole), each revised kpi value, or the changed words of a passage."""
    if entry.get("metadata"):
        return "; ".join(f"{m['field']}: {_metadata_value(m['before'])} → {_metadata_value(m['after'])}" for m in entry["metadata"])
    parts = []
    if entry.get("cells"):
        parts.append(_cells_summary(entry["cells"]))
    for column in entry.get("columns") or []:
        parts.append(f"column {column['op']}: {' '.join((column.get('header') or '').split()) or column['col'] + 1}")
    for shift in entry.get("column_shifts") or []:
        parts.append(f"column {shift['header_before'] or shift['from_col'] + 1} now under {shift['header_after'] or shift['to_col'] + 1} ({shift['rows']} rows)")
    if entry.get("changes"):
        parts.append(_kpi_summary(entry["changes"]))
    if parts:
        return " / ".join(parts)
    if entry["op"] == "changed" and entry["before"] is not None and entry["after"] is not None:
        before, after = (alignment_key("".join((entry[side].get("text") or "").split())) for side in ("before", "after"))
        return change_excerpt(before, after)
    return _short((entry["after"] or entry["before"]).get("text"))


RENDERERS = {"text": render_text, "md": render_md, "json": render_json, "html": render_html}


def render_diff_digest_md(entries: list[dict], limit: int = 60) -> list[str]:
    """The diff as markdown lines: per document, per section, one line per change."""
    out: list[str] = []
    shown = 0
    for doc, items in _by_doc(entries).items():
        out += ["", f"### {md(doc)}"]
        sections: dict[str, list[dict]] = defaultdict(list)
        for e in items:
            sections[" › ".join((e["after"] or e["before"]).get("section") or []) or "(top level)"].append(e)
        for section, changes in sections.items():
            out += ["", f"**{md(section)}**", ""]
            for e in changes:
                if shown >= limit:
                    out.append(f"- … {len(entries) - shown} more (see `shiryo diff --format html`)")
                    return out
                shown += 1
                out.append(f"- {md(e['op'])} {md(e['type'])} p.{md((e['after'] or e['before']).get('page'))}: {md(describe(e))}")
    return out


def render_summary_md(manifest: dict, diff: list[dict] | None = None) -> str:
    c = manifest["counts"]
    out = [
        f"# shiryo run {md(manifest['run'])}",
        "",
        f"- documents: {c['documents']} ({c['failed']} failed, {c['reused']} reused unchanged)",
        f"- pages: {c['pages']}",
        f"- records: {c['records']} — " + md(", ".join(f"{k} {v}" for k, v in c["records_by_type"].items())),
        f"- errors: {c['errors']}",
        "- diff: " + ", ".join(f"{k} {v}" for k, v in c["diff"].items()),
        "",
        "| document | status | pages | records | seconds |",
        "| --- | --- | --- | --- | --- |",
    ]
    for doc, e in manifest["documents"].items():
        status = e["status"] + (" (reused)" if e.get("reused") else "") + (f": {e.get('message')}" if e["status"] != "ok" else "")
        out.append(f"| {md(doc)} | {md(status)} | {md(e.get('n_pages', ''))} | {md(e.get('n_records', ''))} | {md(e.get('seconds', ''))} |")
    new = [md(f"{doc} edition {e['edition']}" + (f" (改訂 {e['revised']})" if e.get("revised") else "")) for doc, e in manifest["documents"].items() if e.get("new_edition")]
    if new:
        out += ["", "New editions: " + ", ".join(new)]
    if diff:
        out += ["", "## Diff against each document's previous edition"] + render_diff_digest_md(diff)
    return "\n".join(out) + "\n"
