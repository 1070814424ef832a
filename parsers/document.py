"""A whole PDF → DocumentModel: pages read (isolated), running text removed, blocks in
reading order, tables placed among them, paragraphs joined across columns and pages."""
from __future__ import annotations

from collections import Counter

import regex

from shiryo.parsers.bullets import split_at_drawn_bullets
from shiryo.parsers.columns import demote_column_labels
from shiryo.parsers.blocks import TOC_ENTRY, TextStats, attach_markers, build_blocks, field_rows, font_family
from shiryo.parsers.boxes import framed_lines
from shiryo.parsers.diagrams import diagram_text
from shiryo.parsers.drawn_numbers import mark_drawn_numbers
from shiryo.parsers.figures import figure_lines
from shiryo.parsers.footnotes import assign_footnotes
from shiryo.parsers.furniture import demote_furniture, take_folios
from shiryo.parsers.headings import is_caption, promote_numbered_titles, type_numbered_provisions
from shiryo.parsers.numbering import marker_kind
from shiryo.parsers.isolation import isolated_info, isolated_pages
from shiryo.parsers.item_labels import (
    demote_angle_labels, demote_led_steps, demote_lone_letters, promote_item_labels, promote_spaced_labels, type_rosters, promote_numbered_siblings, promote_siblings_in_heading_face, unify_label_lists,
)
from shiryo.parsers.settings import DEFAULT_SETTINGS, LayoutSettings, Settings
from shiryo.parsers.joining import join_tab_rows, join_lines, join_pair
from shiryo.parsers.table_heads import (
    demote_grid_labels, demote_reprinted_heads, join_form_titles, promote_part_titles, promote_table_heads,
)
from shiryo.parsers.model import Block, DocumentModel, Line, PageError, PageModel, centre_in, union
from shiryo.parsers.outline import assign_levels, demote_contents, demote_cover
from shiryo.parsers.patterns import UNIT_LABEL
from shiryo.parsers.reading_order import line_box, reading_order
from shiryo.parsers.running import find_running_lines
from shiryo.parsers.slides import is_slide_deck, join_row_fragments, keep_slide_text, slide_layout, slide_levels
from shiryo.parsers.tables.stitching import stitch_tables
from shiryo.parsers.whole_headings import attach_section_numbers
from shiryo.parsers.title import page_title, promote_printed_title


JAPANESE = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}]")


def parse_document(path: str, password: str | None = None, on_page=None, settings: Settings | None = None) -> DocumentModel:
    n_pages, metadata = isolated_info(path, password)
    items = isolated_pages(path, n_pages, password, on_page=on_page, settings=settings)
    pages = [p for p in items if isinstance(p, PageModel)]
    errors = [p for p in items if isinstance(p, PageError)]
    doc = DocumentModel(path=path, n_pages=n_pages, metadata=metadata, pages=pages, errors=errors)
    assemble(doc, (settings or DEFAULT_SETTINGS).layout)
    return doc


def text_stats(pages: list[PageModel]) -> TextStats:
    sizes: Counter[float] = Counter()
    cjk_fonts: set[str] = set()  # fonts seen setting Japanese text
    bold: Counter[float] = Counter()
    fonts: Counter[str] = Counter()
    for page in pages:
        for line in page.lines:
            if len(line.text.strip()) < 12 and not line.vertical:
                # chart labels and table numbers are short; body text runs in long lines.  Vertical
                # text comes a character a line (諮問 p2): counted all the same, or a cover's one
                # title line in 24 pt sets the body size of the document (諮問 p1)
                continue
            for span in line.spans:
                # weighed by the area the text covers: long runs of small print
                # (footnotes, URLs) must not outvote the body
                n = len(span.text.strip()) * span.size * span.size
                sizes[round(span.size, 1)] += n
                fonts[span.font] += n
                if span.font not in cjk_fonts and JAPANESE.search(span.text):
                    cjk_fonts.add(span.font)
                if span.bold:
                    bold[round(span.size, 1)] += n
    if not sizes:
        return TextStats()
    body = sizes.most_common(1)[0][0]
    return TextStats(body_size=body, body_bold=bold[body] * 2 > sizes[body], body_font=fonts.most_common(1)[0][0], cjk_faces=frozenset(font_family(f) for f in cjk_fonts))


