"""A Dolma tagger that writes junkfilter's paragraph spans as Dolma attributes.

    dolma tag --documents 'docs/*.jsonl.gz' --experiment exp --taggers junkfilter \
              --tagger_modules junkfilter.integrations.dolma

gives ``exp__junkfilter__junk`` (every paragraph as ``[start, end, junk score]``) and
``exp__junkfilter__drop`` (the paragraphs junkfilter drops, duplicates included, score 1.0):
the same layout as ``junkfilter clean --emit spans``. Dolma's mixer can then remove spans
at any threshold (``span_replacement`` on ``__junk`` with ``min_score``) or exactly as
junkfilter decides (on ``__drop``). The model is the shipped one, loaded once per process.
"""
from __future__ import annotations

from dolma import add_tagger
from dolma.core.data_types import DocResult, Document as DolmaDocument, Span
from dolma.core.taggers import BaseTagger

from ..clean import clean_documents
from ..documents import Document
from .common import worker_model

TAGGER_NAME = "junkfilter"


@add_tagger(TAGGER_NAME)
class JunkfilterTagger(BaseTagger):
    def predict(self, doc: DolmaDocument) -> DocResult:
        result = clean_documents([Document(doc.id, doc.text)], worker_model())[0]
        spans = []
        for start, end, score, keep in result.spans():
            spans.append(Span(start=start, end=end, type="junk", score=round(1.0 - score, 4)))
            if not keep:
                spans.append(Span(start=start, end=end, type="drop", score=1.0))
        return DocResult(doc=doc, spans=spans)
