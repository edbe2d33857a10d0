"""Figures: how well kept paragraphs match what a labelled document says to keep.

Two ways in, one set of definitions:

* ``paragraph_metrics``: labels and keep decisions per paragraph (used in training);
* ``score_outputs``: gold documents ``{"id", "paragraphs", "labels"}`` against cleaned
  texts, comparing normalised paragraphs as multisets — the definitions of
  ``shared/tools/score.py``, so figures from either agree.

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


def paragraph_metrics(labels: Iterable[int], keep: Iterable[bool]) -> dict[str, float]:
    """Keep precision, recall, F1 and share of junk removed over labelled paragraphs."""
    y = np.asarray(list(labels))
    k = np.asarray(list(keep), dtype=bool)
    counted = y != -1
    y, k = y[counted], k[counted]
    tp = int(np.sum(k & (y == 1)))
    fp = int(np.sum(k & (y == 0)))
    fn = int(np.sum(~k & (y == 1)))
    junk = int(np.sum(y == 0))
    p, r = _ratio(tp, tp + fp), _ratio(tp, tp + fn)
    return {"paragraphs": int(len(y)), "keep_precision": round(p, 4), "keep_recall": round(r, 4),
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