def page_blocks(page: PageModel, skip: set[tuple[int, int]], stats: TextStats, footnotes: list[Block] = (), notes: dict[int, list[Line]] | None = None,
                labels: dict[int, list[Line]] | None = None, diagrams: list[tuple] = (), layout: LayoutSettings = DEFAULT_SETTINGS.layout) -> list[Block]:
    """Blocks of one page in reading order; tables and caption-less diagrams are blocks of their
    own, the page's footnotes come last.  `skip` holds (page, line index) of lines that are not
    body text (running heads, figure interiors, footnotes); `notes` the 注/資料 lines of each
    figure, `labels` its other lines; `diagrams` (region, label lines) of each diagram."""
    body = [
        line
        for i, line in enumerate(page.lines)
        if (page.number, i) not in skip and not any(centre_in(line.bbox, t.bbox) for t in page.tables)
    ]
    horizontal = attach_section_numbers(attach_markers([l for l in body if not l.vertical]), stats)
    slide, framed = None, frozenset()
    if stats.slides:
        horizontal = join_row_fragments(horizontal)
        slide = slide_layout(horizontal, page.boxes, page.width)
    else:
        horizontal = join_tab_rows(horizontal)  # `５：中心的に関与` … `乗数１`: one row, not two columns
        framed = framed_lines(horizontal, page.rules)
    boxes = [line_box(l) for l in horizontal] + [t.bbox for t in page.tables] + [region for region, _ in diagrams]
    order = reading_order(boxes, stats.body_size)
    # what text may wrap around: tables, figures and every line that is not body text here
    # (a run's own lines never stand to the right of the line they follow, so they can be in it)
    obstacles = [t.bbox for t in page.tables] + list(page.figures) + [l.bbox for l in page.lines if not l.vertical]
    blocks: list[Block] = []
    run: list[Line] = []

    def emit(run: list[Line]) -> None:
        blocks.extend(build_blocks(run, page.number, stats, obstacles, slide, framed, layout, page.rules))

    for i in order:
        if i < len(horizontal):
            run.append(horizontal[i])
            continue
        emit(run)
        run = []
        if i - len(horizontal) >= len(page.tables):
            region, members = diagrams[i - len(horizontal) - len(page.tables)]
            text = diagram_text(members)
            blocks.append(Block(kind="figure", text=text, bbox=region, page=page.number, figure=region, pages=[page.number]))
            continue
        table = page.tables[i - len(horizontal)]
        blocks.append(Block(kind="table", text="", bbox=table.bbox, page=page.number, table=table, pages=[page.number]))
    emit(run)
    blocks.extend(build_blocks([l for l in body if l.vertical], page.number, stats))
    blocks = split_at_drawn_bullets(blocks, page.bullets)
    mark_drawn_numbers(blocks, page.drawn_numbers)
    attach_figures(blocks, page, notes or {}, labels or {})
    attach_captions(blocks)
    blocks.extend(footnotes)
    return blocks


def attach_figures(blocks: list[Block], page: PageModel, notes: dict[int, list[Line]], labels: dict[int, list[Line]]) -> None:
    """A caption inside a figure region names that figure; the figure's notes and labels go with it."""
    for block in blocks:
        if block.kind != "caption" or not block.lines:
            continue
        first = block.lines[0].bbox
        for n, region in enumerate(page.figures):
            if region[0] - 2 <= first[0] and first[2] <= region[2] + 2 and region[1] - 2 <= first[1] <= region[3]:
                block.figure = region
                lines = sorted(notes.get(n, ()), key=lambda l: (l.bbox[1], l.bbox[0]))
                block.notes = "\n".join(_note_texts(lines))
                block.figure_text = diagram_text(labels.get(n, []))
                break


def _note_texts(lines: list[Line]) -> list[str]:
    """Note lines joined into one text per note (a note starts with 注/資料/出典)."""
    from shiryo.parsers.figures import NOTE_START

    notes: list[list[str]] = []
    for line in lines:
        if NOTE_START.match(line.text.strip()) or not notes:
            notes.append([])
        notes[-1].append(line.text)
    return [join_lines(n) for n in notes]


def attach_captions(blocks: list[Block]) -> None:
    """A caption right above (or, failing that, right below) a table names it."""
    for i, block in enumerate(blocks):
        if block.kind != "table":
            continue
        for j in (i - 1, i + 1):
            if 0 <= j < len(blocks) and blocks[j].kind == "caption" and is_caption(blocks[j].text):
                block.table.caption = blocks[j].text
                block.named_by = blocks[j]
                break


def _first_line_indented(block: Block) -> bool:
    if len(block.lines) < 2:
        return False
    return block.lines[0].bbox[0] > block.lines[1].bbox[0] + 0.6 * max(block.lines[0].size, 1.0)


