import gzip
import json

import pytest
from typer.testing import CliRunner

from junkfilter.cli import app

runner = CliRunner()

STORY = ("The harbour authority said on Monday that the new ferry terminal would open in May, "
         "two months later than planned, because of delays in delivering the steel frame.")


@pytest.fixture
def tree(tmp_path):
    src = tmp_path / "in"
    (src / "a" / "b").mkdir(parents=True)
    (src / "one.txt").write_text(f"Home\nNews\nFerry terminal opening delayed\n{STORY}\nCopyright © 2025 Site\n")
    (src / "a" / "two.txt").write_text(f"Ferry terminal opening delayed\n\n{STORY}\n\nShare this article\n")
    (src / "a" / "b" / "latin1.txt").write_bytes("Caf\xe9 news".encode("latin-1"))
    (src / "a" / "b" / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR")
    (src / "a" / "empty.txt").write_text("")
    return src


def test_clean_mirrors_the_tree_and_reports_bad_files_without_stopping(tree, tmp_path, small_model_path):
    out = tmp_path / "out"
    result = runner.invoke(app, ["clean", str(tree), str(out), "--model", str(small_model_path), "--trust-model", "--jobs", "1"])
    assert result.exit_code == 1
    assert "latin1.txt: not valid UTF-8" in result.output
    assert "image.txt: looks binary" in result.output
    assert "5 files, 3 documents" in result.output and "2 errors" in result.output
    assert (out / "one.txt").is_file() and (out / "a" / "two.txt").is_file()
    assert (out / "a" / "empty.txt").read_text() == ""
    assert not (out / "a" / "b" / "latin1.txt").exists() and not (out / "a" / "b" / "image.txt").exists()
    assert STORY in (out / "one.txt").read_text()
    assert not list(out.rglob("*.tmp"))  # no half-written files left behind


def test_parallel_and_serial_runs_write_the_same_bytes(tree, tmp_path, small_model_path):
    outs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}"
        runner.invoke(app, ["clean", str(tree), str(out), "-m", str(small_model_path), "--trust-model", "-j", jobs, "-q"])
        outs.append({p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()})
    assert outs[0] == outs[1] and len(outs[0]) == 3


def test_clean_a_single_file_to_a_file(tree, tmp_path, small_model_path):
    out = tmp_path / "single.txt"
    result = runner.invoke(app, ["clean", str(tree / "one.txt"), str(out), "-m", str(small_model_path), "--trust-model"])
    assert result.exit_code == 0, result.output
    assert STORY in out.read_text()


def test_two_inputs_that_would_write_one_output_are_reported(tmp_path, small_model_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "page.html").write_text(f"<html><body><p>{STORY}</p></body></html>")
    (src / "page.txt").write_text(STORY)
    result = runner.invoke(app, ["clean", str(src), str(tmp_path / "out"), "-m", str(small_model_path), "--trust-model"])
    assert result.exit_code == 1
    assert "page.txt: its output" in result.output and "2 files" in result.output


def test_clean_refuses_to_overwrite_its_input(tree, small_model_path):
    result = runner.invoke(app, ["clean", str(tree), str(tree), "-m", str(small_model_path), "--trust-model"])
    assert result.exit_code == 2
    assert "same folder" in result.output


def test_jsonl_keeps_other_fields_and_reports_bad_lines(tmp_path, small_model_path):
    src = tmp_path / "in"
    src.mkdir()
    good = {"id": "d1", "text": f"Home\n{STORY}\nShare", "url": "https://example.org/x", "meta": {"lang": "en"}}
    with gzip.open(src / "docs.jsonl.gz", "wt", encoding="utf-8") as fh:
        fh.write(json.dumps(good) + "\n{not json}\n" + json.dumps({"id": "d2", "body": "x"}) + "\n")
    out = tmp_path / "out"
    result = runner.invoke(app, ["clean", str(src), str(out), "-m", str(small_model_path), "--trust-model"])
    assert result.exit_code == 1
    assert "docs.jsonl.gz:2: not valid JSON" in result.output
    assert "docs.jsonl.gz:3: expected an object with a string field 'text'" in result.output
    with gzip.open(out / "docs.jsonl.gz", "rt", encoding="utf-8") as fh:
        records = [json.loads(line) for line in fh]
    assert len(records) == 1
    assert records[0]["url"] == good["url"] and records[0]["meta"] == good["meta"]
    assert STORY in records[0]["text"]


