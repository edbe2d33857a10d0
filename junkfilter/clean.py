"""Scores → decisions → cleaned text.

A paragraph is kept when its content probability reaches the threshold and it does not
repeat a paragraph at most ``DUPLICATE_REACH`` paragraphs above it (a caption or a title printed
twice: the first copy is kept, the later ones dropped). Copies further apart are left to the
model, which sees them as repeats: the question an interview puts to each guest, the same
heading over each day of a meal plan, but also a title printed again in a widget below.
Kept paragraphs are cut out of the original text by their offsets, tag residue removed, and
joined as the input joined them.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Sequence

import numpy as np

from .documents import MAX_NORM_CHARS, Decision, Document
from .model import Model, load
from .segment import segment_document, separator, strip_tags


@dataclass
class CleanResult:
    """A cleaned document: its paragraphs' decisions and the text that is kept.

    ``flagged`` is set when the cleaner removed more than the caller's ``max_loss`` share of
    the document's paragraph text: a page that was all junk, or a model error gutting a page.
    """

    document: Document
    decisions: list[Decision]
    text: str
    flagged: bool = False

    @property
    def kept(self) -> int:
        return sum(d.keep for d in self.decisions)

    @property
    def dropped(self) -> int:
        return len(self.decisions) - self.kept

    @property
    def removed_share(self) -> float:
        """Share of the paragraphs' characters that cleaning removed (0 for an empty document)."""
        total = sum(p.end - p.start for p in self.document.paragraphs)
        removed = sum(p.end - p.start for p, d in zip(self.document.paragraphs, self.decisions) if not d.keep)
        return removed / total if total else 0.0

    def spans(self) -> list[tuple[int, int, float, bool]]:
        """Every paragraph as (start, end, content score, kept): offsets index ``document.text``
        in code points (Python ``str`` indices)."""
        return [(p.start, p.end, d.score, d.keep) for p, d in zip(self.document.paragraphs, self.decisions)]


#: A paragraph repeating one at most this many paragraphs above it is dropped as a duplicate.
DUPLICATE_REACH = 3


@lru_cache(maxsize=1)
def _default_model() -> Model:
    return load()


def decide(doc: Document, scores: Sequence[float], threshold: float) -> list[Decision]:
    """Threshold each paragraph's score, then drop near repeats of earlier paragraphs."""
    decisions = []
    last: dict[str, int] = {}
    scores = np.asarray(scores, dtype=float)
    for i, (paragraph, score, keep) in enumerate(zip(doc.paragraphs, scores.tolist(), (scores >= threshold).tolist())):
        key = paragraph.norm.casefold() if len(paragraph.text) <= MAX_NORM_CHARS else paragraph.text
        if key in last and i - last[key] <= DUPLICATE_REACH:
            decisions.append(Decision(score, False, "duplicate"))
        else:
            decisions.append(Decision(score, keep, "content" if keep else "junk"))
        last[key] = i
    return decisions


def render(doc: Document, decisions: Sequence[Decision]) -> str:
    """The kept paragraphs, in order, as the input joined them; '' if none is kept."""
    kept = [strip_tags(p.text) for p, d in zip(doc.paragraphs, decisions) if d.keep]
    return separator(doc.paragraphs).join(kept) + "\n" if kept else ""


def clean_documents(docs: Iterable[Document], model: Model | None = None, threshold: float | None = None,
                    layout: str = "auto", max_loss: float = 1.0) -> list[CleanResult]:
    """Segment, score (one model call for the whole batch), decide and render documents.
    A document that loses more than ``max_loss`` of its paragraph text is flagged."""
    model = model or _default_model()
    threshold = model.threshold if threshold is None else threshold
    docs = [segment_document(d, layout) if not d.paragraphs else d for d in docs]
    results = []
    for doc, scores in zip(docs, model.score(docs)):
        decisions = decide(doc, scores, threshold)
        result = CleanResult(doc, decisions, render(doc, decisions))
        result.flagged = result.removed_share > max_loss
        results.append(result)
    return results


def clean_document(doc: Document, model: Model | None = None, threshold: float | None = None,
                   layout: str = "auto") -> CleanResult:
    return clean_documents([doc], model, threshold, layout)[0]


def clean_text(text: str, model: Model | None = None, threshold: float | None = None) -> str:
    """Clean one text: the kept paragraphs, joined as in the input."""
    return clean_document(Document("text", text), model, threshold).text


def score_paragraphs(text: str, model: Model | None = None, threshold: float | None = None) -> CleanResult:
    """Every paragraph of ``text`` with its score and decision (``result.document.paragraphs``
    and ``result.decisions`` run in parallel)."""
    return clean_document(Document("text", text), model, threshold)


def scores_array(result: CleanResult) -> np.ndarray:
    return np.array([d.score for d in result.decisions])
