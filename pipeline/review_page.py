"""The diff review page (`shiryo diff --format html`): one self-contained HTML file.

Per document, changes grouped by section; each change shows before / after with the
changed characters marked (<del>/<ins>), tables as tables with changed cells and
added / removed rows marked, and a crop of the page image of each side with the
record's box drawn — rendered with PyMuPDF from the edition's PDF in the
content-addressed store (`out/store/<sha256>.pdf`, the record's `version`) and
embedded as a data: PNG.  Without the stored PDF the crop is replaced by a note.
"""
from __future__ import annotations

import base64
import difflib
import html
import re
from collections import defaultdict
from functools import lru_cache
from pathlib import Path

import pymupdf

from shiryo.pipeline.diff import summarize, table_rows

_SHA256 = re.compile(r"[0-9a-f]{64}")

CROP_MARGIN = 18.0  # points of context around the record's box
CROP_DPI = 100
MAX_CROP_HEIGHT = 420.0  # points; a long record is shown from its top

_STYLE = """
body{font-family:"IPAexGothic","Noto Sans CJK JP",sans-serif;margin:1.5em;color:#222}
h1{font-size:1.4em}h2{border-bottom:2px solid #888;margin-top:2em}h3{font-size:1em;color:#555;margin:1.2em 0 .4em}
.change{border:1px solid #ccc;border-left:6px solid #999;margin:.6em 0;padding:.5em .8em}
.change.added{border-left-color:#2da44e}.change.removed{border-left-color:#cf222e}
.change.changed{border-left-color:#d4a72c}.change.moved{border-left-color:#0969da}
.change header{font-size:.85em;color:#555;margin-bottom:.4em}
.sides{display:grid;grid-template-columns:1fr 1fr;gap:1em}
.side h4{margin:.2em 0;font-size:.8em;color:#777}
.text{white-space:pre-wrap;line-height:1.6}
del{background:#ffcecb;text-decoration:line-through}ins{background:#aceebb;text-decoration:none}
table.cells{border-collapse:collapse;font-size:.85em}table.cells td{border:1px solid #aaa;padding:2px 4px;vertical-align:top}
td.cell-changed{background:#fff2a8;outline:2px solid #d4a72c}tr.row-added td{background:#aceebb}tr.row-removed td{background:#ffcecb}
img.crop{max-width:100%;border:1px solid #bbb;margin-top:.4em}.nocrop{color:#999;font-size:.8em}
"""


def char_diff_html(before: str, after: str) -> tuple[str, str]:
    """Both texts as HTML with the characters that differ marked: <del> in before, <ins> in after."""
    esc = html.escape
    a, b = [], []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, before, after, autojunk=False).get_opcodes():
        if op == "equal":
            a.append(esc(before[i1:i2]))
            b.append(esc(after[j1:j2]))
            continue
        if i2 > i1:
            a.append(f"<del>{esc(before[i1:i2])}</del>")
        if j2 > j1:
            b.append(f"<ins>{esc(after[j1:j2])}</ins>")
    return "".join(a), "".join(b)


@lru_cache(maxsize=4)  # the two editions of the document being rendered, and some slack
def _pdf_bytes(path: str) -> bytes | None:
    p = Path(path)
    return p.read_bytes() if p.is_file() else None


def page_crop_png(pdf: Path, page: int, bbox: list[float]) -> bytes | None:
    """PNG of the region around `bbox` on `page` (1-based) with the box drawn in red."""
    data = _pdf_bytes(str(pdf))
    if data is None:
        return None
    with pymupdf.open(stream=data, filetype="pdf") as doc:  # a fresh copy: drawing never accumulates
        if not 1 <= page <= doc.page_count:
            return None
        p = doc[page - 1]
        box = pymupdf.Rect(bbox) & p.rect
        if box.is_empty:
            return None
        p.draw_rect(box, color=(0.85, 0.1, 0.1), width=1.5)
        clip = pymupdf.Rect(box.x0 - CROP_MARGIN, box.y0 - CROP_MARGIN, box.x1 + CROP_MARGIN, min(box.y1, box.y0 + MAX_CROP_HEIGHT) + CROP_MARGIN) & p.rect
        return p.get_pixmap(clip=clip, dpi=CROP_DPI).tobytes("png")


def _crop_html(record: dict, store: Path | None, side: str) -> str:
    png = None
    # the version names a store file: only a sha256, so a crafted `../../x` in a JSONL
    # cannot make the page embed a PDF from outside the store
    if store is not None and _SHA256.fullmatch(str(record.get("version") or "")):
        try:
            png = page_crop_png(store / f"{record['version']}.pdf", record.get("page") or 1, record.get("bbox") or [0, 0, 0, 0])
        except Exception:  # a page PyMuPDF cannot render costs its picture, not the page
            png = None
    if png is None:
        return f"<p class='nocrop'>(no page image: edition {html.escape(str(record.get('version', ''))[:12])} not in the store)</p>"
    src = "data:image/png;base64," + base64.b64encode(png).decode("ascii")
    return f"<img class='crop' data-side='{side}' alt='{html.escape(side)}, page {html.escape(str(record.get('page')))}' src='{src}'>"


