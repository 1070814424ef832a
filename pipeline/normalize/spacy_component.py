"""spaCy component `shiryo_normalizer`: the same mentions as `analyze`, as `doc.ents`.

    import spacy
    import shiryo.pipeline.normalize.spacy_component  # registers the factory
    nlp = spacy.blank("ja")
    nlp.add_pipe("shiryo_normalizer")  # config: {"doc_fiscal_year": None}
    doc = nlp("①882億円（2018年度）")
    [(e.text, e.label_, e._.value) for e in doc.ents]
    # [('882億円', 'QUANTITY', {'value': 88200000000, 'unit': '円'}),
    #  ('2018年度', 'FISCAL_YEAR', {'start': 2018, 'end': 2018, 'qualifier': None})]

Labels FISCAL_YEAR, DATE, QUANTITY; `Span._.value` is the analyze() record
without its `text` (the span is the text). Built on find_mentions: no second
parser. Entities already on the doc win over ours where they overlap. Where a
mention boundary falls inside a token (Sudachi reads `②368` as one token), the
token is split there, so entities are exactly the mention (`368件`).
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from .analysis import find_mentions
from .mentions import DATE, FISCAL_YEAR, QUANTITY

LABELS = {FISCAL_YEAR: "FISCAL_YEAR", DATE: "DATE", QUANTITY: "QUANTITY"}

if not Span.has_extension("value"):
    Span.set_extension("value", default=None)


class ShiryoNormalizer:
    def __init__(self, doc_fiscal_year: int | None = None):
        self.doc_fiscal_year = doc_fiscal_year

    def __call__(self, doc: Doc) -> Doc:
        nt, mentions = find_mentions(doc.text, doc_fiscal_year=self.doc_fiscal_year)
        offsets = [nt.source_span(m.begin, m.end) for m in mentions]
        _split_tokens_at(doc, {c for pair in offsets for c in pair})
        spans = []
        for mention, (begin, end) in zip(mentions, offsets):
            span = doc.char_span(begin, end, label=LABELS[mention.kind], alignment_mode="expand")
            if span is None:
                continue
            span._.value = {k: v for k, v in mention.record.items() if k != "text"}
            spans.append(span)
        existing = list(doc.ents)
        taken = {i for ent in existing for i in range(ent.start, ent.end)}
        ours = [s for s in filter_spans(spans) if not any(i in taken for i in range(s.start, s.end))]
        doc.ents = sorted(existing + ours, key=lambda s: s.start)
        return doc


def _split_tokens_at(doc: Doc, boundaries: set[int]) -> None:
    """Split every token that has one of these character offsets strictly inside it."""
    with doc.retokenize() as retokenizer:
        for token in doc:
            inner = sorted(c - token.idx for c in boundaries if token.idx < c < token.idx + len(token.text))
            if not inner:
                continue
            cuts = [0, *inner, len(token.text)]
            orths = [token.text[a:b] for a, b in zip(cuts, cuts[1:])]
            # No parser here: every piece simply hangs off the first one.
            retokenizer.split(token, orths, heads=[(token, 0)] * len(orths))


@Language.factory("shiryo_normalizer", default_config={"doc_fiscal_year": None})
def make_shiryo_normalizer(nlp: Language, name: str, doc_fiscal_year: int | None) -> ShiryoNormalizer:
    return ShiryoNormalizer(doc_fiscal_year)
