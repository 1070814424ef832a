"""Table truth loaders and the ICDAR 2013 table-structure metrics (importable by tests and bench).

Truth
- ICDAR 2013 (`../shared/corpus/icdar2013/competition-dataset-*/`): `<doc>-str.xml` gives each
  table's cells (start-row/start-col, optional end-row/end-col, content) per region (one region per
  page; a table crossing pages has several, rows offset by `row-increment`); `<doc>-reg.xml` gives each
  region's page and bounding box.  ICDAR boxes are PDF points with the origin at the bottom left; the
  loader turns them into top-left coordinates (PyMuPDF's convention, used everywhere here).
- Japanese fixtures: `<name>.truth.json` next to `<name>.pdf` =
  {"tables": [{"pages": [...], "n_rows", "n_cols", "header_rows", "cells": [{"row","col","rowspan","colspan","text"}]}]}
  (no regions: those tables are matched on their pages by content, see `match_tables`).

Metrics (after Göbel et al., "ICDAR 2013 Table Competition")
- adjacency relations: for every non-empty cell, its nearest non-empty neighbour to the right (in each
  row the cell spans) and below (in each column it spans) → (text, text, direction) tuples; blank cells
  are skipped over, never related.  Precision/recall/F1 of the predicted multiset of tuples against the
  truth's, per truth table.
- content F1: the multiset of non-empty cell texts.
- an exact table: adjacency and content F1 both 1.
- cell text is compared after NFKC and with all whitespace removed (the competition ignored
  whitespace: a line break inside a cell is layout, not content).
A truth table that no predicted table matches scores 0; scores are averaged over truth tables.
"""
from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from shiryo.pipeline.ids import compact_text

BBox = tuple[float, float, float, float]
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


@dataclass
class GridCell:
    row: int
    col: int
    rowspan: int
    colspan: int
    text: str


@dataclass
class EvalTable:
    """A table as the metric sees it: cells on a grid, the pages it covers and (when known) its box per page."""

    cells: list[GridCell]
    pages: list[int]  # 1-based
    bboxes: dict[int, BBox] = field(default_factory=dict)  # page → box, top-left origin
    name: str = ""

    @property
    def n_rows(self) -> int:
        return max((c.row + c.rowspan for c in self.cells), default=0)

    @property
    def n_cols(self) -> int:
        return max((c.col + c.colspan for c in self.cells), default=0)


def from_grid(rows: list[list[str | None]], page: int, bbox: BBox | None = None, name: str = "") -> EvalTable:
    """A table given as rows of strings (camelot's df, pdfplumber's and PyMuPDF's extract());
    None marks a slot covered by a merged cell."""
    cells = [
        GridCell(r, c, 1, 1, text or "")
        for r, row in enumerate(rows)
        for c, text in enumerate(row)
        if text is not None
    ]
    return EvalTable(cells, [page], {page: bbox} if bbox else {}, name)


# cell texts are compared as record ids compare content: NFKC, no white space
normalize = compact_text


# --- truth loaders ---------------------------------------------------------------------------


def icdar_documents(root: Path) -> list[Path]:
    """The ICDAR PDFs that have structure truth (`*-str.xml` without a PDF are skipped)."""
    return sorted(p for p in Path(root).rglob("*.pdf") if p.with_name(p.stem + "-str.xml").is_file())


def page_heights(pdf: Path) -> dict[int, float]:
    import pymupdf

    pymupdf.TOOLS.mupdf_display_errors(False)
    with pymupdf.open(pdf) as doc:
        return {page.number + 1: page.rect.height for page in doc}


def load_icdar_truth(pdf: Path) -> list[EvalTable]:
    """Truth tables of one ICDAR 2013 document, boxes in top-left page coordinates."""
    pdf = Path(pdf)
    heights = page_heights(pdf)
    regions: dict[tuple[str, str], tuple[int, BBox]] = {}
    reg = pdf.with_name(pdf.stem + "-reg.xml")
    if reg.is_file():
        for table in ET.parse(reg).getroot().iter("table"):
            for region in table.iter("region"):
                page = int(region.get("page"))
                box = region.find("bounding-box")
                if box is None:
                    continue
                regions[(table.get("id"), region.get("id"))] = (page, _flip(box, heights.get(page, 0.0)))
    tables = []
    for table in ET.parse(pdf.with_name(pdf.stem + "-str.xml")).getroot().iter("table"):
        cells: list[GridCell] = []
        pages: list[int] = []
        bboxes: dict[int, BBox] = {}
        for region in table.iter("region"):
            page = int(region.get("page"))
            row_inc = int(region.get("row-increment") or 0)
            col_inc = int(region.get("col-increment") or 0)
            cell_boxes = []
            for cell in region.iter("cell"):
                r0 = int(cell.get("start-row"))
                c0 = int(cell.get("start-col"))
                r1 = int(cell.get("end-row") or r0)
                c1 = int(cell.get("end-col") or c0)
                content = cell.find("content")
                cells.append(GridCell(r0 + row_inc, c0 + col_inc, r1 - r0 + 1, c1 - c0 + 1, (content.text or "") if content is not None else ""))
                box = cell.find("bounding-box")
                if box is not None:
                    cell_boxes.append(_flip(box, heights.get(page, 0.0)))
            if page not in pages:
                pages.append(page)
            known = regions.get((table.get("id"), region.get("id")))
            if known and known[0] == page:
                bboxes[page] = known[1]
            elif cell_boxes:
                bboxes[page] = (
                    min(b[0] for b in cell_boxes),
                    min(b[1] for b in cell_boxes),
                    max(b[2] for b in cell_boxes),
                    max(b[3] for b in cell_boxes),
                )
        tables.append(EvalTable(cells, pages, bboxes, f"{pdf.stem}#{table.get('id')}"))
    return tables


