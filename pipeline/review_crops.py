"""Page crops of the review page: which region of which page each change shows, and the PNGs.

A crop is planned from the record (its page and box) or, for a changed table, from the changed
cells (so the changed row is inside the crop however long the table is).  The boxes to mark are
kept as coordinates and drawn over the image by the page (HTML), not burnt into the PNG.

PDFs are read only from the content-addressed store: `<store>/<64 hex>.pdf`, the record's
`version`; any other name is refused, so a diff file cannot make the page read other files.
Rendering is native PDF work and runs in page workers (`parsers/worker.py`), one per edition,
all crops of an edition in one call.  Crops are PNG files in a folder beside the page
(`review_files/`, loaded lazily) or, with no folder, data: URIs.
"""
from __future__ import annotations

import base64
import hashlib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path


from shiryo.pipeline.diff import table_rows
from shiryo.pipeline.runstore import SHA256_HEX

MARGIN_X, MARGIN_Y = 24.0, 24.0  # points of context around what changed
MIN_WIDTH = 420.0  # points: narrow records are shown with their surroundings, readable
MAX_HEIGHT = 360.0  # points: a long record is shown from its (first changed) top
CROP_DPI = 112  # 10.5 pt print is 16 px high: readable in a card, sharper enlarged
RENDER_TIMEOUT = 300.0  # seconds for all crops of one edition


def store_pdf(store: Path | None, version: str | None) -> Path | None:
    """The stored PDF of an edition, or None: only `<store>/<sha256>.pdf` is ever read."""
    if store is None or not isinstance(version, str) or not SHA256_HEX.fullmatch(version):
        return None
    path = store / f"{version}.pdf"
    try:
        if path.resolve().parent != store.resolve() or not path.is_file():
            return None
    except OSError:
        return None
    return path


@dataclass
class Crop:
    version: str
    page: int
    clip: list[float]
    boxes: list[tuple[str, list[float]]]  # (kind: record | cell, bbox) drawn over the image
    focus: list[float]  # what must be inside the crop (the record, or the changed cells)
    src: str | None = None
    drawn: list[float] | None = None  # the clip as rendered (cut to the page)
    key: str = field(init=False)

    def __post_init__(self):
        self.share(self.clip)

    def share(self, clip: list[float]) -> None:
        """Show this crop's boxes on the image of `clip` (another crop's, when it holds them)."""
        self.clip = [round(v, 1) for v in clip]
        self.key = hashlib.sha256(f"{self.version}:{self.page}:{self.clip}".encode()).hexdigest()[:20]


def _cells_at(record: dict, slots: set[tuple[int, int]]) -> list[dict]:
    """The cells of `record` covering any of the (row, col) slots."""
    out = []
    for c in record.get("cells") or ():
        rows = range(c["row"], c["row"] + c.get("rowspan", 1))
        cols = range(c["col"], c["col"] + c.get("colspan", 1))
        if any(r in rows and k in cols for r, k in slots) and c.get("bbox"):
            out.append(c)
    return out


def changed_slots(entry: dict, side: str) -> set[tuple[int, int]]:
    """(row, col) of the changed, added (after) or removed (before) cells of a table entry."""
    record = entry[side]
    n_cols = len(table_rows(record)[0]) if record and record.get("cells") else 0
    slots: set[tuple[int, int]] = set()
    for d in entry.get("cells") or ():
        if d["op"] == "changed":
            row = d["row"] if side == "after" else d["row_before"]
            slots.update((row, c["col"]) for c in d["cols"])
        elif (d["op"] == "added" and side == "after") or (d["op"] == "removed" and side == "before"):
            row = d["row"] if side == "after" else d["row_before"]
            slots.update((row, k) for k in range(n_cols))
    return slots


