"""Writes the structure reference YAML from hand-written specs (`specs.txt`).

Each page's blocks were decided by eye on the page rendered at 100 dpi; a spec line names a block's
type, heading level and the PDF text lines it is made of (PyMuPDF's own line order, as listed by
`python build_reference.py --lines PDF PAGE`), so every text is the PDF's characters, never shiryo's
output.  Spec syntax (one document per `=` line, `#` comments):

    = <pdf under ../shared/corpus> <family>
    page <n> [held_out] [drawn] [twin]   drawn: picked by a seeded random draw, not for its layout;
                            twin: the same text as a page of another edition in some split
    h<level> <lines>        heading (level 1 = the document's top level)
    p|l|c|f <lines>         paragraph, list item, caption, footnote; `p+` runs on from the previous
                            page, `p>` runs on onto the next (the record holds more than this page)
    x <x0> <y0> <x1> <y1>   a region (figure, table, slide artwork) left out of the score
    - <old> => <new>        edits the text of the block above (a footnote mark dropped); `\\uXXXX`
                            names a character that cannot be typed (a symbol font's private-use bullet)
<lines> is `3`, `3-7` or `3-7,9`.  Lines are joined the way the page prints them: no space where
either side is CJK, one space between Latin words.

    .venv/bin/python tests/structure_reference/build_reference.py      # specs.txt → *.yaml
    .venv/bin/python tests/structure_reference/build_reference.py --specs specs_unseen.txt --out unseen
                                                                       # the unseen split → unseen/*.yaml
    .venv/bin/python tests/structure_reference/build_reference.py --specs specs_round2.txt --out round2
                                                                       # stop 20's unseen split, tuned on since
"""
from __future__ import annotations

import argparse
import re
import unicodedata
from pathlib import Path

import pymupdf
import yaml

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parent.parent.parent / "shared" / "corpus"
KINDS = {"h": "heading", "p": "paragraph", "l": "list_item", "c": "caption", "f": "footnote"}


def page_lines(pdf: Path, page: int) -> list[str]:
    with pymupdf.open(pdf) as doc:
        blocks = doc[page - 1].get_text("dict")["blocks"]
    out = []
    for block in blocks:
        for line in block.get("lines", []):
            text = "".join(s["text"] for s in line["spans"])
            if text.strip():
                out.append(text)
    return out


def _wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F")


def join(texts: list[str]) -> str:
    out = ""
    for t in texts:
        t = t.strip()
        if out and t and not (_wide(out[-1]) or _wide(t[0])) and not out.endswith("-"):
            out += " "
        out += t
    return out


def _numbers(spec: str) -> list[int]:
    nums: list[int] = []
    for part in spec.split(","):
        a, _, b = part.partition("-")
        nums.extend(range(int(a), int(b or a) + 1))
    return nums


def _escapes(text: str) -> str:
    return re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m[1], 16)), text)


def build(spec_file: Path) -> dict[str, dict]:
    docs: dict[str, dict] = {}
    doc = page = None
    lines: list[str] = []
    for raw in spec_file.read_text(encoding="utf-8").splitlines():
        line = raw.split("  #", 1)[0].strip()
        if not line or line.startswith("#"):
            continue
        head, _, rest = line.partition(" ")
        if head == "=":
            pdf, family = rest.split()
            doc = docs.setdefault(pdf, {"pdf": pdf, "family": family, "pages": []})
        elif head == "page":
            n = int(rest.split()[0])
            page = {"page": n, "held_out": "held_out" in rest, "ignore": [], "blocks": []}
            if "drawn" in rest.split()[1:]:
                page["drawn"] = True
            if "twin" in rest.split()[1:]:
                page["twin"] = True  # prints the same text as a page of another edition in some split
            doc["pages"].append(page)
            lines = page_lines(CORPUS / doc["pdf"], n)
        elif head == "x":
            page["ignore"].append([float(v) for v in rest.split()])
        elif head == "-":
            old, new = (_escapes(t) for t in rest.split(" => "))
            block = page["blocks"][-1]
            assert old in block["text"], (doc["pdf"], page["page"], old)
            block["text"] = block["text"].replace(old, new.replace("''", ""), 1)
        else:
            kind = KINDS[head[0]]
            cont = {"+": "from_previous_page", ">": "to_next_page"}.get(head[-1])
            block = {"type": kind, "text": join([lines[i] for i in _numbers(rest)])}
            if kind == "heading":
                block["level"] = int(head[1:])
            if cont:
                # the block runs on from / onto another page: the record holds more text than this page's
                block["continues"] = cont
            page["blocks"].append(block)
    return docs


def main() -> None:
    parser = argparse.ArgumentParser(description="Writes one reference YAML per document from a spec file.")
    parser.add_argument("--lines", nargs=2, metavar=("PDF", "PAGE"), help="list a page's raw PyMuPDF lines")
    parser.add_argument("--specs", default="specs.txt", help="spec file, beside this script (default specs.txt)")
    parser.add_argument("--out", default=".", help="folder for the YAML files, beside this script (default: here)")
    args = parser.parse_args()
    if args.lines:
        for n, text in enumerate(page_lines(CORPUS / args.lines[0], int(args.lines[1]))):
            print(n, repr(text))
        return
    out_dir = HERE / args.out
    out_dir.mkdir(exist_ok=True)
    for pdf, doc in build(HERE / args.specs).items():
        out = out_dir / (Path(pdf).stem + ".yaml")
        header = f"# Structure reference (issue 14): written by build_reference.py from {args.specs}, checked by eye.\n"
        out.write_text(header + yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=200), encoding="utf-8")
        print(out.relative_to(HERE) if out.is_relative_to(HERE) else out, sum(len(p["blocks"]) for p in doc["pages"]), "blocks")


if __name__ == "__main__":
    main()
