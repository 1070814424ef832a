"""One kpi record from an indicator, its target body and its actuals text."""
from __future__ import annotations


from shiryo.parsers.model import union
from shiryo.pipeline.kpi.text import parse_indicator
from shiryo.pipeline.kpi.values import parse_target, parse_values


def new_kpi(source: dict, indicator_text: str, marker: str | None, target_body: str | None, actuals_text: str, sources: list[dict], boxes: list[list[float]], page: int) -> dict:
    indicator, body, rest = parse_indicator(indicator_text) if target_body is None else (indicator_text.strip(), target_body, "")
    notes = rest if rest.startswith("※") else None
    targets = parse_target(body)
    if targets and notes:  # `（目標値：339機関※）※前年度の実績値を毎年目標値とする。`
        targets[0]["note"] = " ".join(filter(None, [targets[0]["note"], notes]))
    actuals = parse_values(actuals_text) if actuals_text else []
    labels = []
    for v in actuals + targets:
        if v["label"] is not None and v["label"] not in labels:
            labels.append(v["label"])
    return {
        "type": "kpi",
        "doc": source["doc"],
        "version": source["version"],
        "page": page,
        "pages": [page],
        "bbox": list(union(boxes)) if boxes else source["bbox"],
        "section": list(source.get("section", [])),
        "text": indicator,
        "indicator": indicator,
        "marker": marker,
        "target": targets[0] if targets else None,
        "targets": targets,
        "actuals": actuals,
        "series": labels,
        "source_table": source["id"] if source["type"] == "table" else None,
        "sources": sources,
    }
