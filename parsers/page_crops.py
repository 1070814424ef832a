"""Page crops for the review page: regions of a PDF's pages rendered to PNG.

Runs inside a page worker (`parsers/worker.py`), like every other native PDF call: the review
page asks for all the crops of one edition in one call (`render_crops`), so the PDF is opened
once.  Nothing is drawn on the page: the review page draws the record's and the changed cells'
boxes over the image in HTML, where they scale with it and can be inspected.

Crops are grey with 16 levels (4-bit PNG): anti-aliased print stays sharp and a crop is about
a third of its RGB size (on the 部会資料 7 → 8 redraft: 66 KB → 25 KB a crop at 144 dpi),
which keeps the folder of a large review page small.
"""
from __future__ import annotations

import io

import pymupdf


_LEVELS = bytes(v >> 4 for v in range(256))  # 256 grey levels -> 16
_PALETTE = [g * 17 for g in range(16) for _ in range(3)]


def _png(pix: pymupdf.Pixmap) -> bytes:
    try:
        from PIL import Image
    except ImportError:  # without Pillow: an 8-bit grey PNG
        return pix.tobytes("png")
    image = Image.frombytes("P", (pix.width, pix.height), pix.samples.translate(_LEVELS))
    image.putpalette(_PALETTE)
    out = io.BytesIO()
    image.save(out, "PNG", bits=4)
    return out.getvalue()


def render_crops(pdf: str, crops: list[dict], dpi: int = 144) -> list[tuple[bytes, list[float]] | None]:
    """(PNG bytes, the clip drawn) of each `{page (1-based), clip: [x0, y0, x1, y1]}` in points,
    the clip cut to the page; None for a page that does not exist or a clip outside it."""
    out: list[tuple[bytes, list[float]] | None] = []
    with pymupdf.open(pdf) as doc:
        for crop in crops:
            number = int(crop["page"])
            if not 1 <= number <= doc.page_count:
                out.append(None)
                continue
            page = doc[number - 1]
            clip = pymupdf.Rect(crop["clip"]) & page.rect
            if clip.is_empty:
                out.append(None)
                continue
            try:
                out.append((_png(page.get_pixmap(clip=clip, dpi=dpi, colorspace=pymupdf.csGRAY, alpha=False)), [clip.x0, clip.y0, clip.x1, clip.y1]))
            except Exception:  # one page MuPDF cannot draw costs its picture, not the others
                out.append(None)
    return out

