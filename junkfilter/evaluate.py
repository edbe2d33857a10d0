"""Figures: how well kept paragraphs match what a labelled document says to keep.

Two ways in, one set of definitions:

* ``paragraph_metrics``: labels and keep decisions per paragraph (used in training);
* ``score_outputs``: gold documents ``{"id", "paragraphs", "labels"}`` against cleaned
  texts, comparing normalised paragraphs as multisets — the definitions of
  ``shared/tools/score.py``, so figures from either agree.

And one way to tell two models apart: ``paired_bootstrap`` says how far apart their keep F1
is on the same documents, with a confidence interval from resampling the documents. On 88
pages, where one long page holds a tenth of the paragraphs to keep, fits that differ only in
their seed score from 0.800 to 0.843 (see the README): a difference there needs its interval.

Labels: 1 keep (content), 0 drop (junk), -1 ambiguous (never counted).
"""
from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Iterable, Mapping

import numpy as np

_TAG = re.compile(r"<[^>]{0,200}>")
_SPACE = re.compile(r"\s+")
_TOKEN = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]|[^\W_]+")


def _ratio(a: float, b: float, empty: float = 1.0) -> float:
    return a / b if b else empty


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def keep_counts(labels: Iterable[int], keep: Iterable[bool]) -> tuple[int, int, int]:
    """(kept right, kept wrongly, dropped wrongly) over labelled paragraphs (-1 not counted)."""
    y = np.asarray(list(labels))
    k = np.asarray(list(keep), dtype=bool)
    return int(np.sum(k & (y == 1))), int(np.sum(k & (y == 0))), int(np.sum(~k & (y == 1)))


def _pooled_f1(counts: np.ndarray) -> np.ndarray:
    """Keep F1 of the pooled counts, over the last-but-one axis (documents)."""
    tp, fp, fn = np.moveaxis(counts.sum(axis=-2), -1, 0)
    total = 2 * tp + fp + fn
    return np.divide(2 * tp, total, out=np.ones_like(total, dtype=float), where=total > 0)


