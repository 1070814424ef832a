"""Adjacency-relation F1 of a table against its truth (ICDAR 2013 style), for the table tests.

A minimal version of bench/table_eval.py (issue-4b branch), which the lead will unify with
this one: for every non-empty cell, its nearest non-empty neighbour to the right (in every
row the cell spans) and below (in every column it spans), as (text, text, direction)
triples; blank slots are skipped, never related.  Texts are compared as printed (only
whitespace removed), so a number split at its full-width comma fails.
"""
from __future__ import annotations

from collections import Counter


def _key(text: str) -> str:
    return "".join(text.split())


def relations(cells: list[dict]) -> Counter:
    """`cells`: dicts with row, col, rowspan, colspan, text."""
    slots: dict[tuple[int, int], int] = {}
    for i, c in enumerate(cells):
        for r in range(c["row"], c["row"] + c.get("rowspan", 1)):
            for k in range(c["col"], c["col"] + c.get("colspan", 1)):
                slots[(r, k)] = i
    n_rows = max((r for r, _ in slots), default=-1) + 1
    n_cols = max((k for _, k in slots), default=-1) + 1
    found: set[tuple[int, int, str]] = set()
    for i, c in enumerate(cells):
        if not _key(c["text"]):
            continue
        for r in range(c["row"], c["row"] + c.get("rowspan", 1)):
            for k in range(c["col"] + c.get("colspan", 1), n_cols):
                j = slots.get((r, k))
                if j is not None and j != i and _key(cells[j]["text"]):
                    found.add((i, j, "right"))
                    break
        for k in range(c["col"], c["col"] + c.get("colspan", 1)):
            for r in range(c["row"] + c.get("rowspan", 1), n_rows):
                j = slots.get((r, k))
                if j is not None and j != i and _key(cells[j]["text"]):
                    found.add((i, j, "below"))
                    break
    return Counter((_key(cells[i]["text"]), _key(cells[j]["text"]), d) for i, j, d in found)


def adjacency_f1(predicted: list[dict], truth: list[dict]) -> float:
    p, t = relations(predicted), relations(truth)
    hits = sum((p & t).values())
    if not hits:
        return 0.0
    precision, recall = hits / sum(p.values()), hits / sum(t.values())
    return 2 * precision * recall / (precision + recall)


def best_match(predicted_tables: list[list[dict]], truth_cells: list[dict]) -> tuple[int, float]:
    """Index of the predicted table that scores best against `truth_cells`, and its F1 (-1, 0 if none)."""
    scores = [adjacency_f1(p, truth_cells) for p in predicted_tables]
    if not scores:
        return -1, 0.0
    best = max(range(len(scores)), key=scores.__getitem__)
    return best, scores[best]
