"""Cleaned documents → files, written atomically: whole or not at all."""
from __future__ import annotations

import gzip
import json
import os
import tempfile
from pathlib import Path
from typing import Iterable

from .clean import CleanResult


def output_path(src: Path, in_root: Path, out_root: Path, fmt: str) -> Path:
    """Where the cleaned form of ``src`` goes: the same place under ``out_root``.
    HTML becomes text (``page.html.gz`` → ``page.txt``); other files keep their name."""
    rel = src.relative_to(in_root) if src != in_root else Path(src.name)
    if fmt == "html":
        name = rel.name[:-3] if rel.name.lower().endswith(".gz") else rel.name
        rel = rel.with_name(Path(name).stem + ".txt")
    return out_root / rel


class AtomicWriter:
    """A file opened under a temporary name beside its target and renamed over it on
    success; on failure the temporary file is removed and the target left as it was.
    A process killed at any point leaves the target absent or whole, never half written.
    (No fsync: that guards against power loss, at a cost per file a batch run cannot pay.)"""

    def __init__(self, path: Path, gzipped: bool = False):
        self.path = Path(path)
        self.gzipped = gzipped

    def __enter__(self):
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, self._tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp", dir=self.path.parent)
        raw = os.fdopen(fd, "wb")
        self._raw = raw
        self._fh = gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) if self.gzipped else raw
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


def write_text(path: Path, result: CleanResult) -> int:
    data = result.text.encode("utf-8")
    with AtomicWriter(path) as fh:
        fh.write(data)
    return len(data)


def jsonl_record(result: CleanResult, text_field: str = "text") -> bytes:
    record = dict(result.document.metadata)
    record[text_field] = result.text
    return (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8")


def write_jsonl(path: Path, results: Iterable[CleanResult], text_field: str = "text", gzipped: bool = False) -> int:
    size = 0
    with AtomicWriter(path, gzipped) as fh:
        for result in results:
            line = jsonl_record(result, text_field)
            fh.write(line)
            size += len(line)
    return size
