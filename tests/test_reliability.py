"""Nothing lost, nothing half written, no path outside the output: checked with broken
inputs, killed runs and hostile names."""
import gzip
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from junkfilter.cli import app

runner = CliRunner()

STORY = ("The harbour authority said on Monday that the new ferry terminal would open in May, "
         "two months later than planned, because of delays in delivering the steel frame.")


def page(i: int) -> str:
    return f"Home\nNews\nFerry story number {i} of the week\n{STORY} Update {i}.\nShare this article\nCopyright © 2025\n"


def tree_bytes(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def mixed_corpus(root: Path) -> dict[str, list[str]]:
    """Good and broken inputs; returns, per input file, the ids of the documents it holds."""
    (root / "txt").mkdir(parents=True)
    (root / "web").mkdir()
    ids = {}
    for i in range(6):
        (root / "txt" / f"p{i}.txt").write_text(page(i))
        ids[f"txt/p{i}.txt"] = [f"txt/p{i}.txt"]
    (root / "txt" / "latin1.txt").write_bytes("Caf\xe9".encode("latin-1"))
    (root / "txt" / "binary.txt").write_bytes(b"\x00\x01\x02" * 50)
    (root / "txt" / "empty.txt").write_text("")
    ids.update({"txt/latin1.txt": ["txt/latin1.txt"], "txt/binary.txt": ["txt/binary.txt"],
                "txt/empty.txt": ["txt/empty.txt"]})
    (root / "web" / "page.html").write_text(f"<html><body><p>{STORY}</p></body></html>")
    ids["web/page.html"] = ["web/page.html"]
    good = gzip.compress(page(9).encode())
    (root / "txt" / "cut.txt.gz").write_bytes(good[: len(good) // 2])
    ids["txt/cut.txt.gz"] = ["txt/cut.txt.gz"]
    lines = [json.dumps({"id": f"j{i}", "text": page(i)}) for i in range(8)]
    lines[3] = '{"id": "j3", "text": '  # malformed
    lines[5] = json.dumps({"id": "j5", "body": "no text field"})
    (root / "docs.jsonl").write_text("\n".join(lines) + "\n")
    ids["docs.jsonl"] = [f"j{i}" for i in range(8)]
    return ids


def test_every_input_document_is_written_or_reported(tmp_path, small_model_path):
    ids = mixed_corpus(tmp_path / "in")
    out, report = tmp_path / "out", tmp_path / "run.json"
    result = runner.invoke(app, ["clean", str(tmp_path / "in"), str(out), "-m", str(small_model_path),
                                 "--trust-model", "-j", "2", "-q", "--report", str(report)])
    assert result.exit_code == 1
    data = json.loads(report.read_text())
    errors = data["errors"]
    written: set[str] = set()
    for rel, doc_ids in ids.items():
        if rel.endswith(".jsonl"):
            written |= {json.loads(x)["id"] for x in (out / rel).read_text().splitlines()}
        elif (out / rel.replace(".html", ".txt")).exists():
            written |= set(doc_ids)
    reported = set()
    for error in errors:  # "<path>: message" or "<path>:<line>: message"
        head = error.split(": ", 1)[0]
        path, _, line = head.rpartition(":") if head.rpartition(":")[2].isdigit() else (head, "", "")
        rel = Path(path).relative_to(tmp_path / "in").as_posix()
        reported.add(ids[rel][int(line) - 1] if line else rel)
    every = {d for doc_ids in ids.values() for d in doc_ids}
    assert written | reported == every and not written & reported
    assert data["documents"] == len(written) and len(errors) == len(reported) == 5
    assert data["files"] == len(ids)


def _run(args, **kwargs):
    return subprocess.Popen([sys.executable, "-m", "junkfilter", "clean", *map(str, args)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True, **kwargs)


def test_a_run_killed_at_random_points_resumes_to_the_uninterrupted_output(tmp_path, small_model_path):
    src = tmp_path / "in"
    for i in range(240):
        (src / f"d{i % 7}").mkdir(parents=True, exist_ok=True)
        (src / f"d{i % 7}" / f"p{i:03d}.txt").write_text(page(i) * (1 + i % 5))
    with gzip.open(src / "big.jsonl.gz", "wt") as fh:
        for i in range(1500):
            fh.write(json.dumps({"id": i, "text": page(i)}) + "\n")
    common = ["-m", small_model_path, "--trust-model", "-j", "2", "-q"]
    reference = tmp_path / "reference"
    assert _run([src, reference, *common]).wait(timeout=300) == 0
    expected = tree_bytes(reference)
    rng = random.Random(20261124)
    interrupted = 0
    for attempt in range(3):
        out = tmp_path / f"killed{attempt}"
        proc = _run([src, out, *common])
        time.sleep(rng.uniform(1.0, 3.0))  # the model loads in ~1 s: kill while files are being written
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        partial = {k: v for k, v in tree_bytes(out).items() if ".junkfilter-" not in k} if out.exists() else {}
        assert all(expected[k] == v for k, v in partial.items())  # whatever exists is whole
        interrupted += len(partial) < len(expected)
        assert _run([src, out, *common, "--skip-existing"]).wait(timeout=300) == 0
        assert tree_bytes(out) == expected  # no temporary files left, nothing missing or different
    assert interrupted  # at least one kill landed before the run was over


def test_symlinks_never_lead_reads_or_writes_outside_the_given_folders(tmp_path, small_model_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text(STORY)
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    (src / "ok.txt").write_text(page(1))
    (src / "sub" / "link.txt").symlink_to(outside / "secret.txt")  # a file outside the input
    (src / "sub" / "loop").symlink_to(src, target_is_directory=True)  # a loop
    (src / "inner.txt").symlink_to(src / "ok.txt")  # a link inside the input is fine
    out = tmp_path / "out"
    out.mkdir()
    (out / "sub").symlink_to(outside, target_is_directory=True)  # an output folder leading outside
    result = runner.invoke(app, ["clean", str(src), str(out), "-m", str(small_model_path), "--trust-model",
                                 "-j", "1"])
    assert result.exit_code == 1
    assert "link.txt: a symlink to a file outside the input folder" in result.output
    assert sorted(p.name for p in outside.iterdir()) == ["secret.txt"]  # nothing written outside
    assert (out / "ok.txt").is_file() and (out / "inner.txt").is_file()


def test_an_existing_output_symlink_is_replaced_not_followed(tmp_path, small_model_path):
    target = tmp_path / "precious.txt"
    target.write_text("do not overwrite")
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    out.mkdir()
    (src / "a.txt").write_text(page(2))
    (out / "a.txt").symlink_to(target)
    result = runner.invoke(app, ["clean", str(src), str(out), "-m", str(small_model_path), "--trust-model"])
    assert result.exit_code == 0, result.output
    assert target.read_text() == "do not overwrite"
    assert not (out / "a.txt").is_symlink() and STORY in (out / "a.txt").read_text()


@pytest.mark.parametrize("bad_id", ["../../../etc/x", "/abs/path", "..", "a/../../b", "\x00nul", "C:\\win"])
def test_hostile_document_ids_stay_inside_the_output_folder(tmp_path, small_model_path, bad_id):
    src = tmp_path / "docs.jsonl"
    src.write_text(json.dumps({"id": bad_id, "text": page(3)}) + "\n")
    out = tmp_path / "deep" / "out"
    result = runner.invoke(app, ["clean", str(src), str(out), "--format", "text", "-m", str(small_model_path),
                                 "--trust-model"])
    assert result.exit_code == 0, result.output
    files = [p for p in tmp_path.rglob("*") if p.is_file() and p != src]
    assert len(files) == 1 and files[0].parent == out and STORY in files[0].read_text()
