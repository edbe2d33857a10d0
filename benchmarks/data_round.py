"""Would a round of new training documents help? Fit with and without it, and compare.

    python benchmarks/data_round.py --extra training_data/pending --round 16 [15 ...] [--seeds 0 1]
    python benchmarks/data_round.py --seeds 0 1 2 3      # no round: how far fits vary by seed
    python benchmarks/data_round.py --model shipped --counts base.json   # measure a model, no fits
    python benchmarks/data_round.py --seeds 0 1 2 3 --against base.json  # this code against it

For each seed, fits one classifier on the written documents (``training_data/docs``) and one on
them plus the extra round's files (``<lang><round>-*.txt`` under ``--extra``), as the final
fit of `junkfilter train` does (three synthetic documents per written one), without its
cross-validation: the threshold stays at ``--threshold`` (the shipped model's by default).
Prints, for each fit and for the mean of each side's seeds (what a model of that many members
scores), keep figures on the held-out documents (with a round, those held out in both splits)
and on the benchmark, if present (evaluation only, never trained on); then how far apart the
two means' keep F1 is on each set, with a 95% interval from resampling its documents
(``evaluate.paired_bootstrap``), and, for scale, how far apart the first two seeds without the
round are. With more than two seeds, also the mean of all of them against the mean of the
first two (what more members would change). About ten minutes a fit on one core; ``--jobs``
fits side by side.

A change to the code (features, context, synthesis) cannot be compared with an existing model
in one process: the model would run the changed code. So ``--counts FILE`` writes the
per-document counts of the last measured model (the mean, or the one fit, or ``--model``) with
the documents' ids, and ``--against FILE`` compares this run's last model with counts saved
by another run, at another commit: run ``--model shipped --counts base.json`` on the code as it
is, change the code, then ``--seeds 0 1 2 3 --against base.json``.
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
from junkfilter.evaluate import evaluate_set, paired_bootstrap, read_gold, result_counts  # noqa: E402
from junkfilter.model import Model, load  # noqa: E402
from junkfilter.train import SYNTHETIC_PER_DOCUMENT, _fit, document_counts, evaluate_examples, load_examples, \
    make_example, split_heldout  # noqa: E402


def round_examples(extra: Path, rounds: list[str]):
    files = sorted(p for p in extra.rglob("*.txt") if any(p.name.startswith(f"{p.parent.name}{r}-") for r in rounds))
    return [make_example(labelled.read_file(p, extra)) for p in files]


def fit_one(train_set, seed: int):
    with threadpool_limits(limits=1, user_api="openmp"):
        return _fit(train_set, seed, SYNTHETIC_PER_DOCUMENT).pipeline


def figures(model: Model, held, bench: Path | None, threshold: float) -> tuple[dict, dict]:
    """Keep figures on the held-out documents and the benchmark (if present), and the
    per-document counts behind them, for comparing two models."""
    scores = model.score([e.doc for e in held])
    out = {"heldout": evaluate_examples(model, held, threshold, scores)}
    languages = out["heldout"].pop("per_language")
    out["heldout recall under 0.95"] = {lang: f["keep_recall"] for lang, f in languages.items()
                                        if f["keep_recall"] < 0.95}
    counts = {"heldout": document_counts(model, held, threshold, scores)}
    if bench is not None and (bench / "labels.jsonl").is_file():
        out["benchmark"] = evaluate_set(model, bench / "labels.jsonl", bench / "raw", threshold)
        counts["benchmark"] = result_counts(out["benchmark"])
        out["benchmark"].pop("per_doc")
    return {part: {k: round(v, 4) for k, v in f.items()} for part, f in out.items()}, counts


def compare(name: str, a: dict, b: dict) -> None:
    for part in [p for p in a if p in b]:
        c = paired_bootstrap(a[part], b[part])
        print(f"{name}, {part}: keep F1 {c['difference']:+.4f} (95% interval {c['low']:+.4f} to {c['high']:+.4f}; "
              f"ahead in {c['better']:.0%} of resamplings)", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=ROOT / "training_data" / "docs")
    ap.add_argument("--extra", type=Path, help="folder holding the round's files")
    ap.add_argument("--round", nargs="+", help="the round's number, as in <lang><round>-*.txt (or several)")
    ap.add_argument("--seeds", type=int, nargs="+", default=[0, 1])
    ap.add_argument("--threshold", type=float, default=None, help="default: the shipped model's")
    ap.add_argument("--jobs", type=int, default=1, help="fits side by side")
    ap.add_argument("--bench", type=Path, default=ROOT.parent / "shared" / "bench" / "scrapinghub")
    ap.add_argument("--model", help="measure this model (a .joblib file, or 'shipped') instead of fitting; "
                                    "its own threshold unless --threshold")
    ap.add_argument("--counts", type=Path, help="write the last model's per-document counts here (JSON)")
    ap.add_argument("--against", type=Path, help="compare the last model with counts written by --counts")
    args = ap.parse_args()
    if (args.extra is None) != (args.round is None):
        ap.error("--extra and --round go together")
    if args.model and args.round:
        ap.error("--model measures one model; it takes no round")
    baseline = json.loads(args.against.read_text()) if args.against else None
    base = load_examples(args.data)
    splits = {"without": split_heldout(base)}
    held = splits["without"][1]
    bench_ids = [str(g["id"]) for g in read_gold(args.bench / "labels.jsonl")] \
        if (args.bench / "labels.jsonl").is_file() else []
    if args.model:
        model = load(None if args.model == "shipped" else Path(args.model), trust=args.model != "shipped")
        threshold = model.threshold if args.threshold is None else args.threshold
        print(f"{len(held)} held-out documents; {args.model} at threshold {threshold:.2f}", flush=True)
        figs, counts = figures(model, held, args.bench, threshold)
        print(json.dumps({"model": args.model, **figs}), flush=True)
        finish(args, counts, held, bench_ids, baseline)
        return
    threshold = load().threshold if args.threshold is None else args.threshold
    if args.round:
        name = " + ".join(args.round)
        extra = round_examples(args.extra, args.round)
        if not extra:
            sys.exit(f"no files <lang><round>-*.txt for rounds {' '.join(args.round)} under {args.extra}")
        splits["with"] = split_heldout(base + extra)
        in_both = {e.doc.id for e in splits["with"][1]}
        held = [e for e in held if e.doc.id in in_both]
        print(f"{len(extra)} documents in round {name}; {len(held)} held-out documents in both splits; "
              f"threshold {threshold:.2f}", flush=True)
    else:
        print(f"{len(held)} held-out documents; threshold {threshold:.2f}", flush=True)
    runs = [(side, seed) for side in splits for seed in args.seeds]
    pipelines = Parallel(n_jobs=args.jobs)(delayed(fit_one)(splits[side][0], seed) for side, seed in runs)
    counts = {}

    def measure(side, label, pipeline):
        figs, counts[side, label] = figures(Model(pipeline), held, args.bench, threshold)
        print(json.dumps({"round": side, "seed": label, **figs}), flush=True)

    for side in splits:
        fitted = [p for (s, _), p in zip(runs, pipelines) if s == side]
        for seed, pipeline in zip(args.seeds, fitted):
            measure(side, seed, pipeline)
        if len(fitted) > 1:
            measure(side, "mean", average(fitted))
        if len(fitted) > 2:
            measure(side, "mean of the first two", average(fitted[:2]))
    last = "mean" if len(args.seeds) > 1 else args.seeds[0]
    if args.round:
        compare(f"with round {name} against without (seeds {last})", counts["without", last], counts["with", last])
    if len(args.seeds) > 1:
        first, second = args.seeds[:2]
        compare(f"for scale, seed {second} against seed {first} without the round",
                counts["without", first], counts["without", second])
    if len(args.seeds) > 2:
        compare(f"the mean of {len(args.seeds)} seeds against the mean of the first two",
                counts["without", "mean of the first two"], counts["without", "mean"])
    finish(args, counts[list(splits)[-1], last], held, bench_ids, baseline)


def finish(args, counts: dict, held, bench_ids: list[str], baseline: dict | None) -> None:
    """Write the last model's counts (``--counts``) and compare them with ``--against``'s."""
    ids = {"heldout": [e.doc.id for e in held], "benchmark": bench_ids}
    if args.counts:
        args.counts.write_text(json.dumps({part: {"ids": ids[part], "counts": [list(map(int, row)) for row in rows]}
                                           for part, rows in counts.items()}))
    if baseline is not None:
        for part in [p for p in counts if p in baseline]:
            if baseline[part]["ids"] != ids[part]:
                sys.exit(f"{args.against}: its {part} documents are not this run's; compare runs on the same split")
        compare(f"this run against {args.against}", {p: b["counts"] for p, b in baseline.items()}, counts)


if __name__ == "__main__":
    main()