def _number(text: str | None) -> float:
    # the truth has a few typos in coordinates ("26ß"); keep the digits
    match = _NUMBER.search(text or "")
    return float(match.group()) if match else 0.0


def _flip(box, height: float) -> BBox:
    x1, x2 = _number(box.get("x1")), _number(box.get("x2"))
    y1, y2 = _number(box.get("y1")), _number(box.get("y2"))
    return (min(x1, x2), height - max(y1, y2), max(x1, x2), height - min(y1, y2))


def from_cells(cells: list[dict], pages: list[int] | None = None, name: str = "") -> EvalTable:
    """A table given as contract cells (`{"row", "col", "rowspan", "colspan", "text"}`): our
    records and the JSON truth alike."""
    grid = [GridCell(c["row"], c["col"], c.get("rowspan", 1), c.get("colspan", 1), c.get("text", "")) for c in cells]
    return EvalTable(grid, list(pages or []), {}, name)


def load_json_truth(path: Path) -> list[EvalTable]:
    """Truth tables of one Japanese fixture (`<name>.truth.json`)."""
    path = Path(path)
    data = json.loads(path.read_text(encoding="utf-8"))
    stem = path.name.removesuffix(".truth.json")
    return [from_cells(t["cells"], t["pages"], f"{stem}#{i + 1}") for i, t in enumerate(data["tables"])]


def json_truth_documents(root: Path) -> list[tuple[Path, Path]]:
    """(pdf, truth) pairs of a fixture directory: `<name>.pdf` beside `<name>.truth.json`."""
    pairs = []
    for truth in sorted(Path(root).glob("*.truth.json")):
        pdf = truth.with_name(truth.name.removesuffix(".truth.json") + ".pdf")
        if pdf.is_file():
            pairs.append((pdf, truth))
    return pairs


# --- metrics ---------------------------------------------------------------------------------


def adjacency_relations(table: EvalTable) -> Counter:
    """Multiset of (text, text, "h"|"v") between each non-empty cell and its nearest non-empty
    neighbour to the right and below."""
    occupant: dict[tuple[int, int], int] = {}
    for i, c in enumerate(table.cells):
        for r in range(c.row, c.row + max(c.rowspan, 1)):
            for k in range(c.col, c.col + max(c.colspan, 1)):
                occupant.setdefault((r, k), i)
    texts = [normalize(c.text) for c in table.cells]
    n_rows, n_cols = table.n_rows, table.n_cols
    pairs: set[tuple[int, int, str]] = set()

    def nearest_filled(i: int, slots) -> int | None:
        """The first other non-empty cell met along `slots`."""
        return next((j for slot in slots if (j := occupant.get(slot)) is not None and j != i and texts[j]), None)

    for i, c in enumerate(table.cells):
        if not texts[i]:
            continue
        rows = range(c.row, c.row + max(c.rowspan, 1))
        cols = range(c.col, c.col + max(c.colspan, 1))
        # to the right from each row the cell spans, below from each of its columns
        lanes = [("h", [(r, k) for k in range(cols.stop, n_cols)]) for r in rows]
        lanes += [("v", [(r, k) for r in range(rows.stop, n_rows)]) for k in cols]
        for direction, slots in lanes:
            j = nearest_filled(i, slots)
            if j is not None:
                pairs.add((i, j, direction))
    return Counter((texts[i], texts[j], d) for i, j, d in pairs)


def _prf(truth: Counter, found: Counter) -> tuple[float, float, float]:
    correct = sum((truth & found).values())
    n_truth, n_found = sum(truth.values()), sum(found.values())
    if n_truth == 0 and n_found == 0:
        return 1.0, 1.0, 1.0
    precision = correct / n_found if n_found else 0.0
    recall = correct / n_truth if n_truth else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def adjacency_scores(truth: EvalTable, found: EvalTable | None) -> tuple[float, float, float]:
    if found is None:
        return 0.0, 0.0, 0.0
    return _prf(adjacency_relations(truth), adjacency_relations(found))


