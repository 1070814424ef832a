"""Fuzzing the isolated extraction with mutated real PDF bytes (hypothesis, bounded):
whatever the bytes, extract_document returns an Extraction or raises DocumentError, and
no page takes longer than the per-page limit."""
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import shiryo.parsers.isolation
from conftest import FIXTURES
from shiryo.pipeline.extraction import DocumentError, Extraction, extract_document

SEED = (FIXTURES / "pdfs" / "policy_evaluation_sheet.pdf").read_bytes()
PAGE_LIMIT = 10.0

mutations = st.lists(
    st.tuples(st.floats(0, 1, exclude_max=True), st.binary(min_size=1, max_size=16)), min_size=1, max_size=12
)


def mutate(data: bytes, edits, cut: float | None) -> bytes:
    out = bytearray(data)
    for where, chunk in edits:  # overwrite bytes anywhere: xref offsets, stream data, dictionaries
        i = int(where * len(out))
        out[i : i + len(chunk)] = chunk
    if cut is not None:
        out = out[: max(1, int(cut * len(out)))]
    return bytes(out)


@pytest.fixture
def short_page_limit(monkeypatch):
    monkeypatch.setattr(shiryo.parsers.isolation, "PAGE_TIMEOUT", PAGE_LIMIT)


@settings(max_examples=40, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(edits=mutations, cut=st.none() | st.floats(0.05, 1.0))
def test_mutated_pdfs_never_escape_the_api_nor_hang(tmp_path, short_page_limit, edits, cut):
    pdf = tmp_path / "mutant.pdf"
    pdf.write_bytes(mutate(SEED, edits, cut))
    started = time.monotonic()
    try:
        result = extract_document(pdf)
    except DocumentError as exc:
        assert exc.doc == "mutant" and exc.kind and exc.message
    else:
        assert isinstance(result, Extraction) and result.records[0]["type"] == "document"
        assert all(e["doc"] == "mutant" and e["kind"] and e["message"] for e in result.errors)
    # the document has one page: opening + that page, each under the limit, retry included
    assert time.monotonic() - started < 4 * PAGE_LIMIT + 10
