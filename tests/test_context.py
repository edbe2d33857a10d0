import numpy as np

import scipy.sparse as sp

from sklearn.calibration import CalibratedClassifierCV

from junkfilter.context import (ContextClassifier, _neighbours, context_matrix, document_groups, grouped_splits,
                                platt)
from junkfilter.features import LIST_REACH, N_DENSE


def test_neighbours_stay_in_their_document_and_pass_over_repeats():
    groups = np.array([0, 0, 0, 0, 1, 1])
    skip = np.array([False, False, True, False, False, False])
    prev, nxt = _neighbours(groups, skip, 1)
    assert prev.tolist() == [-1, 0, 1, 1, -1, 4]
    assert nxt.tolist() == [1, 3, 3, -1, 5, -1]
    prev2, nxt2 = _neighbours(groups, skip, 2)
    assert prev2.tolist() == [-1, -1, 0, 0, -1, -1]
    assert nxt2.tolist() == [3, -1, -1, -1, -1, -1]


def test_context_matrix_columns():
    logit = np.array([1.0, -2.0, 3.0, 0.5])
    groups = np.array([0, 0, 0, 1])
    Z = context_matrix(logit, groups, np.zeros((4, 2)), window=1)
    assert Z.shape == (4, 1 + 2 + 4 + 2)
    assert np.isnan(Z[0, 1]) and Z[1, 1] == 1.0 and Z[1, 2] == 3.0  # previous, next
    assert Z[0, 3] == np.mean([1.0, -2.0, 3.0]) and Z[3, 3] == 0.5  # document mean
    assert Z[0, 4] == -2.0 and Z[0, 5] == 3.0  # document min and max


def test_story_reach_columns_measure_distance_to_content_within_the_document():
    # document 0: content (logit > 0) at rows 1 and 4; row 3 is a repeat and never counts
    logit = np.array([-2.0, 3.0, -1.0, 5.0, 2.0, -3.0, -1.0, -1.0, 2.0])
    groups = np.array([0, 0, 0, 0, 0, 0, 1, 1, 1])
    skip = np.array([False, False, False, True, False, False, False, False, False])
    Z = context_matrix(logit, groups, np.zeros((9, 1)), window=1, skip=skip, reach=1)
    gap_prev, gap_next, around = Z[:, -4], Z[:, -3], Z[:, -2]
    nan = float("nan")
    assert np.allclose(gap_prev, [nan, nan, 1, 2, 3, 1, nan, nan, nan], equal_nan=True)
    assert np.allclose(gap_next, [1, 3, 2, 1, nan, nan, 2, 1, nan], equal_nan=True)
    assert around[0] == np.mean([-2.0, 3.0]) and around[6] == np.mean([-1.0, -1.0])  # clipped at the edges
    assert around[2] == np.mean([3.0, -1.0, 5.0])
    without = context_matrix(logit, groups, np.zeros((9, 1)), window=1, skip=skip)
    assert Z.shape[1] == without.shape[1] + 3


def test_list_items_see_the_logit_of_their_lead_line():
    logit = np.array([2.0, 1.5, -1.0, -0.5, -3.0, -2.0])
    groups = np.zeros(6, dtype=int)
    # rows 2 and 3 hang from row 1 ("Needed most:"), row 5 from row 4 ("Follow us:")
    lead = np.array([0, 0, 1, 2, 0, 1]) / LIST_REACH
    Z = context_matrix(logit, groups, np.zeros((6, 1)), window=1, lead=lead)
    lead_logit = Z[:, -2]
    assert lead_logit.tolist() == [2.0, 1.5, 1.5, 1.5, -3.0, -3.0]  # a row in no list is its own lead
    assert Z.shape[1] == context_matrix(logit, groups, np.zeros((6, 1)), window=1).shape[1] + 1


