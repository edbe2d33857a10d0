"""Cleaned documents → files, written atomically: whole or not at all.

An input file becomes one output (a *sink*), whatever it holds:

- ``text``: the kept paragraphs of a one-document input (``.txt`` or ``.html``);
- ``jsonl``: one JSON line per document, every field of the input record kept, the text
  field cleaned (plus ``metadata.junkfilter`` figures when asked);
- ``spans``: one JSON line per document in Dolma's attribute layout, each paragraph's
  offsets, junk score and decision, so thresholds can change without a rerun;
- ``folder``: one text file per document of a JSONL or WARC input, named after its id
  (neutralised so that no id can reach outside the folder).

What a flagged document (one that lost more than ``max_loss`` of its text) becomes is the
``on_flagged`` policy: ``clean`` (write what was kept, possibly nothing), ``skip`` (write
nothing for it; the run report lists it) or ``original`` (write its text unchanged).
"""
from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .clean import CleanResult

KINDS = ("text", "jsonl", "spans", "folder")
ON_FLAGGED = ("clean", "skip", "original")
_TEMP_PREFIX = ".junkfilter-"


@dataclass(frozen=True)
class OutputOptions:
    """How results are written (the cleaning itself is decided before)."""

    text_field: str = "text"
    metadata: bool = False
    scores: bool = False
    on_flagged: str = "clean"
    experiment: str = "junkfilter"


def _strip(name: str, *suffixes: str) -> str:
    for suffix in suffixes:
        if name.lower().endswith(suffix):
            name = name[: -len(suffix)]
    return name


def output_path(rel: Path, out_root: Path, in_fmt: str, kind: str) -> Path:
    """Where the output of the input at ``rel`` (relative to the input root) goes."""
    gz = rel.name.lower().endswith(".gz")
    base = _strip(rel.name, ".gz")
    if kind == "text":
        name = Path(base).stem + ".txt" if in_fmt == "html" else rel.name
    elif kind == "folder":
        name = _strip(base, ".jsonl", ".ndjson", ".warc")
    elif in_fmt == "jsonl":
        name = rel.name
    else:
        name = (_strip(base, ".warc") if in_fmt == "warc" else Path(base).stem) + ".jsonl" + (".gz" if gz else "")
    return out_root / rel.with_name(name)


def inside(path: Path, root: Path) -> bool:
    """True if ``path``, symlinks resolved, lies under ``root`` (also resolved)."""
    try:
        Path(path).resolve().relative_to(Path(root).resolve())
        return True
    except ValueError:
        return False


def safe_name(doc_id: str, n: int) -> str:
    """A file name for a document id that cannot leave its folder: no separators, no
    leading dots, no control characters, bounded length; ``doc-N`` if nothing is left."""
    name = re.sub(r'[\x00-\x1f\x7f/\\:*?"<>|]', "_", doc_id).strip().lstrip(".")[:150]
    return (name or f"doc-{n}") + ".txt"


def sweep_temporaries(root: Path) -> int:
    """Remove the temporary files a killed run left under ``root``; how many."""
    removed = 0
    for path in Path(root).rglob(f"{_TEMP_PREFIX}*.tmp"):
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
        removed += 1
    return removed


class AtomicWriter:
    """A file opened under a temporary name beside its target and renamed over it on
    success; on failure the temporary file is removed and the target left as it was.
    A process killed at any point leaves the target absent or whole, never half written
    (the next run sweeps the temporary file away). No fsync: that guards against power
    loss, at a cost per file a batch run cannot pay."""

    def __init__(self, path: Path, gzipped: bool = False):
        self.path = Path(path)
        self.gzipped = gzipped

    def __enter__(self):
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, self._tmp = tempfile.mkstemp(prefix=f"{_TEMP_PREFIX}{self.path.name[:100]}.", suffix=".tmp",
                                         dir=self.path.parent)
        self._raw = os.fdopen(fd, "wb")
        self._fh = gzip.GzipFile(fileobj=self._raw, mode="wb", mtime=0) if self.gzipped else self._raw
        return self._fh

    def __exit__(self, exc_type, exc, tb):
        try:
            if self.gzipped:
                self._fh.close()
            self._raw.close()
            if exc_type is None:
                os.replace(self._tmp, self.path)
        finally:
            if os.path.exists(self._tmp):
                os.unlink(self._tmp)
        return False


def output_text(result: CleanResult, on_flagged: str) -> str | None:
    """The text to write for a result under the flagged-document policy (None: nothing)."""
    if not result.flagged or on_flagged == "clean":
        return result.text
    return None if on_flagged == "skip" else result.document.text


def junkfilter_metadata(result: CleanResult, scores: bool) -> dict:
    meta = {"paragraphs": len(result.decisions), "kept": result.kept, "dropped": result.dropped,
            "removed_share": round(result.removed_share, 4), "flagged": result.flagged}
    if scores:
        meta["scores"] = [round(d.score, 4) for d in result.decisions]
    return meta


