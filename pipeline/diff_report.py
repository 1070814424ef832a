"""Diffs and run summaries rendered for people: text, markdown, JSON lines, HTML."""
from __future__ import annotations

import difflib
import json
from collections import Counter, defaultdict
from pathlib import Path

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
            where = " › ".join((e["after"] or e["before"]).get("section", [])) or "(top)"
            page = (e["after"] or e["before"]).get("page")
            lines.append(f"  {e['op']:<8} {e['type']:<10} p.{page}  [{where}]")
            if e.get("cells"):
                lines.append(f"           fields: {', '.join(e['fields']) or '-'}")
                lines.append(f"           cells: {_cells_summary(e['cells'])}")
            elif e["op"] in ("changed", "moved"):
                lines.append(f"           fields: {', '.join(e['fields']) or '-'}")
                lines.append(f"           - {_short(e['before'].get('text'))}")
                lines.append(f"           + {_short(e['after'].get('text'))}")
            else:
                sign = "+" if e["op"] == "added" else "-"
                lines.append(f"           {sign} {_short((e['after'] or e['before']).get('text'))}")
    return "\n".join(lines)


def render_md(entries: list[dict]) -> str:
    counts = summarize(entries)
    out = ["# shiryo diff", "", "| op | count |", "| --- | --- |"] + [f"| {k} | {v} |" for k, v in counts.items()]
    for doc, items in _by_doc(entries).items():
        out += ["", f"## {md(doc)}", "", "| op | type | page | section | before | after | fields |", "| --- | --- | --- | --- | --- | --- | --- |"]
        for e in items:
            ref = e["after"] or e["before"]
            cell = lambda t: md(_short(t))  # noqa: E731
            out.append(
                f"| {md(e['op'])} | {md(e['type'])} | {md(ref.get('page'))} | {cell(' › '.join(ref.get('section', [])))} | "
                f"{cell((e['before'] or {}).get('text'))} | {cell((e['after'] or {}).get('text'))} | {md(', '.join(e['fields']))} |"
            )
    return "\n".join(out) + "\n"


def render_json(entries: list[dict]) -> str:
    return "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in entries)


def render_html(entries: list[dict], store: Path | None = None) -> str:
    """The review page (see pipeline/review_page.py); `store` holds the editions' PDFs."""
    from shiryo.pipeline.review_page import render_review_html

    return render_review_html(entries, store)


def change_excerpt(before: str, after: str, context: int = 12) -> str:
    """Where two texts differ, with a little context: `…の［３→４］つの基軸…`."""
    parts = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, before, after, autojunk=False).get_opcodes():
        if op != "equal":
            left = before[max(0, i1 - context) : i1]
            parts.append(f"…{left}［{before[i1:i2]}→{after[j1:j2]}］{after[j2 : j2 + context]}…")
    return " ".join(parts[:3]) + (" …" if len(parts) > 3 else "")


def _cells_summary(cells: list[dict]) -> str:
    out = []
    for d in cells:
        if d["op"] == "changed":
            out.append(f"row {d['label']}: " + "; ".join(change_excerpt(c["before"] or "", c["after"] or "", 6) for c in d["cols"]))
        else:
            out.append(f"{d['op']} row {d['label']}")
    return " / ".join(out)


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
                if e.get("cells"):
                    what = _cells_summary(e["cells"])
                elif e["op"] == "changed":
                    what = change_excerpt(e["before"].get("text") or "", e["after"].get("text") or "")
                else:
                    what = _short((e["after"] or e["before"]).get("text"))
                out.append(f"- {md(e['op'])} {md(e['type'])} p.{md((e['after'] or e['before']).get('page'))}: {md(what)}")
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
