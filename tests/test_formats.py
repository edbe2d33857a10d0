"""Inputs and outputs of corpus pipelines: WARC, JSONL metadata, Dolma spans, text folders,
the full-text HTML reader and the flagged-document policy."""
import gzip
import io
import json

import pytest
from typer.testing import CliRunner

from junkfilter import writers
from junkfilter.batch import Options, Task, run_chunk
from junkfilter.cli import app
from junkfilter.html_text import visible_text

runner = CliRunner()

STORY = ("The harbour authority said on Monday that the new ferry terminal would open in May, "
         "two months later than planned, because of delays in delivering the steel frame.")
SECOND = ("Passengers will keep using the old pier until then, and the operator promised extra "
          "sailings on weekends to make up for the smaller waiting room.")
PAGE = (f"<html><head><title>Ferry terminal delayed</title></head><body><nav><ul><li>Home</li><li>Sport</li>"
        f"</ul></nav><article><h1>Ferry terminal opening delayed</h1><p>{STORY}</p><p>{SECOND}</p></article>"
        f"<footer>Copyright 2025 Harbour Times. All rights reserved.</footer></body></html>")


def warc_bytes(pages, gz=True) -> bytes:
    """A WARC file of HTML responses (and one non-HTML record), made with warcio."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gz)
    for url, body, ctype in pages:
        headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
        record = writer.create_warc_record(url, "response", payload=io.BytesIO(body.encode()),
                                           http_headers=headers)
        writer.write_record(record)
    return buf.getvalue()


def invoke(small_model_path, *args):
    return runner.invoke(app, ["clean", *map(str, args), "-m", str(small_model_path), "--trust-model", "-j", "1"])


def test_warc_responses_become_jsonl_documents_with_url_and_date(tmp_path, small_model_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "crawl.warc.gz").write_bytes(warc_bytes([
        ("https://example.org/ferry", PAGE, "text/html; charset=utf-8"),
        ("https://example.org/logo.png", "PNG", "image/png"),
        ("https://example.org/ferry2", PAGE.replace("May", "June"), "text/html")]))
    result = invoke(small_model_path, src, tmp_path / "out")
    assert result.exit_code == 0, result.output
    lines = [json.loads(x) for x in gzip.open(tmp_path / "out" / "crawl.jsonl.gz", "rt")]
    assert [x["url"] for x in lines] == ["https://example.org/ferry", "https://example.org/ferry2"]
    assert all(x["id"].startswith("<urn:uuid:") and x["date"] for x in lines)
    assert STORY in lines[0]["text"] and "June" in lines[1]["text"]


def test_a_truncated_warc_reports_the_record_and_keeps_what_came_before(tmp_path, small_model_path):
    src = tmp_path / "in"
    src.mkdir()
    data = warc_bytes([("https://example.org/a", PAGE, "text/html"), ("https://example.org/b", PAGE, "text/html")])
    (src / "cut.warc.gz").write_bytes(data[: len(data) - 200])
    result = invoke(small_model_path, src, tmp_path / "out")
    assert result.exit_code == 1
    assert "cut.warc.gz: record 2: damaged or truncated WARC" in result.output
    lines = gzip.open(tmp_path / "out" / "cut.jsonl.gz", "rt").read().splitlines()
    assert len(lines) == 1 and STORY in json.loads(lines[0])["text"]


def test_jsonl_metadata_and_scores_are_added_beside_the_fields_of_the_record(tmp_path, small_model_path):
    src = tmp_path / "docs.jsonl"
    text = f"Home\nWorld\nFerry terminal opening delayed\n{STORY}\nShare this article\n"
    src.write_text(json.dumps({"id": "a", "text": text, "metadata": {"lang": "en"}}) + "\n"
                   + json.dumps({"id": "b", "text": text, "source": "crawl"}) + "\n")
    out = tmp_path / "out.jsonl"
    assert invoke(small_model_path, src, out, "--scores").exit_code == 0
    a, b = [json.loads(x) for x in out.read_text().splitlines()]
    assert a["metadata"]["lang"] == "en" and b["source"] == "crawl"
    for record in (a, b):
        meta = record["metadata"]["junkfilter"]
        assert meta["paragraphs"] == 5 and meta["kept"] + meta["dropped"] == 5
        assert len(meta["scores"]) == 5 and all(0 <= s <= 1 for s in meta["scores"])
        assert 0 < meta["removed_share"] < 1 and meta["flagged"] is False


def test_spans_give_offsets_scores_and_decisions_in_dolma_layout(tmp_path, small_model_path, small_model):
    from junkfilter.clean import clean_text

    text = f"Home\nWorld\nFerry terminal opening delayed\n{STORY}\n{STORY}\nShare this article\n"
    src = tmp_path / "docs.jsonl"
    src.write_text(json.dumps({"id": "a", "text": text, "source": "crawl"}) + "\n"
                   + json.dumps({"id": "b", "text": ""}) + "\n")
    out = tmp_path / "spans.jsonl"
    assert invoke(small_model_path, src, out, "--emit", "spans", "--experiment", "exp1").exit_code == 0
    a, b = [json.loads(x) for x in out.read_text().splitlines()]
    assert (a["id"], a["source"], b["id"]) == ("a", "crawl", "b")
    junk, drop = a["attributes"]["exp1__junkfilter__junk"], a["attributes"]["exp1__junkfilter__drop"]
    assert [text[s:e] for s, e, _ in junk] == text.splitlines()  # every paragraph, code-point offsets
    assert all(0 <= score <= 1 for _, _, score in junk)
    assert [junk[4][0], junk[4][1], 1.0] in drop  # the repeated paragraph is dropped as a duplicate
    # removing the drop spans gives exactly what cleaning keeps
    kept = [text[s:e] for s, e, _ in junk if [s, e, 1.0] not in drop]
    assert "\n".join(kept) + "\n" == clean_text(text, small_model)
    assert b["attributes"]["exp1__junkfilter__junk"] == []


def test_text_format_writes_one_safe_file_per_document(tmp_path, small_model_path):
    src = tmp_path / "in"
    src.mkdir()
    ids = ["../../escape", "/etc/passwd", "a/b", ".hidden", "", "plain"]
    (src / "docs.jsonl").write_text("".join(json.dumps({"id": i, "text": STORY}) + "\n" for i in ids)
                                    + json.dumps({"id": "plain", "text": SECOND}) + "\n")
    out = tmp_path / "out"
    result = invoke(small_model_path, src, out, "--format", "text")
    assert result.exit_code == 0, result.output
    files = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert len(files) == len(ids) + 1
    assert all(f.startswith("docs/") and f.count("/") == 1 and not f.split("/")[1].startswith(".") for f in files)
    assert not (tmp_path / "escape.txt").exists() and not list(tmp_path.glob("*.txt"))
    assert {(out / f).read_text() for f in files} == {STORY + "\n", SECOND + "\n"}


def test_flagged_documents_follow_the_chosen_policy_and_are_always_listed(tmp_path, small_model_path):
    src = tmp_path / "in"
    src.mkdir()
    junk = "Home\nSport\nLogin\nSubscribe\nCopyright © 2025 Site\n"
    (src / "junk.txt").write_text(junk)
    (src / "news.txt").write_text(f"{STORY}\n{SECOND}\n")
    for policy, expected in [("clean", ""), ("original", junk), ("skip", None)]:
        out, report = tmp_path / f"out-{policy}", tmp_path / f"{policy}.json"
        result = invoke(small_model_path, src, out, "--max-loss", "0.9", "--on-flagged", policy, "--report", report)
        assert result.exit_code == 0, result.output
        data = json.loads(report.read_text())
        assert data["flagged"] == ["junk.txt"] and data["documents"] == 2
        assert data["withheld"] == (["junk.txt"] if policy == "skip" else [])
        if expected is None:
            assert not (out / "junk.txt").exists()
        else:
            assert (out / "junk.txt").read_text() == expected
        assert STORY in (out / "news.txt").read_text()


def test_full_html_text_keeps_every_visible_block_in_page_order():
    text = visible_text(PAGE.replace("</article>", "<script>var x = 1;</script><!-- note --></article>"))
    assert text.splitlines() == ["Ferry terminal delayed", "Home", "Sport", "Ferry terminal opening delayed",
                                 STORY, SECOND, "Copyright 2025 Harbour Times. All rights reserved."]
    assert visible_text("") == "" and visible_text(b"\xff\xfe<p>x</p>").endswith("x")


def test_html_full_text_mode_lets_the_model_see_the_menus(tmp_path, small_model_path, small_model):
    src = tmp_path / "page.html"
    src.write_text(PAGE)
    reports = run_chunk([Task(src, tmp_path / "full.txt", "html", "page", "text")], small_model,
                        Options(html_text="full"))
    assert reports[0].paragraphs == 7 and not reports[0].errors
    out = (tmp_path / "full.txt").read_text()
    assert STORY in out and "Home" not in out.splitlines()


def test_text_input_to_jsonl_output(tmp_path, small_model_path):
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    (src / "sub" / "a.txt").write_text(f"Home\n{STORY}\n")
    assert invoke(small_model_path, src, tmp_path / "out", "--format", "jsonl").exit_code == 0
    record = json.loads((tmp_path / "out" / "sub" / "a.jsonl").read_text())
    assert record == {"id": "sub/a.txt", "text": STORY + "\n"}


def test_presets_order_their_thresholds(small_model):
    t = {p: small_model.preset_threshold(p) for p in ("precision", "balanced", "recall")}
    assert t["precision"] >= t["balanced"] >= t["recall"]
    assert t["balanced"] == small_model.threshold
    with pytest.raises(Exception, match="no preset 'strict'"):
        small_model.preset_threshold("strict")


def test_output_paths_follow_the_input_format():
    from pathlib import Path

    out = Path("/o")
    assert writers.output_path(Path("a/p.html.gz"), out, "html", "text") == Path("/o/a/p.txt")
    assert writers.output_path(Path("c.warc.gz"), out, "warc", "jsonl") == Path("/o/c.jsonl.gz")
    assert writers.output_path(Path("d.jsonl"), out, "jsonl", "spans") == Path("/o/d.jsonl")
    assert writers.output_path(Path("d.jsonl.gz"), out, "jsonl", "folder") == Path("/o/d")
    assert writers.output_path(Path("t.txt"), out, "text", "jsonl") == Path("/o/t.jsonl")


def test_input_format_overrides_the_file_name_in_a_folder(tmp_path, small_model_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "dump.dat").write_text(json.dumps({"id": "d1", "text": f"Home\n{STORY}\n"}) + "\n")
    assert invoke(small_model_path, src, tmp_path / "out", "--input-format", "jsonl").exit_code == 0
    record = json.loads((tmp_path / "out" / "dump.dat").read_text())
    assert record["id"] == "d1" and STORY in record["text"]
