"""Records → KPI records: measurement indicators (測定指標) with their target and actual values.

Pure functions over contract records (after normalisation and ids):

    kpis = kpi_records(records)          # new `kpi` records, ids assigned
    kpi_value_changes(before, after)     # value-level detail of a changed kpi record
    kpi_rows(records)                    # flat rows for the CSV export

Where KPIs come from:

* Table records with an indicator column (header `測定指標`) and an actuals column
  (header `…実績値…`, not `…出典`), optionally a target column (header `目標値…`).
  An actuals cell is paired with the indicator cells of the rows it spans, and
  indicators and actuals are matched by their ①②③ markers, so one actuals cell
  may hold the values of several indicators (and one indicator cell several
  indicators). Tables without such headers: any row with a `（目標値…）` cell and a
  cell to its right holding fiscal-year values.
* Paragraph and list-item text of the same shape: `①…（目標値：…）` followed (in the
  same or a following record) by `①592名（2020年度）、…`; a record with `目標：…` and
  `実績：…` parts; and `・ 指標：570億円（2025年度）` lines under a heading naming
  数値目標 / 主要指標 (targets only).

Field choices (documented because they are choices):

* `indicator` is the indicator text without its marker and without the target
  parenthesis; `marker` keeps the ① when there was one. `text` = `indicator`, so
  the id (pipeline/ids.py: doc + type + section + text) does not depend on any
  value: a revised figure makes the same kpi record `changed`.
* Multi-series values (`理学系19.9％、工学系14.1％`) are several entries of
  `actuals` (and `targets`) told apart by `label` (`理学系`); a single series has
  `label: null`. `series` lists the labels in order of appearance.
* `target` is the first target value (contract shape plus `kind` and `label`),
  `targets` all of them. `kind` is `value` for a number, `text` for targets
  that are no number (`前年度以上`, `直近3年間の平均`, `対2018年度比で約７割増加`).
* Each value's fiscal year comes from its own parentheses `（2020年度）`, a
  `令和３年度：` prefix (which carries to the following values until the next
  year), or a parenthesis shared by `・`-joined values. Other parentheses
  (`（推計値）`) and `※…` remarks are kept as `note`.
* `value` is in the normaliser's base unit (`882億円` → 88200000000, `円`).
  Counters the normaliser does not know (`58食品`) keep the value with the
  counter as written as unit; a bare number (`目標値：1,200`) has unit null.
* `sources`: `[{"record": id, "row", "col"}]` for table cells, `[{"record": id}]`
  for paragraphs; `source_table` the table record id (null from paragraphs).
"""
from __future__ import annotations

from shiryo.pipeline.kpi.changes import KPI_REFERENCE_FIELDS, kpi_value_changes
from shiryo.pipeline.kpi.export import ROW_FIELDS, kpi_rows
from shiryo.pipeline.kpi.paragraphs import kpis_from_paragraphs
from shiryo.pipeline.kpi.placement import kpi_records, with_kpi_records
from shiryo.pipeline.kpi.tables import kpis_from_table
from shiryo.pipeline.kpi.text import parse_indicator, split_markers, split_top_level
from shiryo.pipeline.kpi.values import parse_target, parse_value, parse_values

__all__ = [
    "KPI_REFERENCE_FIELDS", "ROW_FIELDS", "kpi_records", "kpi_rows", "kpi_value_changes", "kpis_from_paragraphs",
    "kpis_from_table", "parse_indicator", "parse_target", "parse_value", "parse_values", "split_markers", "split_top_level",
    "with_kpi_records",
]
