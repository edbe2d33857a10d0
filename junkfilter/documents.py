"""The types that flow through junkfilter: a Document and its Paragraphs."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .text import normalise

#: Features and comparisons look at a paragraph's first characters only, so a 100 MB
#: single-line "paragraph" costs no more to score than a long article paragraph.
MAX_NORM_CHARS = 20_000


@dataclass(slots=True)
class Paragraph:
    """One paragraph of a document: ``document.text[start:end] == text``.

    ``blank_before`` counts the blank lines between this paragraph and the one before
    (or the start of the text): scrapers leave wider gaps before page furniture.
    ``norm`` is the normalised form that features and comparisons use (computed once, on at
    most ``MAX_NORM_CHARS`` characters).
    """

    start: int
    end: int
    text: str
    blank_before: int = 0
    _norm: str | None = field(default=None, repr=False, compare=False)

    @property
    def norm(self) -> str:
        if self._norm is None:
            self._norm = normalise(self.text[:MAX_NORM_CHARS])
        return self._norm


@dataclass(slots=True)
class Document:
    """A document as read from its source, with its paragraphs once segmented.

    ``metadata`` holds everything the source carried besides the text (for JSONL the
    other fields of the record), so a writer can give it back untouched.
    """

    id: str
    text: str
    paragraphs: list[Paragraph] = field(default_factory=list)
    metadata: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Decision:
    """What the cleaner made of one paragraph."""

    score: float
    keep: bool
    reason: str  # "content", "junk" or "duplicate"
