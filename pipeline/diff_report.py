"""Diffs and run summaries rendered for people: text, markdown, JSON lines, HTML."""
from __future__ import annotations

import html
import json
from collections import Counter, defaultdict

from pipeline.diff import summarize

_MAX = 160


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
            if e["op"] in ("changed", "moved"):
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
        out += ["", f"## {doc}", "", "| op | type | page | section | before | after | fields |", "| --- | --- | --- | --- | --- | --- | --- |"]
        for e in items:
            ref = e["after"] or e["before"]
            cell = lambda t: _short(t).replace("|", "\\|")  # noqa: E731
            out.append(
                f"| {e['op']} | {e['type']} | {ref.get('page')} | {cell(' › '.join(ref.get('section', [])))} | "
                f"{cell((e['before'] or {}).get('text'))} | {cell((e['after'] or {}).get('text'))} | {', '.join(e['fields'])} |"
            )
    return "\n".join(out) + "\n"


def render_json(entries: list[dict]) -> str:
    return "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in entries)


def render_html(entries: list[dict]) -> str:
    """A self-contained page: per document, one row per change."""
    esc = html.escape
    rows = []
    for doc, items in _by_doc(entries).items():
        rows.append(f"<h2>{esc(doc)}</h2><table><tr><th>op</th><th>type</th><th>page</th><th>section</th><th>before</th><th>after</th><th>fields</th></tr>")
        for e in items:
            ref = e["after"] or e["before"]
            rows.append(
                f"<tr class='{e['op']}'><td>{e['op']}</td><td>{esc(e['type'])}</td><td>{ref.get('page')}</td>"
                f"<td>{esc(' › '.join(ref.get('section', [])))}</td><td>{esc((e['before'] or {}).get('text') or '')}</td>"
                f"<td>{esc((e['after'] or {}).get('text') or '')}</td><td>{esc(', '.join(e['fields']))}</td></tr>"
            )
        rows.append("</table>")
    counts = ", ".join(f"{v} {k}" for k, v in summarize(entries).items())
    style = (
        "body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;width:100%}"
        "td,th{border:1px solid #ccc;padding:4px;vertical-align:top;white-space:pre-wrap}"
        ".added{background:#e6ffed}.removed{background:#ffeef0}.changed{background:#fff5b1}.moved{background:#f1f8ff}"
    )
    return f"<!doctype html><html lang='ja'><meta charset='utf-8'><title>shiryo diff</title><style>{style}</style><body><h1>shiryo diff</h1><p>{counts}</p>{''.join(rows)}</body></html>\n"


RENDERERS = {"text": render_text, "md": render_md, "json": render_json, "html": render_html}


def render_summary_md(manifest: dict) -> str:
    c = manifest["counts"]
    out = [
        f"# shiryo run {manifest['run']}",
        "",
        f"- documents: {c['documents']} ({c['failed']} failed, {c['reused']} reused unchanged)",
        f"- pages: {c['pages']}",
        f"- records: {c['records']} — " + ", ".join(f"{k} {v}" for k, v in c["records_by_type"].items()),
        f"- errors: {c['errors']}",
        "- diff: " + ", ".join(f"{k} {v}" for k, v in c["diff"].items()),
        "",
        "| document | status | pages | records | seconds |",
        "| --- | --- | --- | --- | --- |",
    ]
    for doc, e in manifest["documents"].items():
        status = e["status"] + (" (reused)" if e.get("reused") else "") + (f": {e.get('message')}" if e["status"] != "ok" else "")
        out.append(f"| {doc} | {status} | {e.get('n_pages', '')} | {e.get('n_records', '')} | {e.get('seconds', '')} |")
    return "\n".join(out) + "\n"
