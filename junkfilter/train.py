"""Training: labelled documents → a fitted model, its cross-validated figures, its card.

Deterministic: documents are read in sorted order, the held-out split is a hash of each
document's id, folds are grouped by document and every random state comes from ``seed``.
Same data and seed → same predictions. A model of ``members`` > 1 averages classifiers fitted
with seeds ``seed × members``, ``seed × members + 1``, … (see ``ensemble.py``); ``jobs`` fits
them side by side in processes, which changes the time, not the scores.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import numpy as np
from joblib import Parallel, delayed
from sklearn.pipeline import Pipeline
from threadpoolctl import threadpool_limits

from . import labelled
from .context import grouped_splits
from .documents import Document
from .ensemble import average
from .evaluate import keep_counts, paragraph_metrics
from .model import Model, build, save
from .segment import segment
from .synthesis import Synthesiser

#: Share of documents kept out of training altogether, to measure the shipped model.
HELDOUT_SHARE = 0.15
CV_FOLDS = 5
#: Classifiers averaged in a model (see ensemble.py). Four of 100 trees a stage cost what two
#: of 200 did, and score better on the held-out pages (README, Measured).
MEMBERS = 4


#: Synthetic documents composed per written training document (see synthesis.py).
SYNTHETIC_PER_DOCUMENT = 3
THRESHOLD_TOLERANCE = 0.005  # an F-score within this of the best counts as the top of the curve
#: Operating points: the F-beta each maximises (beta < 1 favours precision, > 1 recall).
PRESETS = {"precision": 0.5, "balanced": 1.0, "recall": 2.0}


@dataclass
class Example:
    """A labelled document rendered as raw text and segmented like any input."""

    doc: Document
    labels: np.ndarray
    lang: str
    kinds: list[str | None]
    source: labelled.LabelledDocument


def make_example(ldoc: labelled.LabelledDocument, text: str | None = None) -> Example:
    text = labelled.render(ldoc) if text is None else text
    paragraphs = segment(text, layout="lines")
    if len(paragraphs) != len(ldoc.paragraphs):
        raise labelled.FormatError(f"{ldoc.id}: a paragraph contains a line break character")
    return Example(Document(ldoc.id, text, paragraphs, {"lang": ldoc.lang}), np.array(ldoc.labels),
                   ldoc.lang, ldoc.kinds, ldoc)


def load_examples(data_dir: Path) -> list[Example]:
    """Read, render and segment every labelled document under ``data_dir``."""
    examples = [make_example(ldoc) for ldoc in labelled.read_dir(Path(data_dir))]
    if not examples:
        raise labelled.FormatError(f"no labelled documents (*.txt) under {data_dir}")
    return examples


def synthesise(examples: list[Example], per_document: int, seed: int) -> list[Example]:
    """Synthetic examples composed from these (and only these) written examples."""
    if per_document <= 0 or not examples:
        return []
    synth = Synthesiser([e.source for e in examples], seed)
    return [make_example(ldoc, text) for ldoc, text in synth.documents(per_document * len(examples))]


def data_hash(data_dir: Path) -> str:
    """SHA-256 over every labelled file's relative path and bytes, in sorted order."""
    h = hashlib.sha256()
    root = Path(data_dir)
    for path in sorted(root.rglob("*.txt")):
        h.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def _rank(doc_id: str) -> str:
    return hashlib.sha256(doc_id.encode()).hexdigest()


def split_heldout(examples: list[Example], share: float = HELDOUT_SHARE) -> tuple[list[Example], list[Example]]:
    """(train, held out): within each language, the ``share`` of documents whose ids hash lowest
    (rounded, at least one where a language has four or more), so every language is measured."""
    by_lang: dict[str, list[Example]] = {}
    for e in examples:
        by_lang.setdefault(e.lang, []).append(e)
    held: set[str] = set()
    for docs in by_lang.values():
        k = round(share * len(docs))
        if share > 0 and len(docs) >= 4:
            k = max(k, 1)
        held.update(e.doc.id for e in sorted(docs, key=lambda e: _rank(e.doc.id))[:k])
    return [e for e in examples if e.doc.id not in held], [e for e in examples if e.doc.id in held]


