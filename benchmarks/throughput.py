"""Throughput and memory of `junkfilter clean` on a generated corpus (not a test: it prints figures).

    python benchmarks/throughput.py [--mb 50] [--jobs 1 2] [--keep DIR] [--jsonl]

The corpus is made by junkfilter's own synthesiser from the team's written training
documents: about 5 KB per file, plain text, in both layouts, until it reaches --mb
megabytes. Each run is `python -m junkfilter clean CORPUS OUT -j N -q` in a subprocess;
peak memory is the largest resident set of that process and its workers. With --jsonl the
same documents go into one JSONL file instead, which one process streams: run it at two
sizes to see that memory does not grow with the input.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from junkfilter.labelled import read_dir  # noqa: E402
from junkfilter.synthesis import Synthesiser  # noqa: E402


def make_corpus(folder: Path, megabytes: float, seed: int = 0, jsonl: bool = False) -> tuple[int, int, int]:
    """Write synthetic documents until the corpus reaches ``megabytes``; return files, bytes, paragraphs."""
    data = ROOT / "training_data" / "docs"
    docs = read_dir(data) if any(data.rglob("*.txt")) else read_dir(ROOT / "tests" / "fixtures" / "labelled")
    synth = Synthesiser(docs, seed)
    files = size = paragraphs = 0
    sink = None
    if jsonl:
        folder.mkdir(parents=True, exist_ok=True)
        sink = open(folder / "corpus.jsonl", "wb")
    while size < megabytes * 1e6:
        parts = [synth.document(files)]
        while sum(len(t) for _, t in parts) < 4000:
            parts.append(synth.document(files))
        text = "\n".join(t for _, t in parts)
        data_bytes = text.encode("utf-8")
        if sink:
            sink.write((json.dumps({"id": files, "text": text}, ensure_ascii=False) + "\n").encode("utf-8"))
        else:
            path = folder / f"{files // 1000:03d}" / f"doc{files:06d}.txt"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data_bytes)
        files += 1
        size += len(data_bytes)
        paragraphs += sum(len(d.paragraphs) for d, _ in parts)
    if sink:
        sink.close()
    return files, size, paragraphs


def run(corpus: Path, out: Path, jobs: int) -> tuple[float, float]:
    """Seconds and peak resident memory (MB) of one clean run."""
    shutil.rmtree(out, ignore_errors=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "junkfilter", "clean", str(corpus), str(out), "-j", str(jobs), "-q"],
                   check=True, cwd=ROOT, stderr=subprocess.DEVNULL)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return seconds, max(peak, before) / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=float, default=50.0, help="corpus size in megabytes (default 50)")
    ap.add_argument("--jobs", type=int, nargs="+", default=[1, 2], help="worker counts to measure")
    ap.add_argument("--keep", type=Path, help="build the corpus here and keep it")
    ap.add_argument("--jsonl", action="store_true", help="one JSONL file instead of a tree of text files")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="junkfilter-bench-"))
    corpus = args.keep or work / "corpus"
    try:
        t = time.perf_counter()
        files, size, paragraphs = make_corpus(corpus, args.mb, jsonl=args.jsonl)
        print(f"corpus: {files} {'documents in one JSONL file' if args.jsonl else 'files'}, {size / 1e6:.1f} MB, {paragraphs} paragraphs "
              f"(generated in {time.perf_counter() - t:.0f} s); {os.cpu_count()} cores")
        print(f"{'jobs':>4} {'seconds':>8} {'MB/s':>7} {'MB/s/core':>9} {'paragraphs/s':>13} {'peak RSS MB':>12}")
        base = None
        for jobs in args.jobs:
            seconds, peak = run(corpus, work / f"out{jobs}", jobs)
            mbs = size / 1e6 / seconds
            base = base or mbs
            print(f"{jobs:>4} {seconds:>8.1f} {mbs:>7.2f} {mbs / jobs:>9.2f} {paragraphs / seconds:>13.0f} "
                  f"{peak:>12.0f}   (x{mbs / base:.2f})")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
