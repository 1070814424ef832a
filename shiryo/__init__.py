"""shiryo (資料): Japanese government PDFs to structured JSONL records, with edition diffs.

Library use::

    from shiryo import extract, outline
    records, errors = extract("白書.pdf")
    for node in outline("白書.pdf"): print("  " * node["depth"] + node["text"])
"""
from shiryo._version import __version__


def extract(path, doc_id=None, password=None):
    """Records and per-page errors of one PDF (no run store, no Prefect)."""
    from shiryo.pipeline.extraction import extract_document

    result = extract_document(path, doc_id=doc_id, password=password)
    return result.records, result.errors


def outline(path, password=None):
    """The heading tree of one PDF: [{depth, level, text, page}] in reading order."""
    from shiryo.pipeline.extraction import extract_document
    from shiryo.pipeline.outline import heading_tree

    return heading_tree(extract_document(path, password=password).records)