_RUN_ON_LINE_CHARS = 20


def _heading_tail(prev: Block, block: Block) -> bool:
    """A short unnumbered line read as a heading at the top of a page (`９第１項`) may only be the
    end of the title the page before left open: in its face, no marker, no bracketed label, and
    not after a contents entry (whose leaders run to the margin)."""
    text = block.text.strip()
    return (
        len(block.lines) == 1 and marker_kind(text) is None and not text.startswith(("（", "(", "【", "＜", "<", "["))
        and block.lines[0].font == prev.lines[-1].font and not TOC_ENTRY.search(prev.text)
        and len(prev.lines[-1].text.strip()) >= _RUN_ON_LINE_CHARS  # a line of running text, not a cover's date
    )


def _continues(prev: Block, block: Block) -> bool:
    """Does `block` carry on the sentence `prev` left open at a column or page break?"""
    if not prev.open_end or prev.kind not in ("paragraph", "list_item") or block.kind not in ("paragraph", "heading"):
        return False
    if block.kind == "heading" and not _heading_tail(prev, block):
        return False
    if not prev.lines or not block.lines or _first_line_indented(block) or UNIT_LABEL.match(block.text.strip()):
        return False
    if field_rows(prev.text, block.text):
        return False  # `TEL：…` / `メールアドレス：…`: two fields of a contact block  # a unit label opens a table's page, it ends no sentence (fuji r6 p603's `（単位　千円）`)
    if abs(prev.lines[-1].size - block.lines[0].size) > 0.15 * max(block.lines[0].size, 1.0):
        return False
    last, first = prev.lines[-1].bbox, block.lines[0].bbox
    size = max(block.lines[0].size, 1.0)
    # straight on below, past a caption or table set beside the text (Word wraps text around them)
    below = block.page == prev.page and 0 <= first[1] - last[3] < 0.9 * size and abs(first[0] - last[0]) <= 0.3 * size
    return block.page != prev.page or first[1] < last[1] or below  # a new page, back up into the next column


# blocks a sentence flows past: a figure caption, a table or footnotes between the bottom of
# one column (or page) and the top of the next
FLOWS_PAST = ("caption", "footnote", "table")


def _open_paragraph(out: list[Block]) -> Block | None:
    """The last block a sentence could continue: the last one, looking past captions,
    tables and footnotes."""
    for block in reversed(out):
        if block.kind not in FLOWS_PAST:
            return block
    return None


# a page whose lowest text stands this many lines above the document's usual text bottom ended
# early (a fact sheet's last label, a part's last page): nothing on it runs on to the next page
EARLY_END_LINES = 6


