"""The diff review page (`shiryo diff --format html`).

At the top a summary: the documents with the editions compared (number, 改訂 date, first
seen, pages), the counts per change type and record type, and per section an index of its
changes (one click opens a section's list, a second jumps to the change).  Filters a reviewer
clicks: change type, record type, document, section, and "hide unchanged context".  Then per
document, per section, one card per change (`pipeline/review_cards.py`) with page crops of
both sides (`pipeline/review_crops.py`: rendered in page workers from the store, written as
PNG files beside the page and loaded lazily, so the page itself stays small).
"""
from __future__ import annotations

import html
import json
from collections import Counter, defaultdict
from pathlib import Path
from typing import Callable

from shiryo.pipeline.diff_report import change_excerpt
from shiryo.pipeline.review_assets import SCRIPT, STYLE
from shiryo.pipeline.review_cards import card_html
from shiryo.pipeline.review_crops import Crop, plan_crop, render_crops, share_crops

esc = html.escape
OPS = ("added", "removed", "changed", "moved")
EXCERPT = 60  # characters of a change shown in the summary's index

# (doc, sha256) -> the edition's entry in out/editions/<doc>.json ({n, revised, first_seen, n_pages, …}) or None
EditionLookup = Callable[[str, str], "dict | None"]


def _section(entry: dict) -> str:
    return " › ".join((entry["after"] or entry["before"]).get("section") or []) or "(top level)"


def _excerpt(entry: dict) -> str:
    before, after = entry["before"], entry["after"]
    if entry.get("cells"):
        d = entry["cells"][0]
        label = d.get("label") or ""
        if d["op"] == "changed" and d.get("cols"):
            c = d["cols"][0]
            text = f"{label}: {c.get('before') or ''} → {c.get('after') or ''}"
        else:
            text = f"{d['op']} row {label}"
        if len(entry["cells"]) > 1:
            text += f" (+{len(entry['cells']) - 1})"
    elif before is not None and after is not None and (before.get("text") or "") != (after.get("text") or ""):
        text = change_excerpt(before.get("text") or "", after.get("text") or "", 10)
    else:
        text = (after or before).get("text") or ""
    text = " ".join(text.split())
    return text if len(text) <= EXCERPT else text[: EXCERPT - 1] + "…"


def _edition_label(doc: str, versions: set[str], lookup: EditionLookup | None) -> str:
    if not versions:
        return "—"
    out = []
    for v in sorted(versions):
        e = lookup(doc, v) if lookup else None
        if e:
            bits = [f"edition {e['n']}"]
            if e.get("revised"):
                bits.append(f"改訂 {e['revised']}")
            if e.get("first_seen"):
                bits.append(f"first seen {e['first_seen'][:10]}")
            if e.get("n_pages"):
                bits.append(f"{e['n_pages']} pp.")
            out.append(" · ".join(bits) + f" <code>{esc(v[:12])}</code>")
        else:
            out.append(f"<code>{esc(v[:12])}</code>")
    return "<br>".join(out)


def _notes_html(notes: list[dict]) -> str:
    if not notes:
        return ""
    items = "".join(
        f"<li><b>{esc(str(n.get('doc')))}</b> {esc(str(n.get('op')))} {esc(str(n.get('type') or ''))}: "
        f"<code>{esc(json.dumps({k: v for k, v in n.items() if k not in ('doc', 'op', 'type', 'before', 'after')}, ensure_ascii=False)[:400])}</code></li>"
        for n in notes
    )
    return f"<ul class='notes'>{items}</ul>"


def _badges(counts: Counter) -> str:
    return "".join(f"<span class='badge {op}' title='{op}'>{counts[op]}</span>" for op in OPS if counts.get(op))


def _checkboxes(name: str, counts: Counter, order) -> str:
    return "".join(f"<label><input type='checkbox' name='{name}' value='{esc(k)}' checked> {esc(k)} ({counts[k]})</label>" for k in order if counts.get(k))


