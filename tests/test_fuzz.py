"""Bad input in bulk: over 10,000 generated cases thrown at the readers, segmentation, the
full-page HTML reader, features and the cleaner. Nothing may crash, hang (each case has a
deadline) or add text: every failure must be a clear ReadError in the run report."""
import gzip
import io
import json
from datetime import timedelta

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from junkfilter.batch import Options, Task, run_chunk
from junkfilter.clean import clean_documents
from junkfilter.documents import Document
from junkfilter.features import N_DENSE, batch_features
from junkfilter.html_text import visible_text
from junkfilter.segment import segment
from junkfilter.text import strip_tags



def fuzz(cases: int) -> settings:
    """``cases`` generated inputs, each with a deadline; derandomised, so CI runs are repeatable."""
    return settings(max_examples=cases, deadline=timedelta(seconds=10), suppress_health_check=list(HealthCheck),
                    derandomize=True)

WORDS = st.sampled_from(["Home", "news", "新闻", "Привет", "مرحبا", "שלום", "e\u0301", "\u202e", "\u200f",
                         "\u0300\u0301\u0302", "<p>", "</div>", "<strong></strong>", "&amp;", "&#x0;", "\x00",
                         "\r", "\n", "\r\n", "\n\n", "\u2028", "\u0085", "\x0c", "\t", " ", "😀", "\ufeff",
                         "The council met on Monday.", "Copyright © 2025", "价格 ¥99 包邮", "\udcff"[:0]])
TEXTS = st.lists(st.one_of(WORDS, st.text(max_size=30)), max_size=60).map("".join)
HTML_PIECES = st.sampled_from(["<html>", "<body>", "<div>", "</div>", "<p>", "</p>", "<script>", "</script>",
                               "<style>", "<!--", "-->", "<![CDATA[", "]]>", "<nav>", "<li>", "<br>", "<table>",
                               "<td>", "<title>", "</title>", "<svg>", "<a href='x'>", "</a>", "&nbsp;", "<",
                               ">", "\"", "'", "<!DOCTYPE html>", "<?xml?>", "\x00", "text", "新闻"])
HTML = st.lists(st.one_of(HTML_PIECES, st.text(max_size=10)), max_size=80).map("".join)


def subsequence(kept: list[str], originals: list[str]) -> bool:
    it = iter(originals)
    return all(any(line == candidate for candidate in it) for line in kept)


@fuzz(3000)
@given(TEXTS, st.sampled_from(["auto", "lines", "blocks"]))
def test_segmentation_of_anything_slices_back(text, layout):
    end = 0
    for p in segment(text, layout):
        assert text[p.start:p.end] == p.text and p.text.strip() == p.text and p.start >= end
        end = p.end


@fuzz(2000)
@given(st.lists(TEXTS, min_size=1, max_size=3))
def test_cleaning_never_adds_text(small_model, texts):
    docs = [Document(str(i), t) for i, t in enumerate(texts)]
    for result in clean_documents(docs, small_model, max_loss=0.5):
        originals = [line for p in result.document.paragraphs for line in strip_tags(p.text).split("\n")]
        kept = [line for line in result.text.split("\n") if line]
        assert subsequence(kept, originals)
        assert all(0.0 <= d.score <= 1.0 for d in result.decisions)


@fuzz(1000)
@given(st.lists(TEXTS, min_size=1, max_size=4))
def test_features_are_finite(texts):
    docs = [Document(str(i), t, segment(t)) for i, t in enumerate(texts)]
    dense, hashed = batch_features(docs, n_hashed=2**10)
    assert dense.shape == (sum(len(d.paragraphs) for d in docs), N_DENSE) and np.isfinite(dense).all()


@fuzz(1500)
@given(HTML)
def test_full_page_reader_takes_any_markup(page):
    text = visible_text(page + "<p>junkfilter-marker</p><script>hidden-marker</script>")
    assert "hidden-marker" not in text or "<title>" in page or "<script>" in page or "<!--" in page
    assert all(line == line.strip() and line for line in text.split("\n") if text)


def _gzip(data: bytes) -> bytes:
    return gzip.compress(data, mtime=0)


FORMATS = [("a.txt", "text"), ("a.html", "html"), ("a.jsonl", "jsonl"), ("a.txt.gz", "text"),
           ("a.jsonl.gz", "jsonl"), ("a.warc", "warc"), ("a.warc.gz", "warc")]


def _payload(kind: str, raw: bytes, text: str, cut: float) -> bytes:
    """Random bytes, or a well-formed file of the format broken at a random point."""
    if kind == "bytes":
        return raw
    if kind == "jsonl":
        lines = [json.dumps({"id": i, "text": text}) for i in range(3)]
        data = ("\n".join(lines) + "\n").encode()
    elif kind == "warc":
        data = _warc(text)
    else:
        data = text.encode("utf-8", errors="surrogatepass")
    return data[: int(len(data) * cut)] if cut < 1 else data


def _warc(text: str) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=False)
    headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
    body = f"<html><body><p>{text}</p></body></html>".encode("utf-8", errors="replace")
    writer.write_record(writer.create_warc_record("https://example.org/", "response", payload=io.BytesIO(body),
                                                  http_headers=headers))
    return buf.getvalue()


@fuzz(2500)
@given(st.sampled_from(FORMATS), st.sampled_from(["bytes", "jsonl", "warc", "text"]), st.binary(max_size=300),
       TEXTS, st.sampled_from([1.0, 1.0, 0.9, 0.5, 0.1]), st.booleans())
def test_readers_report_every_bad_input_clearly(small_model, tmp_path_factory, fmt, kind, raw, text, cut, gz_wrap):
    name, reader = fmt
    data = _payload(kind, raw, text, cut)
    if name.endswith(".gz") and gz_wrap:
        data = _gzip(data)
        data = data[: int(len(data) * cut)] if cut < 1 else data
    folder = tmp_path_factory.mktemp("fuzz")
    src = folder / name
    src.write_bytes(data)
    report = run_chunk([Task(src, folder / "out", reader, "a", Options().kind(reader))], small_model)[0]
    assert not any("unexpected" in e for e in report.errors), report.errors  # only clear, expected errors
    assert all(e.startswith(str(src)) for e in report.errors)
    if not report.errors and reader in ("text", "html"):
        assert (folder / "out").is_file()


def test_a_100_mb_single_line_is_cleaned_whole(small_model):
    text = ("word " * 20_000_000)[:100_000_000]
    result = clean_documents([Document("big", text)], small_model)[0]
    assert len(result.decisions) == 1 and result.text in ("", text.strip() + "\n")


def test_a_million_tiny_lines_are_all_scored(small_model):
    text = "ab\n" * 1_000_000
    result = clean_documents([Document("tiny", text)], small_model)[0]
    assert len(result.decisions) == 1_000_000
    assert sum(d.reason == "duplicate" for d in result.decisions) == 999_999  # one line, repeated


def test_deeply_nested_html_neither_crashes_nor_hangs(small_model, tmp_path):
    page = "<div>" * 50_000 + "<p>The council met on Monday to vote on the budget.</p>" + "</div>" * 50_000
    src = tmp_path / "deep.html"
    src.write_text(page)
    for mode in ("main", "full"):
        report = run_chunk([Task(src, tmp_path / f"{mode}.txt", "html", "deep", "text")], small_model,
                           Options(html_text=mode))[0]
        assert not report.errors and (tmp_path / f"{mode}.txt").is_file()