def plan_crop(entry: dict, side: str) -> Crop | None:
    """The crop showing `entry`'s record on `side` (before/after), or None without a position."""
    record = entry.get(side)
    if not record or not record.get("version") or not record.get("bbox") or entry["op"] == "moved" or record.get("type") == "document":
        # a moved record is the same text elsewhere (its sections say where); a document's
        # changes are values (title, pages, …), shown as such, and its box is the whole page
        return None
    try:
        page, box = int(record.get("page") or 1), [float(v) for v in record["bbox"]]
    except (TypeError, ValueError):
        return None  # a record whose position is not numbers (a crafted JSONL): shown without a crop
    if len(box) != 4:
        return None
    boxes: list[tuple[str, list[float]]] = [("record", box)]
    x0, y0, x1, y1 = box
    if record.get("type") == "table" and entry.get("cells"):
        cells = _cells_at(record, changed_slots(entry, side))
        if cells:
            # the changed cells boxed, the crop as wide as the table and as tall as those rows
            page = int(cells[0].get("page") or page)
            cells = [c for c in cells if int(c.get("page") or page) == page]
            boxes = [("cell", list(c["bbox"])) for c in cells]
            y0, y1 = min(c["bbox"][1] for c in cells), max(c["bbox"][3] for c in cells)
            if page != int(record.get("page") or 1):
                x0, x1 = min(c["bbox"][0] for c in cells), max(c["bbox"][2] for c in cells)
    focus = [x0, y0, x1, min(y1, y0 + MAX_HEIGHT)]
    x0, x1 = x0 - MARGIN_X, x1 + MARGIN_X
    if x1 - x0 < MIN_WIDTH:
        grow = (MIN_WIDTH - (x1 - x0)) / 2
        x0, x1 = max(0.0, x0 - grow), x1 + grow
    clip = [x0, focus[1] - MARGIN_Y, x1, focus[3] + MARGIN_Y]
    return Crop(record["version"], page, clip, boxes, focus)


def share_crops(crops: list[Crop]) -> None:
    """Changes close together on a page show one image: a crop whose focus lies inside an
    earlier crop of the same page (a little context to spare) takes that crop's image."""
    shown: dict[tuple[str, int], list[list[float]]] = {}
    for crop in crops:
        clips = shown.setdefault((crop.version, crop.page), [])
        fx0, fy0, fx1, fy1 = crop.focus
        for clip in clips:
            if clip[0] <= fx0 and clip[2] >= fx1 and clip[1] + 8 <= fy0 and clip[3] - 8 >= fy1:
                crop.share(clip)
                break
        else:
            clips.append(crop.clip)


def render_crops(crops: list[Crop], store: Path | None, assets: Path | None) -> None:
    """Render every crop whose edition is in the store, setting `src` (a file in `assets`,
    named relative to the page beside it, or a data: URI) and `drawn`; the rest keep src None."""
    by_version: dict[str, list[Crop]] = {}
    for crop in crops:
        by_version.setdefault(crop.version, []).append(crop)
    jobs = []
    for version, wanted in by_version.items():
        pdf = store_pdf(store, version)
        if pdf is None:
            continue
        unique = list({c.key: c for c in wanted}.values())
        jobs.append((pdf, unique, wanted))
    if not jobs:
        return
    if assets is not None:
        assets.mkdir(parents=True, exist_ok=True)
    with ThreadPoolExecutor(max_workers=2) as pool:  # two editions render side by side
        rendered = list(pool.map(lambda job: _render_edition(job[0], job[1]), jobs))
    for (pdf, unique, wanted), results in zip(jobs, rendered):
        done = {c.key: r for c, r in zip(unique, results)}
        for crop in wanted:
            result = done.get(crop.key)
            if result is None:
                continue
            png, crop.drawn = result
            if assets is None:
                crop.src = "data:image/png;base64," + base64.b64encode(png).decode("ascii")
            else:
                name = f"{crop.key}.png"
                if not (assets / name).is_file():
                    (assets / name).write_bytes(png)
                crop.src = f"{assets.name}/{name}"


def _render_edition(pdf: Path, crops: list[Crop]) -> list:
    from shiryo.parsers.worker import Worker

    try:
        with Worker() as worker:
            return worker.call("shiryo.parsers.page_crops:render_crops", str(pdf), [{"page": c.page, "clip": c.clip} for c in crops], CROP_DPI, timeout=RENDER_TIMEOUT)
    except Exception:  # a PDF the worker cannot draw (or a crashed worker) costs its pictures only
        return [None] * len(crops)