def contents(table: EvalTable) -> Counter:
    return Counter(t for t in (normalize(c.text) for c in table.cells) if t)


def content_f1(truth: EvalTable, found: EvalTable | None) -> float:
    return 0.0 if found is None else _prf(contents(truth), contents(found))[2]


def stack(parts: list[EvalTable]) -> EvalTable:
    """Predicted pieces of one truth table (one per page) as one table, rows one after another."""
    if len(parts) == 1:
        return parts[0]
    cells, pages, bboxes, offset = [], [], {}, 0
    for part in parts:
        cells.extend(GridCell(c.row + offset, c.col, c.rowspan, c.colspan, c.text) for c in part.cells)
        offset += part.n_rows
        pages.extend(p for p in part.pages if p not in pages)
        bboxes.update(part.bboxes)
    return EvalTable(cells, pages, bboxes, parts[0].name)


def _overlap(a: BBox, b: BBox) -> float:
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return w * h if w > 0 and h > 0 else 0.0


def match_tables(truths: list[EvalTable], found: list[EvalTable]) -> list[EvalTable | None]:
    """For each truth table of a document, the predicted table it is scored against.

    With truth regions (ICDAR): on each page of the truth table, the predicted table overlapping
    the region most; pieces from several pages are stacked (a predicted table that already spans
    those pages counts once).  Without regions (fixtures): among the predicted tables on the truth
    table's first page, the one with the best adjacency F1.  A predicted table serves one truth
    table at most, claimed in order of overlap (or F1).
    """
    candidates: list[tuple[float, int, int, int]] = []  # (score, truth index, page, found index)
    for ti, truth in enumerate(truths):
        for page in truth.pages:
            region = truth.bboxes.get(page)
            for fi, table in enumerate(found):
                if page not in table.pages:
                    continue
                if region is not None:
                    box = table.bboxes.get(page)
                    score = _overlap(region, box) if box else 0.0
                else:
                    if page != truth.pages[0] and truth.pages[0] in table.pages:
                        continue
                    score = adjacency_scores(truth, table)[2] + 1e-6 * content_f1(truth, table)
                if score > 0:
                    candidates.append((score, ti, page, fi))
    claimed: dict[int, tuple[int, int]] = {}  # found index → (truth index, page)
    chosen: dict[tuple[int, int], int] = {}  # (truth index, page) → found index
    for score, ti, page, fi in sorted(candidates, key=lambda c: -c[0]):
        if (ti, page) in chosen:
            continue
        if fi in claimed and claimed[fi][0] != ti:
            continue
        chosen[(ti, page)] = fi
        claimed.setdefault(fi, (ti, page))
    out: list[EvalTable | None] = []
    for ti, truth in enumerate(truths):
        pieces: list[int] = []
        for page in truth.pages:
            fi = chosen.get((ti, page))
            if fi is not None and fi not in pieces:
                pieces.append(fi)
        out.append(stack([found[fi] for fi in pieces]) if pieces else None)
    return out


@dataclass
class TableScore:
    name: str
    precision: float
    recall: float
    f1: float
    content_f1: float

    @property
    def exact(self) -> bool:
        return self.f1 >= 1.0 - 1e-9 and self.content_f1 >= 1.0 - 1e-9


def score_document(truths: list[EvalTable], found: list[EvalTable]) -> list[TableScore]:
    scores = []
    for truth, match in zip(truths, match_tables(truths, found)):
        p, r, f = adjacency_scores(truth, match)
        scores.append(TableScore(truth.name, p, r, f, content_f1(truth, match)))
    return scores


def summarize(scores: list[TableScore]) -> dict:
    n = len(scores)
    return {
        "tables": n,
        "adjacency_f1": sum(s.f1 for s in scores) / n if n else 0.0,
        "adjacency_precision": sum(s.precision for s in scores) / n if n else 0.0,
        "adjacency_recall": sum(s.recall for s in scores) / n if n else 0.0,
        "content_f1": sum(s.content_f1 for s in scores) / n if n else 0.0,
        "exact": sum(s.exact for s in scores),
    }


def from_shiryo(table, page: int, name: str = "") -> EvalTable:
    """A parsers.model.Table for the metric; a table stitched over pages has cells carrying their
    own page (0: the table's first page), and a box per page around its cells there."""
    cells = [GridCell(c.row, c.col, c.rowspan, c.colspan, c.text) for c in table.cells]
    boxes: dict[int, BBox] = {page: tuple(table.bbox)}
    for c in table.cells:
        if c.page and c.page != page:
            x0, y0, x1, y1 = boxes.get(c.page, c.bbox)
            boxes[c.page] = (min(x0, c.bbox[0]), min(y0, c.bbox[1]), max(x1, c.bbox[2]), max(y1, c.bbox[3]))
    return EvalTable(cells, sorted(boxes), boxes, name)