def test_repeats_see_the_logit_of_their_first_copy():
    logit = np.array([2.0, -1.0, -3.0, 0.5, 1.0, -4.0, 0.0])
    groups = np.array([0, 0, 0, 0, 0, 1, 1])
    # row 3 repeats row 0, row 4 repeats row 0 too (the first copy, not row 3), row 6 repeats row 5
    first_copy = np.array([0, 0, 0, 1 / 3, 1 / 4, 0, 1])
    Z = context_matrix(logit, groups, np.zeros((7, 1)), window=1, copy=first_copy)
    assert Z[:, -2].tolist() == [2.0, -1.0, -3.0, 2.0, 2.0, -4.0, -4.0]  # a row that repeats nothing is its own
    assert Z.shape[1] == context_matrix(logit, groups, np.zeros((7, 1)), window=1).shape[1] + 1


def _toy(n_docs: int = 40, seed: int = 0):
    """Documents as rows: column 0 marks a document's first row, column 1 is a noisy signal, the
    rest zero; a row is content when the signal of its row and its neighbours says so."""
    rng = np.random.default_rng(seed)
    rows, labels = [], []
    for _ in range(n_docs):
        size = int(rng.integers(6, 15))
        truth = np.zeros(size, dtype=int)
        a = int(rng.integers(1, size - 3))
        truth[a:a + 3] = 1
        signal = truth + rng.normal(0, 0.6, size)
        block = np.zeros((size, N_DENSE + 3))
        block[0, 0] = 1
        block[:, 1] = signal
        rows.append(block)
        labels.append(truth)
    return np.vstack(rows), np.concatenate(labels)


def test_the_third_stage_reads_the_second_stage_scores():
    X, y = _toy()
    two = ContextClassifier(rounds=1, skip_column=None, lead_column=None, max_iter=20).fit(X, y)
    three = ContextClassifier(rounds=2, skip_column=None, lead_column=None, max_iter=20).fit(X, y)
    assert two.third_ is None and three.third_ is not None
    Z = two.context(sp.csr_matrix(X), two.first_pass(X))
    assert np.allclose(two.predict_proba(X), two.second_.predict_proba(Z))
    # the third stage's input: the second stage's, then the context of its logits
    logit2 = three.second_pass(Z)
    again = three.again(X, Z, logit2)
    assert again.shape == (len(y), 2 * Z.shape[1] - N_DENSE)
    assert np.array_equal(again[:, Z.shape[1]], logit2)
    assert np.allclose(three.predict_proba(X), three.third_.predict_proba(again))
    proba = three.predict_proba(X)[:, 1]
    assert ((proba >= 0.5) == y).mean() > 0.8


def test_each_stage_is_calibrated_as_scikit_learns_sigmoid_calibration_would():
    """The stages fit their folds once and keep the out-of-fold scores for the next stage;
    their probabilities must be those of CalibratedClassifierCV on the same folds."""
    X, y = _toy(n_docs=60, seed=3)
    weight = np.random.default_rng(0).uniform(0.2, 2.0, len(y))
    weight[::17] = 0.0  # ignored rows, as label -1 is trained
    model = ContextClassifier(rounds=1, skip_column=None, lead_column=None, max_iter=30)
    model.fit(X, y, sample_weight=weight)
    X = sp.csr_matrix(X)
    Z = model.context(X, model.first_pass(X))  # not the training Z (that used out-of-fold first passes)
    splits = grouped_splits(document_groups(X), model.folds)
    train_Z = model.context(X, _oof_first_pass(model, X, y, weight, splits))
    reference = CalibratedClassifierCV(model._second(), method="sigmoid", cv=splits, ensemble=False)
    reference.fit(train_Z, y, sample_weight=weight)
    assert np.allclose(model.second_.predict_proba(Z), reference.predict_proba(Z), atol=1e-6)
    ours = platt(np.array([-3.0, -1.0, 0.5, 2.0, 4.0]), np.array([0, 0, 1, 0, 1]), np.ones(5))
    assert ours[0] < 0  # higher scores, higher probability of content


def _oof_first_pass(model, X, y, weight, splits):
    oof = np.zeros(len(y))
    for train, test in splits:
        oof[test] = model._first().fit(X[train], y[train], sample_weight=weight[train]).decision_function(X[test])
    return oof
