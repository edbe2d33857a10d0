"""Text normalisation: what features and comparisons see, never what is kept.

``normalise`` removes HTML tag residue and entities, applies Unicode NFKC and collapses
white space; ``strip_tags`` is the one change made to kept text (tag residue such as
``<strong></strong>`` goes, entities and words stay).
"""
from __future__ import annotations

import html
import re
import unicodedata

_TAG = re.compile(r"<(?:/?[A-Za-z][A-Za-z0-9:-]*(?:\s[^<>]{0,500})?/?|!--[\s\S]{0,2000}?--)>")
_TAG_RUN = re.compile(rf"([ \t]?)(?:{_TAG.pattern})+([ \t]?)")


def strip_tags(text: str) -> str:
    """Remove HTML tag residue (``<strong></strong>``, ``<br/>``, comments) from text."""
    if "<" not in text:
        return text
    return _TAG_RUN.sub(lambda m: " " if m.group(1) or m.group(2) else "", text)


def normalise(text: str) -> str:
    """The form features and comparisons see: no tags, no entities, NFKC, single spaces."""
    if "<" in text:
        text = _TAG.sub("", text)
    if "&" in text:
        text = html.unescape(text)
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
    return " ".join(text.split())


def duplicate_key(text: str) -> str:
    """Two paragraphs with the same key repeat each other (case and spacing aside)."""
    return normalise(text).casefold()