def render_review_html(entries: list[dict], store: Path | None = None, assets: Path | None = None,
                       editions: EditionLookup | None = None, title: str = "shiryo diff") -> str:
    """The review page of `entries` (diff records).  `store`: the folder of the editions' PDFs
    (`out/store`); `assets`: the folder the page crops are written to, beside the page (None:
    crops embedded as data: URIs); `editions`: the edition of a (doc, sha256), for the summary."""
    # entries with neither side (e.g. a per-document summary a diff may add) are notes, not cards
    notes = [e for e in entries if e.get("before") is None and e.get("after") is None]
    entries = [e for e in entries if not (e.get("before") is None and e.get("after") is None)]
    by_doc: dict[str, dict[str, list[tuple[int, dict]]]] = defaultdict(lambda: defaultdict(list))
    for n, e in enumerate(entries, 1):
        by_doc[e["doc"]][_section(e)].append((n, e))
    section_ids: dict[tuple[str, str], str] = {}
    for doc, sections in by_doc.items():
        for section in sections:
            section_ids[(doc, section)] = f"s-{len(section_ids) + 1}"

    crops: dict[tuple[int, str], Crop] = {}
    for n, e in enumerate(entries, 1):
        for side in ("before", "after"):
            crop = plan_crop(e, side)
            if crop is not None:
                crops[(n, side)] = crop
    share_crops(list(crops.values()))
    render_crops(list(crops.values()), store, assets)

    # -- summary
    ops = Counter(e["op"] for e in entries)
    op_order = OPS + tuple(sorted(set(ops) - set(OPS)))
    types = Counter(e["type"] for e in entries)
    doc_rows, nav = [], []
    for doc, sections in by_doc.items():
        items = [e for changes in sections.values() for _, e in changes]
        before = {e["before"]["version"] for e in items if e["before"] and e["before"].get("version")}
        after = {e["after"]["version"] for e in items if e["after"] and e["after"].get("version")}
        doc_rows.append(
            f"<tr><td><a href='#d-{esc(doc)}'>{esc(doc)}</a></td><td>{_edition_label(doc, before, editions)}</td>"
            f"<td>{_edition_label(doc, after, editions)}</td><td>{len(items)} {_badges(Counter(e['op'] for e in items))}</td></tr>"
        )
        nav.append(f"<h3>{esc(doc)}</h3><ol>")
        for section, changes in sections.items():
            sid = section_ids[(doc, section)]
            index = "".join(
                f"<li class='entry' data-op='{esc(e['op'])}' data-type='{esc(e['type'])}' data-doc='{esc(doc)}' data-section='{sid}'>"
                f"<a href='#c-{n}'>{esc(e['op'])} {esc(e['type'])} p.{esc(str((e['after'] or e['before']).get('page')))}: {esc(_excerpt(e))}</a></li>"
                for n, e in changes
            )
            nav.append(
                f"<li class='section'><details><summary><a href='#{sid}'>{esc(section)}</a> {_badges(Counter(e['op'] for _, e in changes))}</summary>"
                f"<ol class='changes'>{index}</ol></details></li>"
            )
        nav.append("</ol>")
    doc_select = ""
    if len(by_doc) > 1:
        doc_select = "<label>document <select id='f-doc'><option value=''>all</option>" + "".join(f"<option value='{esc(d)}'>{esc(d)}</option>" for d in by_doc) + "</select></label>"
    section_select = "<label>section <select id='f-section'><option value=''>all</option>" + "".join(
        f"<option value='{sid}'>{esc((doc + ': ') if len(by_doc) > 1 else '')}{esc(section)} ({len(by_doc[doc][section])})</option>" for (doc, section), sid in section_ids.items()
    ) + "</select></label>"
    filters = (
        "<div class='filters' id='filters'>"
        f"<fieldset class='f-op'><legend>change</legend>{_checkboxes('op', ops, op_order)}</fieldset>"
        f"<fieldset class='f-type'><legend>record</legend>{_checkboxes('type', types, sorted(types))}</fieldset>"
        f"{doc_select}{section_select}"
        "<label><input type='checkbox' id='f-ctx'> hide unchanged context</label>"
        "<button type='button' id='f-reset'>show all</button> <span id='shown'></span> <a href='#top'>top</a></div>"
    )
    summary = (
        f"<header id='top'><h1>{esc(title)}</h1>"
        f"<p class='counts'>{len(entries)} changes: " + ", ".join(f"{ops.get(k, 0)} {k}" for k in op_order) + "</p>"
        + _notes_html(notes)
        + (f"<table class='docs'><tr><th>document</th><th>before</th><th>after</th><th>changes</th></tr>{''.join(doc_rows)}</table>" if entries else "")
        + filters
        + (f"<nav class='sections'><h2>Sections</h2>{''.join(nav)}</nav>" if entries else "")
        + "</header>"
    )

    # -- the changes
    parts = []
    for doc, sections in by_doc.items():
        parts.append(f"<section class='doc' id='d-{esc(doc)}' data-doc='{esc(doc)}'><h2>{esc(doc)}</h2>")
        for section, changes in sections.items():
            sid = section_ids[(doc, section)]
            parts.append(f"<section class='group' id='{sid}'><h3>{esc(section)}</h3>")
            for n, e in changes:
                parts.append(card_html(e, n, sid, {"before": crops.get((n, "before")), "after": crops.get((n, "after"))}))
            parts.append("</section>")
        parts.append("</section>")
    body = "".join(parts) or "<p class='empty'>No changes.</p>"
    return (
        f"<!doctype html><html lang='ja'><head><meta charset='utf-8'><meta name='viewport' content='width=device-width'>"
        f"<title>{esc(title)}</title><style>{STYLE}</style></head>"
        f"<body>{summary}<main>{body}</main><div id='zoom'></div><script>{SCRIPT}</script></body></html>\n"
    )
