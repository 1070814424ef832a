"""Page-model blocks → contract records (see ../shared/CONTRACT.md).

Sections: every heading closes the open headings of its own or a deeper level;
`section` of a record is the path of headings enclosing it, outermost first.
"""
from __future__ import annotations

from shiryo.parsers.model import Block, DocumentModel, Table
from shiryo.parsers.title import document_title, metadata_title
from shiryo.pipeline.normalize.document_year import document_fiscal_year
from shiryo.pipeline.normalize.tables import table_unit
from shiryo.pipeline.types import RecordType

RECORD_TYPES = tuple(t.value for t in RecordType)  # the contract's types, in order


def _bbox(b) -> list[float]:
    return [round(float(v), 2) for v in b]


def table_text(table: Table) -> str:
    """A table read row by row: cells separated by tabs, rows by newlines."""
    return "\n".join("\t".join(row) for row in table.grid_text())


def document_record(doc: DocumentModel, doc_id: str, version: str, title: str | None = None) -> dict:
    first = doc.pages[0] if doc.pages else None
    headings = [b.text for b in doc.blocks if b.kind == "heading"]
    # the title printed on the first page; the metadata's when that is missing or only a section
    title = title or document_title(doc.title, doc.metadata) or (headings[0] if headings else doc_id)
    # The year 前年度/今年度/翌年度 in this document are relative to (see document_year.py): a real
    # metadata title is asked first (an 抜粋 of a 令和６年版 白書 prints only its chapter's title)
    own_year = document_fiscal_year(metadata_title(doc.metadata) or title, [(b.kind, b.text) for b in doc.blocks if b.page == 1])
    return {
        "type": "document",
        "doc": doc_id,
        "version": version,
        "page": 1,
        "pages": list(range(1, doc.n_pages + 1)),
        "bbox": _bbox((0, 0, first.width, first.height)) if first else [0, 0, 0, 0],
        "section": [],
        "text": title,
        "title": title,
        "n_pages": doc.n_pages,
        "producer": doc.metadata.get("producer") or doc.metadata.get("creator"),
        "running_text": doc.running_text,
        "pages_failed": sorted(e.page for e in doc.errors if e.page),
        "fiscal_year": own_year["value"] if own_year else None,
        "fiscal_year_evidence": {"from": own_year["from"], "text": own_year["text"]} if own_year else None,
    }


def block_record(block: Block, doc_id: str, version: str, section: list[str]) -> dict:
    record = {
        # a caption-less drawing's labels are a paragraph that says where it stands (`figure`)
        # and what it is (`figure_text`): the contract's record types stay as they are
        "type": "paragraph" if block.kind == "figure" else block.kind,
        "doc": doc_id,
        "version": version,
        "page": block.page,
        "pages": list(block.pages or [block.page]),
        "bbox": _bbox(block.bbox),
        "section": list(section),
        "text": block.text,
    }
    if block.kind == "heading":
        record["level"] = block.level
    ruby = [r for line in block.lines for r in line.ruby]
    if ruby:
        record["ruby"] = ruby
    marks = [m for line in block.lines for m in line.marks]
    if marks:
        record["footnote_marks"] = marks  # ids in `footnotes` once link_records has run
    if block.kind == "footnote":
        record["marker"] = block.footnote
    if block.figure is not None:
        # nested so that the diff, which ignores page/bbox at any depth, sees no change when pages shift
        record["figure"] = {"page": block.page, "bbox": _bbox(block.figure)}
        if block.notes:
            record["notes"] = block.notes
        if block.figure_text or block.kind == "figure":
            record["figure_text"] = block.figure_text or block.text  # the figure's labels, kept together
    if len(record["pages"]) > 1:
        record["page_bboxes"] = {str(p): _bbox(b) for p, b in block.extra_bboxes.items()}
    if block.table is not None:
        table = block.table
        record["text"] = table_text(table)
        record.update(
            n_rows=table.n_rows,
            n_cols=table.n_cols,
            header_rows=table.header_rows,
            caption=table.caption,
            strategy=table.strategy,
            confidence=table.confidence,
            cells=[
                {
                    "row": c.row,
                    "col": c.col,
                    "rowspan": c.rowspan,
                    "colspan": c.colspan,
                    "text": c.text,
                    "page": c.page or block.page,
                    "bbox": _bbox(c.bbox),
                }
                for c in table.cells
            ],
        )
        if table.column_units:
            # a unit printed over a column's numbers (`千円`), lifted out of the cells' text by the reader
            record["column_units"] = [{"col": col, "unit": unit} for col, unit in sorted(table.column_units.items())]
            for cell in record["cells"]:
                unit = table.column_units.get(cell["col"])
                if unit and cell["row"] >= table.header_rows:
                    cell["unit"] = unit
    return record


def build_records(doc: DocumentModel, doc_id: str, version: str, title: str | None = None) -> list[dict]:
    """The document record, then one record per block in reading order (ids and
    normalised fields are added by later steps)."""
    records = [document_record(doc, doc_id, version, title)]
    open_headings: list[tuple[int, str]] = []
    previous: Block | None = None
    for block in doc.blocks:
        if block.kind == "heading":
            while open_headings and open_headings[-1][0] >= block.level:
                open_headings.pop()
        records.append(block_record(block, doc_id, version, [text for _, text in open_headings]))
        if block.table is not None:
            # `（単位：千円）` in the caption, the line just above, or a cell: the unit of its bare numbers.
            above = previous.text if previous is not None and previous.page == block.page and previous.table is None else None
            records[-1]["unit"] = table_unit(
                block.table.caption, above, (c.text for c in block.table.cells), block.table.column_units.values()
            )
        previous = block
        if block.kind == "heading":
            open_headings.append((block.level, block.text))
    return records


def link_records(records: list[dict], doc: DocumentModel) -> None:
    """Cross-references by id (after ids are assigned, before KPI records are placed: `records`
    are the document record, then one record per block of `doc`): `footnotes` of a record
    citing footnote markers, `cited_by` of the footnotes, `table` of a caption naming a table
    and `caption_id` of that table (the parser's link, `Block.named_by`).  A marker goes to the
    footnote of that number nearest in the document, on the same page or after it first."""
    footnotes = [r for r in records if r["type"] == "footnote"]
    record_of = {id(block): records[n] for n, block in enumerate(doc.blocks, 1)}
    for block in doc.blocks:
        record = record_of[id(block)]
        if not record.get("footnote_marks"):
            continue
        # each mark with the page it stands on (the parser's knowledge: a paragraph continued on
        # the next page cites that page's notes there)
        placed = [(mark, page) for line, page in zip(block.lines, block.page_of_lines()) for mark in line.marks]
        cited = []
        for mark, page in placed:
            same = [f for f in footnotes if f.get("marker") == mark]
            if not same:
                continue
            best = min(same, key=lambda f: (f["page"] < page, abs(f["page"] - page)))
            cited.append(best["id"])
            best.setdefault("cited_by", []).append(record["id"])
        record["footnotes"] = cited
    for block in doc.blocks:
        if block.named_by is not None and id(block.named_by) in record_of:
            table, caption = record_of[id(block)], record_of[id(block.named_by)]
            caption["table"] = table["id"]
            table["caption_id"] = caption["id"]