def _early_ends(blocks: list[Block], figures: dict[int, list] | None = None) -> set[int]:
    """Pages whose printing stops well above where the document's pages usually stop (figures and
    diagrams, `figures` by page, count as printing)."""
    bottoms: dict[int, float] = {page: max(r[3] for r in regions) for page, regions in (figures or {}).items() if regions}
    sizes: list[float] = []
    for block in blocks:
        bottoms[block.page] = max(bottoms.get(block.page, 0.0), block.bbox[3])
        sizes.extend(l.size for l in block.lines[:1])
    if len(bottoms) < 3 or not sizes:
        return set()
    usual = sorted(bottoms.values())[len(bottoms) // 2]
    size = sorted(sizes)[len(sizes) // 2]
    return {page for page, bottom in bottoms.items() if bottom < usual - EARLY_END_LINES * 1.5 * size}


def join_continuations(blocks: list[Block], figures: dict[int, list] | None = None) -> list[Block]:
    out: list[Block] = []
    early = _early_ends(blocks, figures)
    for block in blocks:
        # only a paragraph continues a sentence (see _continues)
        prev = _open_paragraph(out) if block.kind in ("paragraph", "heading") else None
        last_page = (prev.pages or [prev.page])[-1] if prev is not None else None
        if last_page is not None and block.page != last_page and last_page in early:
            prev = None  # its page stopped early: nothing runs on from it
        if prev is not None and _continues(prev, block):
            prev.text = join_pair(prev.text, block.text)
            if block.page != prev.page:
                # a sentence may run on through both columns of the next page: one box per page
                seen = prev.extra_bboxes.get(block.page)
                prev.extra_bboxes[block.page] = union([seen, block.bbox]) if seen else block.bbox
                if block.page not in prev.pages:
                    prev.pages.append(block.page)
            prev.line_pages = prev.page_of_lines() + block.page_of_lines()
            prev.lines = prev.lines + block.lines
            prev.open_end = block.open_end
            continue
        out.append(block)
    return out


def assemble(doc: DocumentModel, layout: LayoutSettings = DEFAULT_SETTINGS.layout) -> None:
    """Pages → the document's blocks: running text, figures, footnotes, blocks per page, joins
    across pages, heading levels.  `layout`: where blocks begin and end (parsers/settings.py)."""
    stats = text_stats(doc.pages)
    stats.slides = is_slide_deck(doc.metadata)
    running = find_running_lines(doc.pages, stats.body_size)
    if stats.slides:
        running = keep_slide_text(doc.pages, running)
    doc.running_text = sorted(
        {line.text.strip() for page in doc.pages for i, line in enumerate(page.lines) if (page.number, i) in running}
    )
    skip = set(running)
    notes: dict[int, dict[int, list[Line]]] = {}
    labels: dict[int, dict[int, list[Line]]] = {}
    diagrams: dict[int, list[tuple]] = {}
    for page in doc.pages:
        aside: list = [page.lines[i].bbox for i in range(len(page.lines)) if (page.number, i) in running]
        for n, region in enumerate(page.figures):
            inside, note_idx = figure_lines(page.lines, [region])
            skip.update((page.number, i) for i in inside)
            notes.setdefault(page.number, {})[n] = [page.lines[i] for i in sorted(note_idx)]
            # a table inside the figure is a record of its own: its cells are no labels
            labels.setdefault(page.number, {})[n] = [
                page.lines[i] for i in sorted(inside - note_idx) if not any(centre_in(page.lines[i].bbox, t.bbox) for t in page.tables)
            ]
            aside.append(region)
        for region in page.diagrams:
            inside = [i for i, l in enumerate(page.lines) if (page.number, i) not in skip and centre_in(l.bbox, region, 1.0)]
            skip.update((page.number, i) for i in inside)
            diagrams.setdefault(page.number, []).append((region, [page.lines[i] for i in inside]))
            aside.append(region)
        if aside:
            doc.set_aside[page.number] = aside
    footnotes = assign_footnotes(doc.pages, stats.body_size, skip)
    # the first page that prints anything (a blank leaf in front changes no title), read before
    # page_blocks joins set-apart numbers and markers into the lines beside them
    first = next((p for p in sorted(doc.pages, key=lambda p: p.number) if p.lines), None)
    doc.title = page_title(first, stats.body_size, set(doc.running_text))
    for page in doc.pages:
        page.blocks = page_blocks(page, skip, stats, footnotes.get(page.number, []), notes.get(page.number), labels.get(page.number), diagrams.get(page.number, []), layout)
    take_folios(doc)  # before joining across pages
    figures = {page.number: list(page.figures) + list(page.diagrams) for page in doc.pages}
    doc.blocks = join_continuations(stitch_tables([b for page in doc.pages for b in page.blocks]), figures)
    promote_numbered_titles(doc.blocks)
    type_numbered_provisions(doc.blocks)
    promote_item_labels(doc.blocks)
    doc.blocks = unify_label_lists(doc.blocks)
    promote_numbered_siblings(doc.blocks)
    promote_siblings_in_heading_face(doc.blocks)
    demote_led_steps(doc.blocks)
    demote_angle_labels(doc.blocks, slides=stats.slides)
    type_rosters(doc.blocks)  # names one to a line: list items
    promote_spaced_labels(doc.blocks)  # `要 旨` over its text
    demote_lone_letters(doc.blocks)  # `i コンピテンシ…` alone: no item `i`
    demote_contents(doc.blocks)
    title_headings = demote_cover(doc.blocks, doc.title) or promote_printed_title(doc.blocks, doc.title)
    demote_furniture(doc, slides=stats.slides)  # page numbers, units, dates, header boxes, cover lines: no headings
    demote_column_labels(doc.blocks, stats.body_font)
    demote_grid_labels(doc.blocks)  # a fact box's `面　積` / `ｋ㎡`: cells of a grid without rules
    promote_table_heads(doc.blocks)  # `２ 一般職` / `(１）総 括` over their tables
    demote_reprinted_heads(doc.blocks)  # a 款／項 head reprinted over each page of its table
    doc.blocks = join_form_titles(doc.blocks)  # a schedule's title read as two paragraphs
    title_headings |= promote_part_titles(doc.blocks)  # a budget book's parts beside its cover title
    assign_levels(doc.blocks, stats.body_size, doc.metadata.get("bookmarks"), title_headings)
    if stats.slides:
        slide_levels(doc.blocks)
