"""Fill the cell texts of the hand-made real-page table truth (`tests/table_reference/*.json`).

The structure of each truth table is decided by hand from the rendered page (PNG looked at by a
person): its column edges `xs`, row edges `ys` (points, top-left origin) and merged cells
`merge: [[row, col, rowspan, colspan], ...]` per page part.  Only the texts are then taken from
the page's own characters (PyMuPDF rawdict: every character whose centre falls inside the cell,
lines top to bottom, characters left to right), never from any table finder's output.

    .venv/bin/python bench/table_truth.py tests/table_reference/*.json   # (re)write "cells"

A part may drop its first `skip_rows` rows (a header printed again on a continuation page).
`units: [[row, col, "千円"]]` takes a unit printed inside a cell out of its text and records it as
the column's unit (`col_units`): the number is the cell, the unit belongs to the column.
`continues_row: true` on a part: its first row is the rest of the row the page break cut (texts
joined to the previous part's last row).  `blank: [[row, col]]` empties a cell whose characters are no content (a diagonal slash's mark).
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"


def page_chars(page) -> list[tuple[float, float, float, str]]:
    """(x centre, y centre, size, char) of every character a reader sees on the page."""
    out = []
    for block in page.get_text("rawdict")["blocks"]:
        for line in block.get("lines", []):
            for span in line["spans"]:
                if span["size"] < 2 or span.get("alpha", 255) == 0:
                    continue  # text nobody reads on the page: under 2 pt, or drawn invisibly
                for ch in span["chars"]:
                    x0, y0, x1, y1 = ch["bbox"]
                    if ch["c"].strip() or ch["c"] == " ":
                        out.append(((x0 + x1) / 2, (y0 + y1) / 2, max(span["size"], 1.0), ch["c"]))
    return out


def cell_text(chars, box) -> str:
    x0, y0, x1, y1 = box
    inside = [c for c in chars if x0 <= c[0] < x1 and y0 <= c[1] < y1]
    inside.sort(key=lambda c: c[1])
    lines: list[list] = []
    for c in inside:
        if lines and abs(lines[-1][0][1] - c[1]) < 0.4 * c[2]:
            lines[-1].append(c)
        else:
            lines.append([c])
    return "\n".join(" ".join("".join(ch[3] for ch in sorted(line, key=lambda c: c[0])).split()) for line in lines)


def build_table(doc, table: dict) -> list[dict]:
    cells: list[dict] = []
    offset = 0
    col_units: dict[str, str] = {}
    for part in table["parts"]:
        page = doc[part["page"] - 1]
        chars = page_chars(page)
        xs, ys = part["xs"], part["ys"]
        covered: dict[tuple[int, int], tuple[int, int, int, int]] = {}
        for r, c, rs, cs in part.get("merge", []):
            for i in range(r, r + rs):
                for j in range(c, c + cs):
                    covered[(i, j)] = (r, c, rs, cs)
        units = {(r, c): u for r, c, u in part.get("units", [])}
        blank = {tuple(x) for x in part.get("blank", [])}
        skip = part.get("skip_rows", 0)
        # a row split by the page break: this part's first row finishes the previous part's last
        joined = part.get("continues_row", False) and cells
        last_row = {c["col"]: c for c in cells if c["row"] == offset - 1} if joined else {}
        if joined:
            offset -= 1
        for r in range(skip, len(ys) - 1):
            for c in range(len(xs) - 1):
                r0, c0, rs, cs = covered.get((r, c), (r, c, 1, 1))
                if (r0, c0) != (r, c) and not (r0 < skip and r == skip and c == c0):
                    continue
                if r0 < skip:  # a merged cell cut by the skipped rows keeps its lower part
                    rs, r0 = rs - (skip - r0), skip
                text = "" if (r0, c0) in blank else cell_text(chars, (xs[c0], ys[r0], xs[c0 + cs], ys[r0 + rs]))
                unit = units.get((r0, c0))
                if unit:
                    text = text.replace(unit, "", 1).strip()
                    col_units[str(c0)] = unit
                if joined and r0 == skip and c0 in last_row:
                    prev = last_row[c0]
                    prev["text"] = "\n".join(t for t in (prev["text"], text) if t)
                    continue
                cells.append({"row": r0 - skip + offset, "col": c0, "rowspan": rs, "colspan": cs, "text": text, "page": part["page"]})
        offset += len(ys) - 1 - skip
    if col_units:
        table["col_units"] = col_units
    return cells


def dump(spec: dict) -> str:
    """The truth file, one grid part and one cell per line (edges stay easy to edit by hand)."""
    one = lambda x: json.dumps(x, ensure_ascii=False)
    head = ",\n".join(f" {one(k)}: {one(v)}" for k, v in spec.items() if k != "tables")
    tables = []
    for t in spec["tables"]:
        fields = [f"  {one(k)}: {one(v)}" for k, v in t.items() if k not in ("parts", "cells")]
        fields.append('  "parts": [\n' + ",\n".join("   " + one(p) for p in t["parts"]) + "\n  ]")
        fields.append('  "cells": [\n' + ",\n".join("   " + one(c) for c in t.get("cells", [])) + "\n  ]")
        tables.append(" {\n" + ",\n".join(fields) + "\n }")
    return "{\n" + head + ',\n "tables": [\n' + ",\n".join(tables) + "\n ]\n}\n"


def main(paths: list[str]) -> None:
    import pymupdf

    for path in map(Path, paths):
        spec = json.loads(path.read_text(encoding="utf-8"))
        with pymupdf.open(CORPUS / spec["pdf"]) as doc:
            for table in spec["tables"]:
                table["cells"] = build_table(doc, table)
        path.write_text(dump(spec), encoding="utf-8")
        for t in spec["tables"]:
            n_rows = max(c["row"] + c["rowspan"] for c in t["cells"])
            n_cols = max(c["col"] + c["colspan"] for c in t["cells"])
            print(f"{path.name} p{t['parts'][0]['page']}: {n_rows}x{n_cols}")
            grid = [["" for _ in range(n_cols)] for _ in range(n_rows)]
            for c in t["cells"]:
                grid[c["row"]][c["col"]] = c["text"].replace("\n", "⏎")
            for row in grid:
                print("   | " + " | ".join(row))


if __name__ == "__main__":
    main(sys.argv[1:])
