"""Settings: the tunable thresholds of table finding and of block segmentation, in one place, passed down from the API
(`shiryo.extract(pdf, settings=…)`) to the page workers that use them.  After pdfplumber's
`table_settings`: a frozen value, so one object serves every page and pickles to the workers.

    from shiryo.parsers.settings import Settings, TableSettings
    shiryo.extract("予算書.pdf", settings=Settings(tables=TableSettings(strategies=("lattice",))))

The defaults are what shiryo is measured with (`bench/`); each field says what it tunes.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class TableSettings:
    # finders run on every page, in order (an earlier one wins a tie): names of
    # parsers/tables.STRATEGIES, or `module:Class` of a TableStrategy of your own
    strategies: tuple[str, ...] = ("lattice", "borderless")
    # a candidate under this confidence (parsers/tables/evidence.py) is not a table
    min_confidence: float = 0.5
    # lattice: even hairline borders may stop this short of each other (pt)
    min_touch: float = 2.0
    # borderless, in font sizes: a gap wider than segment_gap separates cells (word spaces
    # are ~0.3); two numbers number_gap apart are two cells ("May 21, 2009" is one);
    # characters closer than word_gap belong to one word
    segment_gap: float = 0.9
    number_gap: float = 0.4
    word_gap: float = 0.15
    min_body_rows: int = 3
    # borderless: inner rules between this share of lines delimit the rows
    ruled_share: float = 0.2
    # borderless: share of a column a heading must cover to span it
    span_share: float = 0.3
    # borderless: from this many rows on, one row may cross a gutter
    gutter_tol_rows: int = 6
    # borderless, font sizes: the narrowest whitespace column that parts two table columns
    min_gutter: float = 0.25


@dataclass(frozen=True)
class LayoutSettings:
    """Where one block of text ends and the next begins (parsers/blocks.py), in font sizes of
    the line at hand."""

    # a blank between two lines wider than paragraph_gap, or than the page's usual line gap
    # plus gap_slack (double-spaced documents), ends a block
    paragraph_gap: float = 0.9
    gap_slack: float = 0.4
    # lines whose type sizes differ by more than this share of the size are not one block
    size_change: float = 0.15
    # a line indented further than this past the line above opens a paragraph
    indent: float = 0.6
    # a line ending this far short of its column's right edge ends its paragraph
    short_line: float = 1.5
    # an item's or numbered heading's wrapped line sits at least this far right of its first line
    hanging: float = 0.3
    # a line starting this far left of the one above follows a centred or right-aligned line
    outdent: float = 1.5


@dataclass(frozen=True)
class Settings:
    tables: TableSettings = field(default_factory=TableSettings)
    layout: LayoutSettings = field(default_factory=LayoutSettings)


DEFAULT_SETTINGS = Settings()