def test_html_goes_through_trafilatura(tmp_path, small_model_path):
    src = tmp_path / "in"
    src.mkdir()
    page = (f"<html><body><nav><a href='/'>Home</a></nav><article><h1>Ferry terminal opening delayed</h1>"
            f"<p>{STORY}</p><p>{STORY.replace('Monday', 'Tuesday')}</p></article></body></html>")
    (src / "page.html").write_text(page)
    out = tmp_path / "out"
    result = runner.invoke(app, ["clean", str(src), str(out), "-m", str(small_model_path), "--trust-model"])
    assert result.exit_code == 0, result.output
    assert "harbour authority" in (out / "page.txt").read_text()


def test_score_shows_every_paragraph_with_score_and_decision(tree, small_model_path):
    result = runner.invoke(app, ["score", str(tree / "one.txt"), "-m", str(small_model_path), "--trust-model"])
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if line[:4].strip().isdigit()]
    assert len(lines) == 5
    assert all(("KEEP" in line) or ("drop" in line) for line in lines)
    assert "kept" in result.output and "threshold" in result.output


def test_missing_input_and_bad_model_exit_nonzero_with_a_message(tmp_path, small_model_path):
    result = runner.invoke(app, ["clean", str(tmp_path / "nope"), str(tmp_path / "out"), "-m", str(small_model_path), "--trust-model"])
    assert result.exit_code == 2 and "does not exist" in result.output
    result = runner.invoke(app, ["clean", str(tmp_path), str(tmp_path / "out"), "-m", str(tmp_path / "none.joblib")])
    assert result.exit_code == 2 and "no model at" in result.output


def test_train_command_writes_model_and_card(tmp_path):
    from .conftest import FIXTURES

    out = tmp_path / "m.joblib"
    result = runner.invoke(app, ["train", "--data", str(FIXTURES / "labelled"), "--out", str(out), "--folds", "2"])
    assert result.exit_code == 0, result.output
    assert "cross-validated" in result.output
    assert out.is_file() and out.with_suffix(".json").is_file()


def test_skip_existing_resumes_and_report_accounts_for_every_input(tree, tmp_path, small_model_path):
    out = tmp_path / "out"
    runner.invoke(app, ["clean", str(tree), str(out), "-m", str(small_model_path), "--trust-model", "-q"])
    first = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    (out / "one.txt").unlink()
    (out / "a" / "two.txt").write_text("left alone")
    report = tmp_path / "run.json"
    result = runner.invoke(app, ["clean", str(tree), str(out), "-m", str(small_model_path), "--trust-model", "-q",
                                 "--skip-existing", "--report", str(report)])
    assert "2 skipped" in result.output
    assert (out / "one.txt").read_bytes() == first[out / "one.txt"]
    assert (out / "a" / "two.txt").read_text() == "left alone"
    data = json.loads(report.read_text())
    assert data["skipped"] == 2 and data["files"] == 3 and len(data["errors"]) == 2
    assert data["kept"] + data["dropped"] == data["paragraphs"]
    assert data["files"] + data["skipped"] == 5  # every input accounted for


def test_standard_input_to_standard_output(small_model_path):
    text = f"Home\nNews\n{STORY}\nShare this article\n"
    result = runner.invoke(app, ["clean", "-", "-", "-m", str(small_model_path), "--trust-model"], input=text)
    assert result.exit_code == 0, result.output
    assert STORY in result.stdout
    from junkfilter import clean_text, load_model

    assert result.stdout == clean_text(text, load_model(small_model_path, trust=True))  # the same as the library


