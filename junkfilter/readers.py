"""Files → Documents: plain text, HTML (through trafilatura), JSONL and WARC, optionally gzipped.

Every reader raises ``ReadError`` with a message a user can act on (which file, which
line, what is wrong); the batch runner reports it and goes on with the next file.
"""
from __future__ import annotations

import gzip
import json
import zlib
from pathlib import Path
from typing import Iterator

from .documents import Document

FORMATS = ("text", "html", "jsonl", "warc")
#: Formats whose files hold many documents (streamed), the others hold one.
STREAMED = ("jsonl", "warc")
HTML_TEXT = ("main", "full")
_SUFFIXES = {".html": "html", ".htm": "html", ".xhtml": "html", ".jsonl": "jsonl", ".ndjson": "jsonl",
             ".warc": "warc"}
#: Files larger than this are refused as text or HTML (JSONL is streamed, any size).
MAX_TEXT_BYTES = 256 * 1024 * 1024


class ReadError(Exception):
    """An input that cannot be read as what it claims to be."""


def detect_format(path: Path) -> str:
    """The reader for a path, from its suffix (``.gz`` looked through); text otherwise."""
    suffixes = [s.lower() for s in Path(path).suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    return _SUFFIXES.get(suffixes[-1], "text") if suffixes else "text"


def is_gzip(path: Path) -> bool:
    return Path(path).suffix.lower() == ".gz"


def read_bytes(path: Path) -> bytes:
    try:
        if Path(path).stat().st_size > MAX_TEXT_BYTES:
            raise ReadError(f"{path}: larger than {MAX_TEXT_BYTES >> 20} MB; split it or use JSONL")
        if is_gzip(path):
            with gzip.open(path, "rb") as fh:
                data = fh.read(MAX_TEXT_BYTES + 1)
            if len(data) > MAX_TEXT_BYTES:
                raise ReadError(f"{path}: larger than {MAX_TEXT_BYTES >> 20} MB once decompressed")
            return data
        return Path(path).read_bytes()
    except (OSError, EOFError, zlib.error) as exc:
        raise ReadError(f"{path}: cannot read: {exc}") from None


def decode(data: bytes, where: str) -> str:
    """Strict UTF-8 (a BOM is dropped); binary data is refused rather than guessed at."""
    if b"\0" in data[:65536]:
        raise ReadError(f"{where}: looks binary (NUL bytes); not a text file")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ReadError(f"{where}: not valid UTF-8 (byte {exc.start}: {data[exc.start:exc.start + 1]!r}); "
                        "convert it to UTF-8 first") from None


def read_text(path: Path, doc_id: str) -> Document:
    return Document(doc_id, decode(read_bytes(path), str(path)))


def html_to_text(html: str | bytes, mode: str = "main") -> str:
    """The page's text with its paragraph structure: ``main``, the main content as
    trafilatura extracts it; ``full``, every visible text block of the page (for pages where
    trafilatura drops too much; junkfilter then does all the work)."""
    if mode == "full":
        from .html_text import visible_text

        return visible_text(html)
    import trafilatura

    text = trafilatura.extract(html, output_format="txt", include_comments=False, include_tables=True,
                               favor_recall=True, deduplicate=False)
    return text or ""


def read_html(path: Path, doc_id: str, mode: str = "main") -> Document:
    html = decode(read_bytes(path), str(path))
    return Document(doc_id, html_to_text(html, mode), metadata={"source_format": "html"})


def read_jsonl(path: Path, text_field: str = "text") -> Iterator[Document | ReadError]:
    """One Document per JSON line; a malformed line is yielded as a ReadError, and reading goes on."""
    opener = gzip.open if is_gzip(path) else open
    try:
        with opener(path, "rb") as fh:
            for n, raw in enumerate(fh, 1):
                if not raw.strip():
                    continue
                where = f"{path}:{n}"
                try:
                    record = json.loads(decode(raw, where))
                except ReadError as exc:
                    yield exc
                    continue
                except ValueError as exc:
                    yield ReadError(f"{where}: not valid JSON: {exc}")
                    continue
                if not isinstance(record, dict) or not isinstance(record.get(text_field), str):
                    yield ReadError(f"{where}: expected an object with a string field {text_field!r}")
                    continue
                doc_id = str(record.get("id", f"{Path(path).name}:{n}"))
                yield Document(doc_id, record[text_field], metadata=record)
    except (OSError, EOFError, zlib.error) as exc:
        yield ReadError(f"{path}: cannot read further: {exc}")


def read_warc(path: Path, html_text: str = "main") -> Iterator[Document | ReadError]:
    """One Document per HTML response record of a WARC file (``.warc`` or ``.warc.gz``),
    its text extracted as for HTML files, with the record's id, URL and date. A damaged or
    truncated record is yielded as a ReadError naming the record, and reading stops there
    (nothing after it can be trusted)."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    n = 0  # the record being read, counting from 1
    try:
        with open(path, "rb") as fh:
            records = iter(ArchiveIterator(fh))
            while True:
                n += 1
                record = next(records, None)
                if record is None:
                    return
                if record.rec_type != "response" or record.http_headers is None:
                    continue
                content_type = (record.http_headers.get_header("Content-Type") or "").lower()
                if "html" not in content_type:
                    continue
                headers = record.rec_headers
                doc_id = headers.get_header("WARC-Record-ID") or f"{Path(path).name}:{n}"
                meta = {"id": doc_id, "url": headers.get_header("WARC-Target-URI"),
                        "date": headers.get_header("WARC-Date")}
                body = record.content_stream().read()
                if getattr(record.raw_stream, "limit", 0) > 0:  # the file ended inside this record
                    raise EOFError(f"{record.raw_stream.limit} bytes of the record are missing")
                yield Document(doc_id, html_to_text(body, html_text), metadata=meta)
    except (OSError, EOFError, zlib.error, ArchiveLoadFailed, ValueError) as exc:
        yield ReadError(f"{path}: record {n}: damaged or truncated WARC: {exc}")
    except Exception as exc:  # warcio is not hardened against garbage: whatever it raises means "damaged"
        yield ReadError(f"{path}: record {n}: damaged WARC ({type(exc).__name__}: {exc})")


def read_documents(path: Path, fmt: str, doc_id: str, text_field: str = "text",
                   html_text: str = "main") -> Iterator[Document | ReadError]:
    """Every document of one input file, in order; problems come as ReadErrors in the stream
    (one-document formats raise instead, since nothing of them can be read)."""
    if fmt == "jsonl":
        yield from read_jsonl(path, text_field)
    elif fmt == "warc":
        yield from read_warc(path, html_text)
    elif fmt == "html":
        yield read_html(path, doc_id, html_text)
    else:
        yield read_text(path, doc_id)
