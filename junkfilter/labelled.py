"""Labelled documents: the team's training format, read and checked.

One document per ``.txt`` file. Lines starting with ``#`` are header lines
(``# lang: de`` is required; any other ``# key: value`` is kept as metadata).
Every other non-empty line is one paragraph, prefixed with its label::

    + text          content (keep)
    - text          junk (drop)
    ? text          ambiguous (never counted)

A kind may follow the label in brackets, e.g. ``-[nav] Home`` or
``+[headline] Storm closes ports``. Exactly one space separates the prefix from
the paragraph, whose text is then taken verbatim (leading spaces included).

Files are rendered into the raw text a scraper would leave (see ``render``),
so that training sees the same segmentation as cleaning does.
"""
from __future__ import annotations

import hashlib
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

LABELS = {"+": 1, "-": 0, "?": -1}

JUNK_KINDS = frozenset({
    "nav", "spam", "footer", "related", "byline", "meta", "contact", "comment", "share",
    "cookie", "newsletter", "teaser", "ad", "dup", "toc", "board", "social", "legal", "other",
})
CONTENT_KINDS = frozenset({"headline", "standfirst", "body", "caption", "quote", "list", "subhead"})

_LINE = re.compile(r"^([+\-?])(?:\[([a-z]+)\])? (.*)$")
_HEADER = re.compile(r"^#\s*([A-Za-z_]+)\s*:\s*(.*?)\s*$")


class FormatError(ValueError):
    """A labelled file does not follow the format; the message names file and line."""


@dataclass
class LabelledDocument:
    id: str
    lang: str
    paragraphs: list[str]
    labels: list[int]
    kinds: list[str | None]
    meta: dict[str, str] = field(default_factory=dict)


def parse(text: str, doc_id: str) -> LabelledDocument:
    """Parse one labelled file's text; raise FormatError on the first problem."""
    meta: dict[str, str] = {}
    paragraphs, labels, kinds = [], [], []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        if line.startswith("#"):
            m = _HEADER.match(line)
            if m:
                meta[m.group(1).lower()] = m.group(2)
            continue
        m = _LINE.match(line)
        if not m:
            raise FormatError(f"{doc_id}:{n}: expected '+ ', '- ' or '? ' (optionally '+[kind] '), got {line[:40]!r}")
        mark, kind, body = m.groups()
        if not body.strip():
            raise FormatError(f"{doc_id}:{n}: empty paragraph")
        if kind and kind not in (CONTENT_KINDS if mark == "+" else JUNK_KINDS | CONTENT_KINDS):
            raise FormatError(f"{doc_id}:{n}: unknown kind {kind!r}")
        paragraphs.append(body.rstrip())
        labels.append(LABELS[mark])
        kinds.append(kind)
    if "lang" not in meta:
        raise FormatError(f"{doc_id}: missing '# lang: xx' header")
    if not paragraphs:
        raise FormatError(f"{doc_id}: no paragraphs")
    return LabelledDocument(doc_id, meta["lang"], paragraphs, labels, kinds, meta)


def read_file(path: Path, root: Path | None = None) -> LabelledDocument:
    doc_id = path.relative_to(root).with_suffix("").as_posix() if root else path.stem
    return parse(path.read_text(encoding="utf-8"), doc_id)


def read_dir(root: Path) -> list[LabelledDocument]:
    """All labelled documents below ``root``, in a stable (sorted) order."""
    return [read_file(p, root) for p in sorted(root.rglob("*.txt"))]


def statistics(docs: list[LabelledDocument]) -> str:
    """A Markdown summary: documents and paragraphs per language, paragraphs per kind."""
    langs: dict[str, list[int]] = {}
    kinds: dict[tuple[int, str], int] = {}
    for d in docs:
        row = langs.setdefault(d.lang, [0, 0, 0])
        row[0] += 1
        row[1] += sum(lab == 1 for lab in d.labels)
        row[2] += sum(lab == 0 for lab in d.labels)
        for lab, kind in zip(d.labels, d.kinds):
            kinds[(lab, kind or "-")] = kinds.get((lab, kind or "-"), 0) + 1
    lines = ["| language | documents | content paragraphs | junk paragraphs |", "|---|---:|---:|---:|"]
    lines += [f"| {k} | {v[0]} | {v[1]} | {v[2]} |" for k, v in sorted(langs.items())]
    total = [sum(v[i] for v in langs.values()) for i in range(3)]
    lines += [f"| **all** | **{total[0]}** | **{total[1]}** | **{total[2]}** |", ""]
    lines += ["| label | kind | paragraphs |", "|---|---|---:|"]
    names = {1: "keep", 0: "drop", -1: "ambiguous"}
    lines += [f"| {names[lab]} | {kind} | {n} |" for (lab, kind), n in sorted(kinds.items(), key=lambda x: (-x[0][0], -x[1]))]
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    """``python -m junkfilter.labelled [DIR] [--stats]``: check every file, print counts."""
    stats = "--stats" in argv
    argv = [a for a in argv if a != "--stats"]
    root = Path(argv[0]) if argv else Path("training_data/docs")
    errors, docs = 0, []
    for p in sorted(root.rglob("*.txt")):
        try:
            docs.append(read_file(p, root))
        except (FormatError, UnicodeDecodeError) as exc:
            errors += 1
            print(f"error: {exc}", file=sys.stderr)
    langs: dict[str, int] = {}
    for d in docs:
        langs[d.lang] = langs.get(d.lang, 0) + 1
    paras = sum(len(d.labels) for d in docs)
    junk = sum(lab == 0 for d in docs for lab in d.labels)
    median = sorted(len(d.labels) for d in docs)[len(docs) // 2] if docs else 0
    print(f"{len(docs)} documents, {paras} paragraphs ({junk} junk; median {median} a document), {errors} errors; "
          "languages: "
          + ", ".join(f"{k} {v}" for k, v in sorted(langs.items())))
    if stats:
        print(statistics(docs))
    return 1 if errors else 0



def layout_for(doc_id: str) -> str:
    """A stable layout per document, so training sees both ways scrapers lay text out."""
    return "blocks" if int(hashlib.sha1(doc_id.encode()).hexdigest(), 16) % 2 else "lines"


def render(doc: LabelledDocument, layout: str | None = None) -> str:
    """The raw text a scraper would have left: paragraphs one per line ("lines") or
    separated by blank lines ("blocks")."""
    layout = layout or doc.meta.get("layout") or layout_for(doc.id)
    return ("\n\n" if layout == "blocks" else "\n").join(doc.paragraphs) + "\n"


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