def member_seeds(seed: int, members: int) -> list[int]:
    """The seeds of a model's members: distinct for distinct ``seed`` at the same ``members``."""
    return [seed * members + k for k in range(members)]


def _fit_one(examples: list[Example], seed: int, synthetic: int, threads: int | None) -> Pipeline:
    examples = examples + synthesise(examples, synthetic, seed)
    y = np.concatenate([e.labels for e in examples])
    weight = (y != -1).astype(float)
    pipeline = build(seed)
    with threadpool_limits(limits=threads, user_api="openmp"):
        pipeline.fit([e.doc for e in examples], np.where(y == -1, 1, y), classifier__sample_weight=weight)
    return pipeline


def _fit(examples: list[Example], seed: int, synthetic: int = 0, members: int = 1, jobs: int = 1) -> Model:
    """One model: a single classifier, or the mean of ``members`` fitted on their own synthetic
    documents, ``jobs`` at a time (each on one OpenMP thread then: side by side, the trees'
    spinning threads would only contend for the same cores)."""
    seeds = member_seeds(seed, members)
    if jobs > 1 and members > 1:
        pipelines = Parallel(n_jobs=min(jobs, members))(
            delayed(_fit_one)(examples, s, synthetic, 1) for s in seeds)
    else:
        pipelines = [_fit_one(examples, s, synthetic, None) for s in seeds]
    return Model(pipelines[0] if members == 1 else average(pipelines))


def cross_validate(examples: list[Example], seed: int, folds: int = CV_FOLDS, synthetic: int = 0,
                   progress: Callable[[str], None] | None = None, members: int = 1,
                   jobs: int = 1) -> np.ndarray:
    """Out-of-fold content probabilities for every paragraph, folds grouped by document
    (synthetic documents come only from each fold's training documents)."""
    sizes = np.array([len(e.labels) for e in examples])
    groups = np.repeat(np.arange(len(examples)), sizes)
    offsets = np.r_[0, np.cumsum(sizes)]
    oof = np.zeros(int(sizes.sum()))
    doc_folds = [(np.unique(groups[tr]), np.unique(groups[te])) for tr, te in grouped_splits(groups, folds)]
    for k, (train_docs, test_docs) in enumerate(doc_folds, 1):
        if progress:
            progress(f"cross-validation fold {k}/{len(doc_folds)}")
        model = _fit([examples[i] for i in train_docs], seed, synthetic, members, jobs)
        for i, probs in zip(test_docs, model.score([examples[i].doc for i in test_docs])):
            oof[offsets[i]:offsets[i + 1]] = probs
    return oof


def _f_beta(labels: np.ndarray, keep: np.ndarray, beta: float) -> float:
    m = paragraph_metrics(labels, keep)
    p, r = m["keep_precision"], m["keep_recall"]
    return (1 + beta ** 2) * p * r / (beta ** 2 * p + r) if p + r else 0.0


def choose_threshold(labels: np.ndarray, probs: np.ndarray, beta: float = 1.0,
                     tolerance: float = THRESHOLD_TOLERANCE) -> float:
    """The middle of the thresholds whose out-of-fold keep F-beta is within ``tolerance`` of the best.

    The F curve is flat near its top, so its argmax jumps with small changes in the data;
    the middle of the plateau moves little and sits away from both of its edges.
    """
    grid = np.round(np.arange(0.05, 0.951, 0.01), 2)
    scores = np.array([_f_beta(labels, probs >= t, beta) for t in grid])
    near_best = grid[scores >= scores.max() - tolerance]
    return float(np.round((near_best.min() + near_best.max()) / 2, 2))


def _kept(model: Model, examples: list[Example], threshold: float,
          scores: list[np.ndarray] | None = None) -> list[list[bool]]:
    """What the cleaner keeps of each example's paragraphs at ``threshold``."""
    from .clean import decide

    scores = model.score([e.doc for e in examples]) if scores is None else scores
    return [[d.keep for d in decide(ex.doc, probs, threshold)] for ex, probs in zip(examples, scores)]