def text_record(result: CleanResult, text: str, options: OutputOptions) -> dict:
    """The input record (or ``{"id"}``) with its text field replaced by ``text``."""
    record = dict(result.document.metadata) or {"id": result.document.id}
    record.pop("source_format", None)
    record[options.text_field] = text
    if options.metadata or options.scores:
        meta = junkfilter_metadata(result, options.scores)
        if isinstance(record.get("metadata"), dict):
            record["metadata"] = {**record["metadata"], "junkfilter": meta}
        elif "metadata" not in record:
            record["metadata"] = {"junkfilter": meta}
        else:
            record["junkfilter"] = meta
    return record


def span_record(result: CleanResult, experiment: str = "junkfilter") -> dict:
    """Dolma's attribute layout: ``<experiment>__junkfilter__junk`` holds every paragraph as
    ``[start, end, junk score]``; ``__drop`` the paragraphs the cleaner drops (score 1.0,
    duplicates included), so a span replacement on it gives exactly junkfilter's output;
    ``__flagged`` the whole text when the document lost more than ``max_loss``."""
    prefix = f"{experiment}__junkfilter__"
    spans = result.spans()
    attributes = {
        prefix + "junk": [[s, e, round(1.0 - score, 4)] for s, e, score, _ in spans],
        prefix + "drop": [[s, e, 1.0] for s, e, _, keep in spans if not keep],
    }
    if result.flagged:
        attributes[prefix + "flagged"] = [[0, len(result.document.text), 1.0]]
    record = {"id": result.document.id, "attributes": attributes}
    if "source" in result.document.metadata:
        record["source"] = result.document.metadata["source"]
    return record


def _line(record: dict) -> bytes:
    return (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8")


@dataclass(frozen=True, slots=True)
class Rendered:
    """What a Sink writes for one cleaned document, and what the run report counts of it.
    Made where the document was cleaned (a worker), so only these bytes travel back."""

    id: str
    paragraphs: int
    kept: int
    flagged: bool
    data: bytes | None  # a JSONL line, or the cleaned text; None when the flagged policy withholds it


def render(result: CleanResult, kind: str, options: OutputOptions) -> Rendered:
    """The bytes an output of ``kind`` gets for ``result``."""
    if kind == "spans":
        data = _line(span_record(result, options.experiment))
    else:
        text = output_text(result, options.on_flagged)
        if text is None:
            data = None
        elif kind == "jsonl":
            data = _line(text_record(result, text, options))
        else:
            data = text.encode("utf-8")
    return Rendered(result.document.id, len(result.decisions), result.kept, result.flagged, data)


class Sink:
    """The output of one input file. ``write`` returns False when the document was withheld
    (the flagged policy said skip); the file appears only when the sink closes cleanly."""

    def __init__(self, path: Path, kind: str, options: OutputOptions):
        if kind not in KINDS:
            raise ValueError(f"output kind must be one of {KINDS}, not {kind!r}")
        self.path, self.kind, self.options = Path(path), kind, options
        self.bytes = 0
        self._writer: AtomicWriter | None = None
        self._fh = None
        self._folder: Path | None = None
        self._names: set[str] = set()
        self._count = 0

    def __enter__(self) -> "Sink":
        if self.kind in ("jsonl", "spans"):
            self._open_file()
        elif self.kind == "folder":
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._folder = Path(tempfile.mkdtemp(prefix=f"{_TEMP_PREFIX}{self.path.name[:100]}.", suffix=".tmp",
                                                 dir=self.path.parent))
        return self

    def _open_file(self) -> None:
        self._writer = AtomicWriter(self.path, self.path.name.lower().endswith(".gz"))
        self._fh = self._writer.__enter__()

    def _emit(self, data: bytes) -> None:
        self._fh.write(data)
        self.bytes += len(data)

    def write(self, result: CleanResult) -> bool:
        return self.emit(render(result, self.kind, self.options))

    def emit(self, rendered: Rendered) -> bool:
        """Write a rendered document; False when it was withheld (nothing written)."""
        self._count += 1
        data = rendered.data
        if data is None:
            return False
        if self.kind in ("jsonl", "spans"):
            self._emit(data)
        elif self.kind == "text":
            if self._fh is not None:
                raise ValueError(f"{self.path}: a text output holds one document")
            self._open_file()
            self._emit(data)
        else:
            name = safe_name(rendered.id, self._count)
            if name in self._names:
                name = f"{name[:-4]}-{self._count}.txt"
            self._names.add(name)
            target = self._folder / name
            if not inside(target, self._folder):  # cannot happen with safe_name; checked all the same
                raise ValueError(f"document id {rendered.id!r} would leave the output folder")
            target.write_bytes(data)
            self.bytes += len(data)
        return True

    def __exit__(self, exc_type, exc, tb):
        if self._writer is not None:
            self._writer.__exit__(exc_type, exc, tb)
        if self._folder is not None:
            if exc_type is None:
                if self.path.is_dir() and not self.path.is_symlink():
                    shutil.rmtree(self.path)
                os.replace(self._folder, self.path)
            else:
                shutil.rmtree(self._folder, ignore_errors=True)
        return False