def test_jsonl_on_standard_input_keeps_fields_and_reports_bad_lines(small_model_path):
    lines = json.dumps({"id": "a", "text": f"Home\n{STORY}", "lang": "en"}) + "\nnot json\n"
    result = runner.invoke(app, ["clean", "-", "-", "--input-format", "jsonl", "-m", str(small_model_path), "--trust-model"], input=lines)
    assert result.exit_code == 1
    record = json.loads(result.stdout.splitlines()[0])
    assert record["id"] == "a" and record["lang"] == "en" and STORY in record["text"]
    assert "stdin:2: not valid JSON" in result.stderr


def test_a_benchmark_is_scored_for_the_card_and_never_changes_the_model(tmp_path):
    from .conftest import FIXTURES

    bench = tmp_path / "bench"
    (bench / "raw").mkdir(parents=True)
    gold = [{"id": "b1", "paragraphs": ["Home", "Ferry terminal opening delayed", STORY, "Share this article"],
             "labels": [0, 1, 1, 0]},
            {"id": "b2", "paragraphs": ["Login", STORY.replace("May", "June")], "labels": [0, 1]}]
    (bench / "labels.jsonl").write_text("".join(json.dumps(g) + "\n" for g in gold))
    (bench / "raw" / "b1.txt").write_text("\n".join(gold[0]["paragraphs"]) + "\n")
    cards, hashes = [], []
    for name, extra in (("with", ["--bench", str(bench)]), ("without", ["--bench", str(tmp_path / "none")])):
        out = tmp_path / f"{name}.joblib"
        result = runner.invoke(app, ["train", "--data", str(FIXTURES / "labelled"), "--out", str(out), "--folds", "2",
                                     "--synthetic", "1", *extra])
        assert result.exit_code == 0, result.output
        cards.append(json.loads(out.with_suffix(".json").read_text()))
        hashes.append(cards[-1]["model_sha256"])
    assert cards[0]["benchmark"]["docs"] == 2 and 0 <= cards[0]["benchmark"]["keep_f1"] <= 1
    assert "benchmark" not in cards[1]
    assert hashes[0] == hashes[1]  # scoring the benchmark never touches the model


def test_one_big_jsonl_file_is_shared_out_to_workers_with_the_same_bytes(tmp_path, small_model_path, monkeypatch):
    from junkfilter import batch

    monkeypatch.setattr(batch, "BATCH_DOCUMENTS", 8)  # many batches in flight from 61 records
    pools = []
    stream = batch._run_stream

    def spy(task, report, model, options, pool=None, *args):
        pools.append(pool is not None)
        return stream(task, report, model, options, pool, *args)

    monkeypatch.setattr(batch, "_run_stream", spy)
    src = tmp_path / "shard.jsonl"
    lines = [json.dumps({"id": f"d{i}", "text": f"Home\nNews {i}\n{STORY}\nShare", "url": f"u{i}"}) for i in range(60)]
    lines[17] = "{not json"
    lines.insert(30, json.dumps({"id": "no-text"}))
    src.write_text("\n".join(lines) + "\n")
    results = {}
    for jobs in ("1", "2"):
        for emit in ("text", "spans"):
            out = tmp_path / f"out-{jobs}-{emit}.jsonl"
            r = runner.invoke(app, ["clean", str(src), str(out), "-m", str(small_model_path), "--trust-model",
                                    "-j", jobs, "-q", "--emit", emit, "--scores"])
            results[jobs, emit] = (r.exit_code, r.output.split("(")[0], out.read_bytes())
    for emit in ("text", "spans"):
        assert results["1", emit] == results["2", emit]
        code, line, data = results["2", emit]
        assert code == 1 and "59 documents" in line and "2 errors" in line
        assert len(data.splitlines()) == 59
    assert pools == [False, False, True, True]  # -j 2: the workers cleaned the batches
    ids = [json.loads(x)["id"] for x in results["2", "text"][2].splitlines()]
    assert ids == [f"d{i}" for i in range(60) if i != 17]  # in input order


