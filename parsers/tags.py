"""The PDF's own structure tree (Tagged PDF) as evidence: the role its author's program gave each
text line (`H1`…`H6`, `P`, `LI`/`Lbl`/`LBody`, `Caption`, `Note`, `TD`, `Figure`, …).

Word, Excel, PowerPoint and PDFMaker export tags; MuPDF reads the tree over the marked content
(`TEXT_COLLECT_STRUCTURE`) and hands each text line out inside the structure elements that hold
it.  A line's role is its innermost block-level element (a `Span` or `Link` inside a `P` says
`P`).  Tags are often flat (Word's own styled headings tagged `P`), so they are weighed against
the geometry, never taken alone: `bench/structure_tags.py` measures how far they agree with the
hand-made reference.  Read in the page workers, and only on documents that carry a tree.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from shiryo.parsers.model import BBox, Line, centre_in

if TYPE_CHECKING:
    import pymupdf

# standard structure types → the block type they name; the rest (Span, Link, Quote, Reference,
# Document, Part, Sect, Div, Art, NonStruct, …) are inline or grouping and say nothing of a block
ROLE_TYPES = {
    **{f"H{n}": "heading" for n in range(1, 7)}, "H": "heading", "Title": "heading",
    "P": "paragraph", "BlockQuote": "paragraph",
    "L": "list_item", "LI": "list_item", "Lbl": "list_item", "LBody": "list_item", "TOC": "list_item", "TOCI": "list_item",
    "Caption": "caption", "Note": "footnote", "FENote": "footnote",
    "Table": "table", "TR": "table", "TH": "table", "TD": "table", "THead": "table", "TBody": "table", "TFoot": "table",
    "Figure": "figure", "Formula": "figure",
}
# list parts: the item is what a reader sees, whichever part holds the line
_LIST_PARTS = {"Lbl", "LBody"}


def is_tagged(doc: pymupdf.Document) -> bool:
    """Does the document carry a structure tree (its catalog names a StructTreeRoot)?"""
    try:
        return doc.is_pdf and doc.xref_get_key(doc.pdf_catalog(), "StructTreeRoot")[0] == "xref"
    except Exception:  # a damaged catalog: no tags, the geometry alone decides
        return False


def tagged_lines(page: pymupdf.Page) -> list[tuple[BBox, str, str]]:
    """(bbox, role, text) of every text line inside the page's structure elements; role is the
    standard type of the innermost block-level element holding it (`H2`, `P`, `LI`, …)."""
    import pymupdf

    textpage = page.get_textpage(flags=pymupdf.TEXT_COLLECT_STRUCTURE | pymupdf.TEXT_PRESERVE_WHITESPACE | pymupdf.TEXT_MEDIABOX_CLIP)
    out: list[tuple[BBox, str, str]] = []

    def walk(blocks, role: str) -> None:
        for block in blocks:
            if block["type"] == 2:  # a structure element
                std = block.get("std") or ""
                walk(block.get("blocks") or (), std if std in ROLE_TYPES else role)
            elif block["type"] == 0 and role:
                for line in block["lines"]:
                    text = "".join(s["text"] for s in line["spans"])
                    if text.strip():
                        out.append((tuple(line["bbox"]), role, text))

    walk(textpage.extractDICT()["blocks"], "")
    return out


def line_role(line: Line, tagged: list[tuple[BBox, str, str]]) -> str:
    """The role of `line`: the role holding most of its characters among the tagged lines whose
    centre lies in it (MuPDF splits a line where its elements change: `2.5.2 ` | `グローバル要件`)."""
    weight: dict[str, int] = {}
    for bbox, role, text in tagged:
        if centre_in(bbox, line.bbox, 1.0):
            role = "LI" if role in _LIST_PARTS else role
            weight[role] = weight.get(role, 0) + len(text.strip())
    return max(weight, key=weight.__getitem__) if weight else ""


def role_type(role: str) -> str:
    """The block type a role names ('' for none)."""
    return ROLE_TYPES.get(role, "")
