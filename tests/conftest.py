import json
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
FIXTURE_PDFS = sorted((FIXTURES / "pdfs").glob("*.pdf"))
CORPUS = ROOT.parent / "shared" / "corpus"
CORPUS_JA = CORPUS / "ja"


def truth(pdf: Path) -> dict:
    return json.loads((FIXTURES / "truth" / f"{pdf.stem}.json").read_text(encoding="utf-8"))


@cache
def _extract(path: str, doc_id: str | None):
    from shiryo.pipeline.extraction import extract_document

    return extract_document(path, doc_id=doc_id)


def extracted(pdf: Path, doc_id: str | None = None):
    """Extraction of a PDF, computed once per test session (tests must not mutate it)."""
    return _extract(str(pdf), doc_id)


def corpus_pdf(name: str) -> Path:
    path = CORPUS_JA / name
    if not path.is_file():
        pytest.skip(f"shared corpus not present: {path}")
    return path


@pytest.fixture(params=FIXTURE_PDFS, ids=lambda p: p.stem)
def fixture_pdf(request) -> Path:
    return request.param
