"""How far a Tagged PDF's own structure tree agrees with the hand-made structure reference
(tests/structure_reference/*.yaml, issue 14), and with shiryo where the two differ.

For every reference page of a document that carries a structure tree, each tagged text line
(`parsers/tags.tagged_lines`) is assigned, in reading order, to the reference block whose text
holds it; a block's tag is the role holding most of its characters (`H2` → heading, `P` →
paragraph, `LI`/`Lbl`/`LBody` → list item, `Note` → footnote, …).  Printed per document and
split (tuned / held-out): blocks, blocks with a tag, tag type = reference type, heading precision
and recall of the tags alone, and on the blocks where shiryo's type and the tag's differ, which of
the two the reference sides with.

    .venv/bin/python bench/structure_tags.py [-v]      # -v: every block where the tag disagrees
"""
from __future__ import annotations

import sys
from pathlib import Path

import pymupdf

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "structure_reference")]

from structure_score import CORPUS, candidates, norm, references  # noqa: E402

from shiryo.parsers.tags import is_tagged, role_type, tagged_lines  # noqa: E402

MIN_CHARS = 2  # shorter tagged pieces (a bullet, a mark) cannot say which block they belong to


def block_tags(blocks: list[dict], tagged: list[tuple]) -> list[str]:
    """The tag type of each reference block ('' where no tagged line falls in it)."""
    texts = [norm(b["text"]) for b in blocks]
    weights: list[dict[str, int]] = [{} for _ in blocks]
    at = 0
    for _bbox, role, text in tagged:
        t = norm(text)
        if len(t) < MIN_CHARS:
            continue
        j = next((j for j in range(at, len(blocks)) if t in texts[j]), None)
        if j is None:
            j = next((j for j in range(len(blocks)) if t in texts[j]), None)
        if j is None:
            continue  # a figure label, a running head: not in the reference
        at = j
        kind = role_type(role)
        weights[j][kind] = weights[j].get(kind, 0) + len(t)
    return [max(w, key=w.__getitem__) if w else "" for w in weights]


def shiryo_types(blocks: list[dict], page: dict, records: list[dict]) -> list[str]:
    cands = candidates(records, page)
    out = []
    for b in blocks:
        want = norm(b["text"])
        hit = next((r for r in cands if norm(r.get("text", "")) == want), None)
        out.append(hit["type"] if hit else "")
    return out


def main() -> None:
    from shiryo.pipeline.extraction import extract_document

    verbose = "-v" in sys.argv
    print(f"{'document':<44} {'split':<9} {'blocks':>6} {'tagged':>6} {'agree':>6} {'tag hP':>6} {'tag hR':>6} {'differ':>6} {'tag✓':>5} {'ours✓':>5}")
    totals: dict[str, list[int]] = {}
    for reference in references():
        pdf = CORPUS / reference["pdf"]
        with pymupdf.open(pdf) as doc:
            if not is_tagged(doc):
                continue
            records = extract_document(pdf).records
            rows: dict[str, list[int]] = {}
            for page in reference["pages"]:
                split = "held_out" if page.get("held_out") else "tuned"
                blocks = page["blocks"]
                tags = block_tags(blocks, tagged_lines(doc[page["page"] - 1]))
                ours = shiryo_types(blocks, page, records)
                row = rows.setdefault(split, [0] * 9)
                for b, tag, our in zip(blocks, tags, ours):
                    row[0] += 1
                    row[1] += bool(tag)
                    row[2] += tag == b["type"]
                    row[3] += tag == "heading"
                    row[4] += tag == "heading" and b["type"] == "heading"
                    row[5] += b["type"] == "heading"
                    if tag and our and tag != our:
                        row[6] += 1
                        row[7] += tag == b["type"]
                        row[8] += our == b["type"]
                    if verbose and tag != b["type"]:
                        print(f"    p{page['page']} {b['type']} tagged {tag or '-'} (ours {our or '-'}): {b['text'][:50]}")
        for split, row in sorted(rows.items()):
            _print(Path(reference["pdf"]).stem[:44], split, row)
            total = totals.setdefault(split, [0] * 9)
            totals[split] = [a + b for a, b in zip(total, row)]
    for split, row in sorted(totals.items()):
        _print("all tagged documents", split, row)


def _print(name: str, split: str, row: list[int]) -> None:
    blocks, tagged, agree, tag_h, tag_h_right, true_h, differ, tag_right, ours_right = row
    hp = tag_h_right / tag_h if tag_h else 1.0
    hr = tag_h_right / true_h if true_h else 1.0
    print(f"{name:<44} {split:<9} {blocks:>6} {tagged:>6} {agree / blocks if blocks else 0:>6.3f} {hp:>6.3f} {hr:>6.3f} {differ:>6} {tag_right:>5} {ours_right:>5}")


if __name__ == "__main__":
    main()
