"""Would a round of new training documents help? Fit with and without it, and compare.

    python benchmarks/data_round.py --extra training_data/pending --round 16 [--seeds 0 1]

For each seed, fits one classifier on the written documents (``training_data/docs``) and one on
them plus the extra round's files (``<lang><round>-*.txt`` under ``--extra``), as the final
fit of `junkfilter train` does (three synthetic documents per written one), without its
cross-validation: the threshold stays at ``--threshold`` (the shipped model's by default).
Prints, for each fit and for the mean of each side's seeds (what a model of that many members
scores), keep figures on the documents held out in both splits and on the benchmark, if
present (evaluation only, never trained on). About ten minutes a fit on one core; ``--jobs``
fits side by side.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from joblib import Parallel, delayed
from threadpoolctl import threadpool_limits

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from junkfilter import labelled  # noqa: E402
from junkfilter.ensemble import average  # noqa: E402
from junkfilter.evaluate import evaluate_set  # noqa: E402
from junkfilter.model import Model, load  # noqa: E402
from junkfilter.train import SYNTHETIC_PER_DOCUMENT, _fit, evaluate_examples, load_examples, make_example, \
    split_heldout  # noqa: E402


def round_examples(extra: Path, round_no: str):
    files = sorted(p for p in extra.rglob("*.txt") if p.name.startswith(f"{p.parent.name}{round_no}-"))
    return [make_example(labelled.read_file(p, extra)) for p in files]


def fit_one(train_set, seed: int):
    with threadpool_limits(limits=1, user_api="openmp"):
        return _fit(train_set, seed, SYNTHETIC_PER_DOCUMENT).pipeline


def figures(model: Model, held, bench: Path | None, threshold: float) -> dict:
    out = {"heldout": evaluate_examples(model, held, threshold)}
    out["heldout"].pop("per_language")
    if bench is not None and (bench / "labels.jsonl").is_file():
        out["benchmark"] = evaluate_set(model, bench / "labels.jsonl", bench / "raw", threshold)
        out["benchmark"].pop("per_doc")
    return {part: {k: round(v, 4) for k, v in f.items()} for part, f in out.items()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=ROOT / "training_data" / "docs")
    ap.add_argument("--extra", type=Path, required=True, help="folder holding the round's files")
    ap.add_argument("--round", required=True, help="the round's number, as in <lang><round>-*.txt")
    ap.add_argument("--seeds", type=int, nargs="+", default=[0, 1])
    ap.add_argument("--threshold", type=float, default=None, help="default: the shipped model's")
    ap.add_argument("--jobs", type=int, default=1, help="fits side by side")
    ap.add_argument("--bench", type=Path, default=ROOT.parent / "shared" / "bench" / "scrapinghub")
    args = ap.parse_args()
    threshold = load().threshold if args.threshold is None else args.threshold
    base = load_examples(args.data)
    extra = round_examples(args.extra, args.round)
    if not extra:
        sys.exit(f"no files <lang>{args.round}-*.txt under {args.extra}")
    splits = {"without": split_heldout(base), "with": split_heldout(base + extra)}
    in_both = {e.doc.id for e in splits["without"][1]} & {e.doc.id for e in splits["with"][1]}
    held = [e for e in splits["without"][1] if e.doc.id in in_both]
    print(f"{len(extra)} documents in round {args.round}; {len(held)} held-out documents in both splits; "
          f"threshold {threshold:.2f}", flush=True)
    runs = [(side, seed) for side in splits for seed in args.seeds]
    pipelines = Parallel(n_jobs=args.jobs)(delayed(fit_one)(splits[side][0], seed) for side, seed in runs)
    for side in splits:
        fitted = [p for (s, _), p in zip(runs, pipelines) if s == side]
        for seed, pipeline in zip(args.seeds, fitted):
            print(json.dumps({"round": side, "seed": seed, **figures(Model(pipeline), held, args.bench, threshold)}),
                  flush=True)
        if len(fitted) > 1:
            print(json.dumps({"round": side, "seed": "mean", **figures(Model(average(fitted)), held, args.bench,
                                                                        threshold)}), flush=True)


if __name__ == "__main__":
    main()
