"""Our figures must mean what the shared scorer's mean; the agreement test skips when
../shared is absent."""
import importlib.util
import json

import numpy as np
import pytest

from junkfilter.evaluate import keep_counts, paired_bootstrap, paragraph_metrics, read_gold, score_outputs

from .conftest import SHARED

GOLD = [
    {"id": "a", "paragraphs": ["Home", "Title of the story", "Body <b>one</b>.", "Body two.", "Share", "Body one."],
     "labels": [0, 1, 1, 1, 0, 0]},
    {"id": "b", "paragraphs": ["新闻中心", "今天下雨。", "明天晴。", "Headline"], "labels": [0, 1, 1, -1]},
    {"id": "c", "paragraphs": ["Only junk", "More junk"], "labels": [0, 0]},
]
OUTPUTS = {"a": "Title of the story\n\nBody one.\n\nShare\n", "b": "今天下雨。\nHeadline\n", "c": ""}


def test_paragraph_metrics():
    m = paragraph_metrics([1, 1, 0, 0, -1], [True, False, True, False, True])
    assert m == {"paragraphs": 4, "keep_precision": 0.5, "keep_recall": 0.5, "keep_f1": 0.5, "junk_removed": 0.5}


def test_score_outputs_on_a_hand_checked_case():
    r = score_outputs(GOLD, OUTPUTS)
    # a: kept title and body one (tp 2), share (fp 1), missed body two (fn 1); b: tp 1, fn 1; c: exact.
    assert (r["keep_precision"], r["keep_recall"]) == (0.75, 0.6)
    assert r["exact_docs"] == 1
    assert r["junk_removed"] == round(1 - 1 / 6, 4)


@pytest.mark.skipif(not (SHARED / "tools" / "score.py").is_file(), reason="../shared/tools/score.py not present")
def test_figures_agree_with_the_shared_scorer(tmp_path):
    spec = importlib.util.spec_from_file_location("shared_score", SHARED / "tools" / "score.py")
    shared = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(shared)
    gold_file = tmp_path / "gold.jsonl"
    gold_file.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in GOLD))
    pred = tmp_path / "pred"
    pred.mkdir()
    for doc_id, text in OUTPUTS.items():
        (pred / f"{doc_id}.txt").write_text(text)
    theirs = shared.score(shared.load_gold(gold_file), shared.load_pred(pred))
    ours = score_outputs(read_gold(gold_file), OUTPUTS)
    assert ours == theirs


def test_keep_counts_leave_out_ambiguous_paragraphs():
    assert keep_counts([1, 1, 0, 0, -1, -1], [True, False, True, False, True, False]) == (1, 1, 1)


def test_paired_bootstrap_difference_is_the_pooled_f1_difference():
    rng = np.random.default_rng(1)
    a = rng.integers(0, 20, size=(40, 3))
    b = rng.integers(0, 20, size=(40, 3))
    tp_a, fp_a, fn_a = a.sum(axis=0)
    tp_b, fp_b, fn_b = b.sum(axis=0)
    expected = 2 * tp_b / (2 * tp_b + fp_b + fn_b) - 2 * tp_a / (2 * tp_a + fp_a + fn_a)
    c = paired_bootstrap(a, b)
    assert c["difference"] == round(expected, 4)
    assert c["low"] < c["difference"] < c["high"]
    assert paired_bootstrap(a, b) == c  # seeded: the same interval every time


def test_paired_bootstrap_tells_a_real_gain_from_none():
    a = np.array([[8, 2, 2]] * 30)
    same = paired_bootstrap(a, a)
    assert same == {"difference": 0.0, "low": 0.0, "high": 0.0, "better": 0.0}
    b = np.array([[9, 1, 1]] * 30)  # one error fewer on each side of every document
    gain = paired_bootstrap(a, b)
    assert gain["low"] > 0 and gain["better"] == 1.0
    # a gain on one document out of thirty, which resampling often leaves out, is not certain
    lucky = a.copy()
    lucky[0] = [10, 0, 0]
    one = paired_bootstrap(a, lucky)
    assert one["difference"] > 0 and one["low"] == 0.0 and 0.5 < one["better"] < 1.0


def test_paired_bootstrap_wants_matching_counts():
    with pytest.raises(ValueError):
        paired_bootstrap(np.zeros((3, 3)), np.zeros((4, 3)))
    with pytest.raises(ValueError):
        paired_bootstrap(np.zeros((0, 3)), np.zeros((0, 3)))
