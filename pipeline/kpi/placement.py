"""The entry points: kpi records of a document, placed right after the record each comes from."""
from __future__ import annotations


from shiryo.pipeline.ids import assign_ids
from shiryo.pipeline.normalize import analyze
from shiryo.pipeline.kpi.paragraphs import kpis_from_paragraphs
from shiryo.pipeline.kpi.tables import kpis_from_table


def kpi_records(records: list[dict]) -> list[dict]:
    """The KPI records of one document's records (with ids and normalised fields)."""
    kpis: list[dict] = []
    for record in records:
        if record["type"] == "table":
            kpis.extend(kpis_from_table(record))
    kpis.extend(kpis_from_paragraphs(records))
    # normalised like every other record: 前年度 resolved against the document's own year
    doc_year = next((r.get("fiscal_year") for r in records if r["type"] == "document"), None)
    for kpi in kpis:
        kpi.update(analyze(kpi["text"], doc_fiscal_year=doc_year))
    if kpis:
        assign_ids(kpis, kpis[0]["doc"])
    return kpis


def with_kpi_records(records: list[dict]) -> list[dict]:
    """`records` with each KPI record placed right after the record it comes from."""
    kpis = kpi_records(records)
    after: dict[str, list[dict]] = {}
    for kpi in kpis:
        after.setdefault(kpi["sources"][-1]["record"] if kpi["source_table"] is None else kpi["source_table"], []).append(kpi)
    out = []
    for record in records:
        out.append(record)
        out.extend(after.pop(record.get("id"), []))
    for rest in after.values():
        out.extend(rest)
    return out


# Where a kpi was read from, not what it says: a corrected cell gives its table a new id.
