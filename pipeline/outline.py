"""A document's heading tree from its records, for `shiryo outline` and `shiryo.outline()`."""
from __future__ import annotations


def heading_tree(records: list[dict]) -> list[dict]:
    """Every heading record in order as {depth, level, text, page}: depth is the number of
    headings enclosing it (its section path), so the tree reads as the section paths do."""
    return [
        {"depth": len(r.get("section") or []), "level": r.get("level"), "text": r.get("text", ""), "page": r.get("page")}
        for r in records
        if r.get("type") == "heading"
    ]


def format_tree(tree: list[dict], title: str | None = None) -> str:
    """The tree as indented text, one heading a line with its page: `  2.1 要件  p21`."""
    lines = [title] if title else []
    lines += [f"{'  ' * node['depth']}{node['text']}  p{node['page']}" for node in tree]
    return "\n".join(lines) + "\n"