def paired_bootstrap(a, b, rounds: int = 2000, seed: int = 0, level: float = 0.95) -> dict[str, float]:
    """How much better ``b`` keeps than ``a`` on the same documents: keep F1 of ``b`` minus that
    of ``a``, and a ``level`` confidence interval for it from ``rounds`` resamplings of the
    documents (with replacement, the same documents for both). ``a`` and ``b`` hold one row a
    document, in the same order: (kept right, kept wrongly, dropped wrongly), as ``keep_counts``
    or ``score_outputs``' per-document figures give them. ``better`` is the share of resamplings
    in which ``b`` comes out ahead."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if a.shape != b.shape or a.ndim != 2 or a.shape[1] != 3:
        raise ValueError(f"need two (documents × 3) count arrays of one shape, got {a.shape} and {b.shape}")
    if not len(a):
        raise ValueError("no documents to compare")
    picks = np.random.default_rng(seed).integers(0, len(a), size=(rounds, len(a)))
    differences = _pooled_f1(b[picks]) - _pooled_f1(a[picks])
    tail = (1 - level) / 2
    return {"difference": round(float(_pooled_f1(b) - _pooled_f1(a)), 4),
            "low": round(float(np.quantile(differences, tail)), 4),
            "high": round(float(np.quantile(differences, 1 - tail)), 4),
            "better": round(float(np.mean(differences > 0)), 3)}


def paragraph_metrics(labels: Iterable[int], keep: Iterable[bool]) -> dict[str, float]:
    """Keep precision, recall, F1 and share of junk removed over labelled paragraphs."""
    y = np.asarray(list(labels))
    tp, fp, fn = keep_counts(y, keep)
    junk = int(np.sum(y == 0))
    p, r = _ratio(tp, tp + fp), _ratio(tp, tp + fn)
    return {"paragraphs": int(np.sum(y != -1)), "keep_precision": round(p, 4), "keep_recall": round(r, 4),
            "keep_f1": round(_f1(p, r), 4), "junk_removed": round(_ratio(junk - fp, junk), 4)}


def norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    return _SPACE.sub(" ", _TAG.sub("", text)).strip()


def _tokens(text: str) -> Counter:
    return Counter(t.lower() for t in _TOKEN.findall(norm(text)))


def _token_f1(gold: Counter, out: Counter) -> float:
    if not gold and not out:
        return 1.0
    common = sum((gold & out).values())
    if not common:
        return 0.0
    return _f1(common / sum(out.values()), common / sum(gold.values()))


def score_outputs(gold: list[dict], outputs: Mapping[str, str]) -> dict:
    """Compare cleaned texts (by document id) with gold labels; a missing output counts as empty."""
    tp = fp = fn = junk_total = junk_left = exact = 0
    token_f1s, per_doc = [], []
    for doc in gold:
        pairs = list(zip(doc["paragraphs"], doc["labels"]))
        keep = Counter(norm(p) for p, lab in pairs if lab == 1)
        junk = Counter(norm(p) for p, lab in pairs if lab == 0)
        ambiguous = {norm(p) for p, lab in pairs if lab == -1}
        doc_id = str(doc["id"])
        text = outputs.get(doc_id, "")
        out = Counter(p for p in (norm(line) for line in text.splitlines()) if p and p not in ambiguous)
        d_tp = sum((out & keep).values())
        d_fp = sum(out.values()) - d_tp
        d_fn = sum(keep.values()) - d_tp
        d_junk_left = sum(((out - keep) & junk).values())
        tp, fp, fn = tp + d_tp, fp + d_fp, fn + d_fn
        junk_total += sum(junk.values())
        junk_left += d_junk_left
        exact += int(d_fp == 0 and d_fn == 0)
        t_f1 = _token_f1(_tokens("\n".join(p for p, lab in pairs if lab == 1)), _tokens("\n".join(out.elements())))
        token_f1s.append(t_f1)
        per_doc.append({"id": doc_id, "kept_right": d_tp, "kept_wrong": d_fp, "dropped_wrong": d_fn,
                        "junk_left": d_junk_left, "token_f1": round(t_f1, 4), "missing": doc_id not in outputs})
    p, r = _ratio(tp, tp + fp), _ratio(tp, tp + fn)
    return {"docs": len(gold), "keep_precision": round(p, 4), "keep_recall": round(r, 4),
            "keep_f1": round(_f1(p, r), 4),
            "junk_removed": round(1 - junk_left / junk_total, 4) if junk_total else 1.0,
            "token_f1": round(sum(token_f1s) / len(token_f1s), 4) if token_f1s else 0.0,
            "exact_docs": exact, "per_doc": per_doc}


def result_counts(result: dict) -> list[tuple[int, int, int]]:
    """(kept right, kept wrongly, dropped wrongly) of each document of a ``score_outputs``
    result, for ``paired_bootstrap``."""
    return [(d["kept_right"], d["kept_wrong"], d["dropped_wrong"]) for d in result["per_doc"]]


def read_gold(path: Path) -> list[dict]:
    """Gold documents from a JSONL file; raise ValueError naming the line if one is malformed."""
    docs = []
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                doc = json.loads(line)
                if len(doc["paragraphs"]) != len(doc["labels"]):
                    raise ValueError("paragraphs and labels differ in length")
            except (ValueError, KeyError, TypeError) as exc:
                raise ValueError(f"{path}:{n}: {exc}") from None
            docs.append(doc)
    return docs


def evaluate_set(model, gold_path: Path, raw_dir: Path | None = None, threshold: float | None = None) -> dict:
    """Clean a labelled set and score it: each document read from ``raw_dir/<id>.txt`` when
    there, else rebuilt from its paragraphs. The figures of ``score_outputs``."""
    from .clean import clean_documents
    from .documents import Document
    from .readers import read_text

    gold = read_gold(Path(gold_path))
    docs = []
    for g in gold:
        path = Path(raw_dir) / f"{g['id']}.txt" if raw_dir else None
        if path is not None and path.is_file():
            docs.append(read_text(path, str(g["id"])))
        else:
            docs.append(Document(str(g["id"]), "\n\n".join(g["paragraphs"])))
    outputs = {r.document.id: r.text for r in clean_documents(docs, model, threshold)}
    return score_outputs(gold, outputs)