def test_standard_input_to_standard_output_with_workers(tmp_path, small_model_path):
    records = "".join(json.dumps({"id": f"d{i}", "text": f"Home\n{STORY}"}) + "\n" for i in range(20))
    outs = []
    for jobs in ("1", "2"):
        r = runner.invoke(app, ["clean", "-", "-", "--input-format", "jsonl", "-m", str(small_model_path),
                                "--trust-model", "-j", jobs, "-q"], input=records)
        assert r.exit_code == 0, r.output
        outs.append(r.stdout)
    assert outs[0] == outs[1] and outs[0].count("\n") == 20 and STORY in outs[0]


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_big_file_reports_progress_by_documents(tmp_path, small_model_path, jobs):
    from junkfilter.batch import BATCH_DOCUMENTS, Options, Runner, plan

    src = tmp_path / "shard.jsonl"
    src.write_text("".join(json.dumps({"id": i, "text": f"Home\n{STORY}"}) + "\n" for i in range(300)) + "{bad\n")
    tasks, _ = plan(src, tmp_path / "out.jsonl", Options())
    seen: list[int] = []
    with Runner(small_model_path, Options(), jobs, trust=True) as runner:
        summary = runner.run(tasks, on_documents=seen.append)
    assert sum(seen) == summary.documents == 300
    assert len(seen) == 3 and max(seen) <= BATCH_DOCUMENTS


def _gold_set(tmp_path):
    gold = [{"id": f"d{i}", "paragraphs": ["Home", "News", "Ferry terminal opening delayed", STORY, "Share this article",
                                           "Copyright © 2025 Site"], "labels": [0, 0, 1, 1, 0, 0]} for i in range(4)]
    path = tmp_path / "labels.jsonl"
    path.write_text("".join(json.dumps(g) + "\n" for g in gold))
    return path


def test_evaluate_prints_the_figures_and_compares_two_models(tmp_path, small_model_path):
    gold = _gold_set(tmp_path)
    result = runner.invoke(app, ["evaluate", "--gold", str(gold), "-m", str(small_model_path), "--trust-model",
                                 "--json"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output)
    assert figures["docs"] == 4 and 0 <= figures["keep_f1"] <= 1 and "per_doc" not in figures
    # a model against itself: no difference, whatever the resampling
    same = runner.invoke(app, ["evaluate", "--gold", str(gold), "-m", str(small_model_path), "--trust-model",
                               "--against", str(small_model_path), "--json"])
    assert same.exit_code == 0, same.output
    against = json.loads(same.output)["against"]
    assert (against["difference"], against["low"], against["high"]) == (0.0, 0.0, 0.0)
    assert against["keep_f1"] == figures["keep_f1"]
    # against the shipped model, in words
    shipped = runner.invoke(app, ["evaluate", "--gold", str(gold), "-m", str(small_model_path), "--trust-model",
                                  "--against", "shipped"])
    assert shipped.exit_code == 0, shipped.output
    assert "against shipped (keep F1" in shipped.output and "95% interval" in shipped.output


def test_evaluate_reports_a_bad_labels_file(tmp_path, small_model_path):
    bad = tmp_path / "labels.jsonl"
    bad.write_text('{"id": "a", "paragraphs": ["x"], "labels": [1, 0]}\n')
    result = runner.invoke(app, ["evaluate", "--gold", str(bad), "-m", str(small_model_path), "--trust-model"])
    assert result.exit_code != 0
    assert "labels.jsonl:1" in result.output


def test_train_defaults_are_the_training_modules_own():
    """The CLI once repeated --members' default (2) after train.MEMBERS had become 4, so a plain
    `junkfilter train` made another model than the one the README describes."""
    import typer.main

    from junkfilter import train

    command = typer.main.get_command(app).commands["train"]
    defaults = {p.name: p.default for p in command.params}
    assert defaults["members"] == train.MEMBERS
    assert defaults["folds"] == train.CV_FOLDS
    assert defaults["synthetic"] == train.SYNTHETIC_PER_DOCUMENT