def _table_html(record: dict, cells_diff: list[dict], side: str) -> str:
    """The table of one side, with the rows and cells of the cell sub-diff marked."""
    changed_cols: dict[int, dict[int, dict]] = defaultdict(dict)
    row_class: dict[int, str] = {}
    for d in cells_diff:
        if d["op"] == "changed":
            row = d["row"] if side == "after" else d["row_before"]
            for col in d["cols"]:
                changed_cols[row][col["col"]] = col
        elif d["op"] == "added" and side == "after":
            row_class[d["row"]] = "row-added"
        elif d["op"] == "removed" and side == "before":
            row_class[d["row_before"]] = "row-removed"
    out = ["<table class='cells'>"]
    for r, row in enumerate(table_rows(record)):
        out.append(f"<tr class='{row_class.get(r, '')}'>")
        for k, text in enumerate(row):
            col = changed_cols.get(r, {}).get(k)
            if col is not None:
                before_html, after_html = char_diff_html(col["before"] or "", col["after"] or "")
                out.append(f"<td class='cell-changed'>{after_html if side == 'after' else before_html}</td>")
            else:
                out.append(f"<td>{html.escape(text)}</td>")
        out.append("</tr>")
    out.append("</table>")
    return "".join(out)


def _side_html(entry: dict, side: str, store: Path | None) -> str:
    record = entry[side]
    if record is None:
        return f"<div class='side {side}'><h4>{side}</h4><p class='nocrop'>—</p></div>"
    other = entry["after" if side == "before" else "before"]
    if record["type"] == "table":
        body = _table_html(record, entry.get("cells", []), side)
    elif other is not None:
        before_html, after_html = char_diff_html(entry["before"].get("text") or "", entry["after"].get("text") or "")
        body = f"<div class='text'>{before_html if side == 'before' else after_html}</div>"
    else:
        body = f"<div class='text'>{html.escape(record.get('text') or '')}</div>"
    where = f"page {html.escape(str(record.get('page')))}"
    return f"<div class='side {side}'><h4>{side} · {where}</h4>{body}{_crop_html(record, store, side)}</div>"


def render_review_html(entries: list[dict], store: Path | None = None) -> str:
    esc = html.escape
    parts = []
    by_doc: dict[str, list[dict]] = defaultdict(list)
    for e in entries:
        by_doc[e["doc"]].append(e)
    for doc, items in by_doc.items():
        versions_before = {e["before"].get("version") for e in items if e["before"]}
        versions_after = {e["after"].get("version") for e in items if e["after"]}
        editions = " → ".join(", ".join(sorted(v[:12] for v in vs if v)) or "—" for vs in (versions_before, versions_after))
        counts = ", ".join(f"{v} {k}" for k, v in summarize(items).items() if v)
        parts.append(f"<section class='doc' data-doc='{esc(doc)}'><h2>{esc(doc)}</h2><p>edition {esc(editions)} · {counts}</p>")
        groups: dict[tuple, list[dict]] = defaultdict(list)
        for e in items:
            groups[tuple((e["after"] or e["before"]).get("section") or [])].append(e)
        for section, changes in groups.items():
            parts.append(f"<section class='group'><h3>{esc(' › '.join(section) or '(top level)')}</h3>")
            for e in changes:
                fields = f" · fields: {esc(', '.join(e['fields']))}" if e["fields"] else ""
                parts.append(
                    f"<article class='change {e['op']}' data-op='{e['op']}' data-type='{esc(e['type'])}' data-id='{esc(e['id'])}'>"
                    f"<header><b>{e['op']}</b> · {esc(e['type'])}{fields}</header><div class='sides'>"
                    f"{_side_html(e, 'before', store)}{_side_html(e, 'after', store)}</div></article>"
                )
            parts.append("</section>")
        parts.append("</section>")
    counts = ", ".join(f"{v} {k}" for k, v in summarize(entries).items())
    body = "".join(parts) or "<p class='empty'>No changes.</p>"
    return (
        f"<!doctype html><html lang='ja'><head><meta charset='utf-8'><title>shiryo diff</title><style>{_STYLE}</style></head>"
        f"<body><h1>shiryo diff</h1><p class='counts'>{len(entries)} changes: {counts}</p>{body}</body></html>\n"
    )
