"""HTML → every visible text block of the page, one per line.

This is the ``--html-text full`` reader: what a naive scraper leaves, menus and footers
included, for pages where trafilatura's main-content extraction drops too much. It walks
the tree iteratively (deeply nested pages cannot exhaust the stack) and breaks lines at
block elements; inline elements flow into the line around them.
"""
from __future__ import annotations

import re

from lxml import etree, html as lxml_html

BLOCKS = frozenset(
    "address article aside blockquote body br caption dd details dialog div dl dt fieldset figcaption figure "
    "footer form h1 h2 h3 h4 h5 h6 header hr li main nav ol option p pre section summary table tbody td tfoot "
    "th thead title tr ul".split())
INVISIBLE = frozenset("script style noscript template head iframe object svg canvas select".split())
_SPACE = re.compile(r"[^\S\n]+")


def visible_text(page: str | bytes) -> str:
    """The page's visible text, a line per block; '' for an empty or unparsable page."""
    if isinstance(page, bytes):
        page = page.decode("utf-8", errors="replace")
    if not page.strip():
        return ""
    try:
        root = lxml_html.document_fromstring(page)
    except (etree.ParserError, ValueError):
        return ""
    title = root.findtext(".//title") or ""
    parts: list[str] = [title, "\n"] if title.strip() else []
    hidden = 0
    for event, element in etree.iterwalk(root, events=("start", "end")):
        tag = element.tag if isinstance(element.tag, str) else ""
        if event == "start":
            if tag in INVISIBLE:
                hidden += 1
            elif not hidden:
                if tag in BLOCKS:
                    parts.append("\n")
                if element.text and isinstance(element.tag, str):
                    parts.append(element.text)
        else:
            if tag in INVISIBLE:
                hidden -= 1
            elif not hidden and tag in BLOCKS:
                parts.append("\n")
            if not hidden and element.tail:
                parts.append(element.tail)
    lines = (_SPACE.sub(" ", line).strip() for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)