def evaluate_examples(model: Model, examples: list[Example], threshold: float,
                      scores: list[np.ndarray] | None = None) -> dict:
    """Figures on documents the model has not seen, overall and per language (``scores``:
    the model's scores for ``examples``, when already computed)."""
    by_lang: dict[str, tuple[list, list]] = {}
    all_labels, all_keep = [], []
    for ex, keep in zip(examples, _kept(model, examples, threshold, scores)):
        all_labels.extend(ex.labels)
        all_keep.extend(keep)
        labels, kept = by_lang.setdefault(ex.lang, ([], []))
        labels.extend(ex.labels)
        kept.extend(keep)
    figures = paragraph_metrics(all_labels, all_keep)
    figures["docs"] = len(examples)
    figures["per_language"] = {lang: paragraph_metrics(lab, kp) for lang, (lab, kp) in sorted(by_lang.items())}
    return figures


def document_counts(model: Model, examples: list[Example], threshold: float,
                    scores: list[np.ndarray] | None = None) -> np.ndarray:
    """One row a document: (kept right, kept wrongly, dropped wrongly), for
    ``evaluate.paired_bootstrap``."""
    kept = _kept(model, examples, threshold, scores)
    return np.array([keep_counts(ex.labels, keep) for ex, keep in zip(examples, kept)], dtype=int).reshape(-1, 3)


def train(data_dir: Path, out: Path | None, seed: int = 0, folds: int = CV_FOLDS,
          heldout_share: float = HELDOUT_SHARE, synthetic: int = SYNTHETIC_PER_DOCUMENT,
          progress: Callable[[str], None] | None = None, bench: Path | None = None,
          members: int = MEMBERS, jobs: int = 1) -> Model:
    """Train on ``data_dir`` minus its held-out split (plus ``synthetic`` documents composed
    per written one), measure, and save to ``out``. The model averages ``members`` classifiers,
    fitted ``jobs`` at a time. ``bench``, a labelled set's folder
    (``labels.jsonl`` and ``raw/<id>.txt``), is scored with the final model for the card
    only: it never takes part in training or in choosing the threshold."""
    digest = data_hash(data_dir)  # before reading, so files added meanwhile are not claimed
    examples = load_examples(data_dir)
    train_set, heldout = split_heldout(examples, heldout_share)
    labels = np.concatenate([e.labels for e in train_set])
    oof = cross_validate(train_set, seed, folds, synthetic, progress, members, jobs)
    presets = {name: choose_threshold(labels, oof, beta) for name, beta in PRESETS.items()}
    threshold = presets["balanced"]
    cv = paragraph_metrics(labels, oof >= threshold)
    cv["docs"] = len(train_set)
    if progress:
        progress("fitting the final model")
    model = _fit(train_set, seed, synthetic, members, jobs)
    model.card = {
        "trained": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "seed": seed,
        "members": {"count": members, "seeds": member_seeds(seed, members)},
        "threshold": threshold,
        "training_data": {"path": str(data_dir), "sha256": digest, "documents": len(examples),
                          "train_documents": len(train_set), "heldout_documents": len(heldout),
                          "paragraphs": int(sum(len(e.labels) for e in examples)),
                          "synthetic_per_document": synthetic,
                          "languages": sorted({e.lang for e in examples})},
        "cross_validation": {"folds": folds, "grouped_by": "document", **cv},
        "presets": {name: {"threshold": t, "f_beta": PRESETS[name],
                           "cross_validation": paragraph_metrics(labels, oof >= t)} for name, t in presets.items()},
    }
    if heldout:
        scores = model.score([e.doc for e in heldout])  # once, for every threshold below
        model.card["heldout"] = evaluate_examples(model, heldout, threshold, scores)
        model.card["heldout_synthetic"] = evaluate_examples(model, synthesise(heldout, 3, seed + 1), threshold)
        model.card["heldout_synthetic"].pop("per_language")
        for name, preset in model.card["presets"].items():
            figures = evaluate_examples(model, heldout, preset["threshold"], scores)
            figures.pop("per_language")
            preset["heldout"] = figures
    if bench is not None and (Path(bench) / "labels.jsonl").is_file():
        from .evaluate import evaluate_set

        if progress:
            progress(f"scoring the benchmark {bench} (evaluation only)")
        figures = evaluate_set(model, Path(bench) / "labels.jsonl", Path(bench) / "raw")
        figures.pop("per_doc")
        model.card["benchmark"] = {"path": str(bench), **figures}
    if out:
        save(model, out)
    return model
