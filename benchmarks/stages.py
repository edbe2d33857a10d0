"""Where the time of `clean` goes, stage by stage (not a test: it prints figures).

    python benchmarks/stages.py [--mb 10] [--repeat 3]

Builds the same kind of corpus as `throughput.py` (in a temporary folder), then times each
stage of cleaning in this process, on one thread, best of --repeat: segmentation, features
(normalising included), the first pass, the context columns, the gradient-boosted second
stage, and decide + render. Prints seconds, microseconds a paragraph and share of the total.
A model of several members (ensemble.py) runs every stage after the features once a member;
each stage's time is then the sum over members, plus the averaging of their scores.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from threadpoolctl import threadpool_limits

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from throughput import make_corpus  # noqa: E402

from junkfilter import load_model  # noqa: E402
from junkfilter.clean import decide, render  # noqa: E402
from junkfilter.documents import Document  # noqa: E402
from junkfilter.ensemble import members  # noqa: E402
from junkfilter.segment import segment_document  # noqa: E402

BATCH = 64  # documents per model call, as `clean` sends them


def time_stages(texts: list[str], repeat: int) -> tuple[dict[str, float], int]:
    model = load_model()
    features = model.pipeline.named_steps["features"]
    classifiers = members(model.pipeline.named_steps["classifier"])
    best: dict[str, float] = {}
    run: dict[str, float] = {}  # this run's seconds a stage, summed over members

    def timed(name, fn):
        start = time.perf_counter()
        out = fn()
        run[name] = run.get(name, 0.0) + time.perf_counter() - start
        return out

    def member_stages(classifier, Xs, places):
        logits = timed("first pass (logistic)", lambda: [classifier.first_pass(X) for X in Xs])
        Zs = timed("context columns", lambda: [
            classifier.context(X, lg, positions=p) for lg, X, p in zip(logits, Xs, places)])
        if classifier.third_ is None:
            return timed("second stage (trees)", lambda: [classifier.second_.predict_proba(Z)[:, 1] for Z in Zs])
        logits2 = timed("second stage (trees)", lambda: [classifier.second_pass(Z) for Z in Zs])
        Z3s = timed("third-stage columns", lambda: [
            classifier.again(X, Z, lg, p) for X, Z, lg, p in zip(Xs, Zs, logits2, places)])
        return timed("third stage (trees)", lambda: [classifier.third_.predict_proba(Z)[:, 1] for Z in Z3s])

    paragraphs = 0
    with threadpool_limits(1):
        for _ in range(repeat):
            run.clear()
            docs = [Document(str(i), t) for i, t in enumerate(texts)]
            docs = timed("segment", lambda: [segment_document(d, "auto") for d in docs])
            paragraphs = sum(len(d.paragraphs) for d in docs)
            batches = [docs[i:i + BATCH] for i in range(0, len(docs), BATCH)]
            Xs = timed("features (with normalising)", lambda: [features.transform(b) for b in batches])
            # each batch's positions are read once for all stages, as a member's predict_proba does
            # (a model of several members reads them once a member: a small share, see the table)
            places = timed("positions (read once)", lambda: [classifiers[0].positions(X) for X in Xs])
            per_member = [np.concatenate(member_stages(c, Xs, places)) for c in classifiers]
            scores = timed("mean of members", lambda: np.mean(per_member, axis=0))

            def decide_all():
                offset = 0
                for d in docs:
                    n = len(d.paragraphs)
                    render(d, decide(d, scores[offset:offset + n], model.threshold))
                    offset += n
            timed("decide + render", decide_all)
            for name, seconds in run.items():
                best[name] = min(best.get(name, float("inf")), seconds)
    return best, paragraphs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=float, default=10.0, help="corpus size in megabytes (default 10)")
    ap.add_argument("--repeat", type=int, default=3, help="runs; the best time of each stage counts")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        make_corpus(Path(tmp), args.mb)
        texts = [p.read_text(encoding="utf-8") for p in sorted(Path(tmp).rglob("*.txt"))]
    size = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    best, n = time_stages(texts, args.repeat)
    total = sum(best.values())
    print(f"{size:.1f} MB, {n:,} paragraphs ({size * 1e6 / n:.0f} bytes each), one thread: "
          f"{total:.2f} s = {size / total:.2f} MB/s, {n / total:,.0f} paragraphs/s")
    print(f"{'stage':30} {'seconds':>8} {'µs/paragraph':>13} {'share':>6}")
    for name, seconds in best.items():
        print(f"{name:30} {seconds:8.2f} {seconds / n * 1e6:13.2f} {seconds / total:6.1%}")
    print(f"10 MB/s at this paragraph size leaves {1e6 / (10e6 / (size * 1e6 / n)):.1f} µs a paragraph for everything")


if __name__ == "__main__":
    main()
