"""Text → paragraphs with exact offsets.

A paragraph is a non-empty line, or, in hard-wrapped text, a block of lines between
blank lines. Lines end where str.splitlines() ends them, so a kept paragraph is never
split by a consumer that reads the output line by line. Offsets always index the
original text, so the cleaner can cut kept spans out of it (normalisation, for features
and comparisons only, lives in ``text.py``).
"""
from __future__ import annotations

import re

from .documents import Document, Paragraph
from .text import duplicate_key, normalise, strip_tags  # noqa: F401  (re-exported)

#: Hard-wrapped text: lines no wider than this, most of them filled to near the width.
WRAP_MAX_WIDTH = 120
WRAP_FILLED_SHARE = 0.6


#: Line breaks of str.splitlines() other than "\n": a text with none of them takes the fast path.
_OTHER_BREAKS = re.compile("[\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")
#: The stripped content of a non-blank line, in a text whose only line break is "\n".
_LINE_CONTENT = re.compile(r"\S(?:[^\n]*\S)?")


def _lines(text: str) -> list[tuple[int, int, int]]:
    """Non-blank lines as (start, end, blank_lines_before), stripped of outer whitespace.
    Line boundaries are those of str.splitlines()."""
    if not _OTHER_BREAKS.search(text):
        out = []
        count = text.count
        prev = -1  # where the previous line ended; its own "\n" is not a blank line
        for m in _LINE_CONTENT.finditer(text):
            s, e = m.span()
            out.append((s, e, count("\n", prev, s) - 1 if prev >= 0 else count("\n", 0, s)))
            prev = e
        return out
    out = []
    pos = blank = 0
    for line in text.splitlines(True):
        stripped = line.strip()
        if stripped:
            start = pos + len(line) - len(line.lstrip())
            out.append((start, start + len(stripped), blank))
            blank = 0
        else:
            blank += 1
        pos += len(line)
    return out


def _hard_wrapped(lines: list[tuple[int, int, int]]) -> bool:
    if len(lines) < 4:
        return False
    widths = [e - s for s, e, _ in lines]
    width = sorted(widths)[int(0.95 * (len(widths) - 1))]
    if width > WRAP_MAX_WIDTH:
        return False
    inner = [e - s for (s, e, _), nxt in zip(lines, lines[1:]) if nxt[2] == 0]
    if len(inner) < 2 or not any(b > 0 for _, _, b in lines[1:]):
        return False
    filled = sum(w >= 0.7 * width for w in inner)
    return filled / len(inner) >= WRAP_FILLED_SHARE


def is_hard_wrapped(text: str) -> bool:
    """True when blank-line separated blocks of wrapped lines make up the paragraphs."""
    return _hard_wrapped(_lines(text))


def segment(text: str, layout: str = "auto") -> list[Paragraph]:
    """Split ``text`` into paragraphs; ``layout`` is "lines", "blocks" or "auto"."""
    if layout not in ("auto", "lines", "blocks"):
        raise ValueError(f"layout must be auto, lines or blocks, not {layout!r}")
    lines = _lines(text)
    if layout == "auto":
        layout = "blocks" if _hard_wrapped(lines) else "lines"
    if layout == "lines":
        return [Paragraph(s, e, text[s:e], b) for s, e, b in lines]
    paragraphs: list[Paragraph] = []
    for s, e, b in lines:
        if paragraphs and b == 0:
            last = paragraphs[-1]
            last.end, last.text = e, text[last.start:e]
        else:
            paragraphs.append(Paragraph(s, e, text[s:e], b))
    return paragraphs


def segment_document(doc: Document, layout: str = "auto") -> Document:
    doc.paragraphs = segment(doc.text, layout)
    return doc


def separator(paragraphs: list[Paragraph]) -> str:
    """How a cleaned document joins its paragraphs: with blank lines if the input had any."""
    return "\n\n" if any(p.blank_before for p in paragraphs[1:]) else "\n"
