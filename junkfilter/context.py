"""The model's second and third looks: a paragraph's score in the light of its neighbours'.

``ContextClassifier`` is the final step of the model's Pipeline. It is a stacked
classifier over rows that arrive in document order:

1. a logistic regression scores each paragraph on its own features (the first pass);
2. every paragraph then gets context features: its own first-pass logit, its
   neighbours' logits up to ``window`` away, the document's mean, min and max, the
   distance to the nearest content on either side and the mean logit up to ``reach``
   away, the logit of the line that leads its list, a repeat's first copy's logit, plus the
   dense shallow features —
   and a gradient-boosted classifier, calibrated with a sigmoid, scores it again;
3. with ``rounds=2`` (the default) the same context columns are built once more from the
   second stage's logits and added to its input, and a second gradient-boosted classifier
   gives the final probability of being content. The second stage's scores are already
   good, so its neighbours' scores say more about a line than the first pass's did: the
   last paragraph of a story before the share row, a subheading between two tables.

A short line between two news paragraphs is then read as a subheading or quote, and
the same short line in a run of product listings as junk. During ``fit`` the second
stage learns from out-of-fold first-pass scores (folds grouped by document), and the
third from out-of-fold second-stage scores, so each sees the stage before it as it will
behave on unseen documents.

Document boundaries come from column ``boundary_column`` of X, which is 1 on each
document's first paragraph (``features.ParagraphFeatures`` puts ``is_first`` there).
Neighbours pass over repeated paragraphs (column ``skip_column``, ``is_repeat``): a repeat's
score is mostly about its being a repeat, and says little about the text around it. What a
repeat is comes from its first copy instead (column ``copy_column``, ``first_copy``): a plan's
"Lunch" repeated every day scores as the first day's did; a menu printed again in the footer
as the header's did, and a headline repeated in a related box is told apart by its
surroundings.
"""
from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, ClassifierMixin
from scipy.optimize import minimize
from scipy.special import expit
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold
from sklearn.utils.validation import check_is_fitted

from .features import DENSE_NAMES, LIST_REACH, N_DENSE

#: Rows whose neighbours' scores pass over them: repeats of earlier paragraphs.
SKIP_COLUMN = DENSE_NAMES.index("is_repeat")
#: Rows back to the line ending in a colon that leads the list a row is in (÷ LIST_REACH; 0: none).
LEAD_COLUMN = DENSE_NAMES.index("list_lead")
#: 1/k for a repeat whose first copy is k rows back (0: not a repeat).
COPY_COLUMN = DENSE_NAMES.index("first_copy")


def document_groups(X, boundary_column: int = 0) -> np.ndarray:
    """Row → document number, from the boundary column."""
    first = np.asarray(X[:, boundary_column].todense() if sp.issparse(X) else X[:, boundary_column]).ravel()
    if len(first) and first[0] != 1:
        raise ValueError("rows must arrive in document order, starting with a document's first paragraph")
    return np.cumsum(first > 0) - 1


def grouped_splits(groups: np.ndarray, folds: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """Folds that never split a document, deterministic."""
    n_groups = int(groups.max()) + 1 if len(groups) else 0
    k = min(folds, n_groups)
    if k < 2:
        raise ValueError(f"need at least 2 documents to train, got {n_groups}")
    return list(GroupKFold(n_splits=k).split(np.zeros(len(groups)), groups=groups))


def _neighbours(groups: np.ndarray, skip: np.ndarray, d: int) -> tuple[np.ndarray, np.ndarray]:
    """Row index of the d-th previous and next paragraph in the same document, passing over
    rows flagged in ``skip`` (repeats); -1 where there is none."""
    n = len(groups)
    kept = np.flatnonzero(~skip)
    before = np.cumsum(~skip) - (~skip)  # kept rows strictly before each row
    after = before + (~skip)             # index in ``kept`` of the first kept row after it
    prev = np.full(n, -1)
    nxt = np.full(n, -1)
    p = before - d
    ok = p >= 0
    prev[ok] = kept[p[ok]]
    q = after + d - 1
    ok = q < len(kept)
    nxt[ok] = kept[q[ok]]
    prev[(prev >= 0) & (groups[np.maximum(prev, 0)] != groups)] = -1
    nxt[(nxt >= 0) & (groups[np.maximum(nxt, 0)] != groups)] = -1
    return prev, nxt


def _story_reach(logit: np.ndarray, skip: np.ndarray, starts: np.ndarray, ends: np.ndarray,
                 groups: np.ndarray, reach: int) -> list[np.ndarray]:
    """Longer-range context: how many paragraphs back and ahead the nearest paragraph that the
    first pass calls content (NaN where the document has none on that side), and the mean
    logit of the paragraphs up to ``reach`` away on either side. A list item six lines into a
    story's table is far from its neighbours' story text but still inside the story."""
    n = len(logit)
    idx = np.arange(n)
    strong = (logit > 0) & ~skip
    last = np.maximum.accumulate(np.where(strong, idx, -1))
    prev = np.r_[-1, last[:-1]]
    first_row = starts[groups]
    gap_prev = np.where(prev >= first_row, idx - prev, np.nan)
    following = np.minimum.accumulate(np.where(strong, idx, n)[::-1])[::-1]
    nxt = np.r_[following[1:], n]
    gap_next = np.where(nxt < ends[groups], nxt - idx, np.nan)
    total = np.r_[0.0, np.cumsum(logit)]
    lo = np.maximum(idx - reach, first_row)
    hi = np.minimum(idx + reach + 1, ends[groups])
    around = (total[hi] - total[lo]) / (hi - lo)
    return [gap_prev, gap_next, around]


def _lead_logit(logit: np.ndarray, lead: np.ndarray) -> np.ndarray:
    """The first-pass logit of the line that leads each row's list ("Needed most:" or
    "Follow us:"), so that the items are read as what their lead is; a row in no list is its
    own lead. (Not NaN there: a training fold without a single list would leave the column
    with no value at all, which the trees' binning cannot take.)"""
    back = np.rint(lead * LIST_REACH).astype(np.int64)
    return logit[np.arange(len(logit)) - back]


def _first_copy_logit(logit: np.ndarray, first_copy: np.ndarray) -> np.ndarray:
    """The logit of each row's first copy in its document (from the ``first_copy`` column, 1/k
    for k rows back); a row that repeats nothing is its own first copy."""
    back = np.zeros(len(logit), dtype=np.int64)
    repeat = first_copy > 0
    back[repeat] = np.rint(1 / first_copy[repeat])
    return logit[np.arange(len(logit)) - back]


def context_matrix(logit: np.ndarray, groups: np.ndarray, dense: np.ndarray, window: int,
                   skip: np.ndarray | None = None, reach: int = 0,
                   lead: np.ndarray | None = None, copy: np.ndarray | None = None) -> np.ndarray:
    """Own and neighbouring first-pass logits (NaN past the document's edge; neighbours pass
    over ``skip`` rows, the repeats, whose low scores say nothing about their surroundings),
    document statistics of the logits, with ``reach`` > 0 the longer-range columns of
    ``_story_reach``, with ``lead`` (the ``list_lead`` column) the logit of each list's lead
    line, with ``copy`` (the ``first_copy`` column) the logit of each repeat's first copy, and
    the dense features."""
    n = len(logit)
    skip = np.zeros(n, dtype=bool) if skip is None else skip.astype(bool)
    starts = np.flatnonzero(np.r_[True, groups[1:] != groups[:-1]]) if n else np.array([], dtype=int)
    ends = np.r_[starts[1:], n]
    cols = [logit]
    for d in range(1, window + 1):
        for idx in _neighbours(groups, skip, d):
            cols.append(np.where(idx >= 0, logit[np.maximum(idx, 0)], np.nan) if n else np.zeros(0))
    if n:
        mean = (np.add.reduceat(logit, starts) / (ends - starts))[groups]
        lo = np.minimum.reduceat(logit, starts)[groups]
        hi = np.maximum.reduceat(logit, starts)[groups]
    else:
        mean = lo = hi = np.zeros(0)
    cols += [mean, lo, hi, logit - mean]
    if n and reach:
        cols += _story_reach(logit, skip, starts, ends, groups, reach)
    elif reach:
        cols += [np.zeros(0)] * 3
    if lead is not None:
        cols.append(_lead_logit(logit, lead) if n else np.zeros(0))
    if copy is not None:
        cols.append(_first_copy_logit(logit, copy) if n else np.zeros(0))
    return np.column_stack(cols + [dense]) if n else np.zeros((0, len(cols) + dense.shape[1]))


def platt(scores: np.ndarray, y: np.ndarray, weight: np.ndarray) -> tuple[float, float]:
    """Platt's sigmoid, P(content) = 1 / (1 + exp(a·score + b)), fitted by weighted log loss
    against his smoothed targets, as scikit-learn's sigmoid calibration does (same targets,
    start, scaling of large scores and L-BFGS-B tolerances)."""
    top = float(np.max(np.abs(scores), initial=0.0))
    scale = top if top >= 30 else 1.0
    f = scores / scale
    prior1 = weight[y > 0].sum()
    prior0 = weight[y <= 0].sum()
    target = np.where(y > 0, (prior1 + 1.0) / (prior1 + 2.0), 1.0 / (prior0 + 2.0))

    def loss_grad(ab):
        raw = -(ab[0] * f + ab[1])
        loss = (weight * (np.logaddexp(0.0, raw) - target * raw)).sum()
        g = weight * (expit(raw) - target)
        return loss, np.array([-g @ f, -g.sum()])

    start = np.array([0.0, np.log((prior0 + 1.0) / (prior1 + 1.0))])
    ab = minimize(loss_grad, start, method="L-BFGS-B", jac=True,
                  options={"gtol": 1e-6, "ftol": 64 * np.finfo(float).eps}).x
    return float(ab[0] / scale), float(ab[1])


class SigmoidCalibrated:
    """A fitted classifier's scores through a fitted sigmoid: ``platt``'s (a, b)."""

    classes_ = np.array([0, 1])

    def __init__(self, estimator, a: float, b: float):
        self.estimator = estimator
        self.a = a
        self.b = b

    def decision_function(self, Z) -> np.ndarray:
        return self.estimator.decision_function(Z)

    def predict_proba(self, Z) -> np.ndarray:
        p = expit(-(self.a * self.decision_function(Z) + self.b))
        return np.column_stack([1.0 - p, p])


class ContextClassifier(ClassifierMixin, BaseEstimator):
    """First pass per paragraph, second pass with context; see the module docstring."""

    def __init__(self, C: float = 4.0, window: int = 2, folds: int = 3, n_dense: int = N_DENSE,
                 boundary_column: int = 0, skip_column: int | None = SKIP_COLUMN, max_iter: int = 100,
                 learning_rate: float = 0.16, reach: int = 6, lead_column: int | None = LEAD_COLUMN,
                 rounds: int = 2, copy_column: int | None = COPY_COLUMN, random_state: int = 0):
        self.C = C
        self.window = window
        self.folds = folds
        self.n_dense = n_dense
        self.boundary_column = boundary_column
        self.skip_column = skip_column
        self.max_iter = max_iter
        self.learning_rate = learning_rate
        self.reach = reach
        self.lead_column = lead_column
        self.rounds = rounds
        self.copy_column = copy_column
        self.random_state = random_state

    def _first(self) -> LogisticRegression:
        return LogisticRegression(C=self.C, solver="liblinear", max_iter=1000)

    def _second(self) -> HistGradientBoostingClassifier:
        # 100 trees at learning rate 0.16: half the trees of 200 at 0.08, about as good a member,
        # so that a model of four members cleans as fast as one of two did
        return HistGradientBoostingClassifier(max_iter=self.max_iter, learning_rate=self.learning_rate,
                                              max_leaf_nodes=31, l2_regularization=1.0,
                                              early_stopping=False, random_state=self.random_state)

    def fit(self, X, y, sample_weight=None):
        X = sp.csr_matrix(X)
        y = np.asarray(y).astype(int)
        weight = np.ones(len(y)) if sample_weight is None else np.asarray(sample_weight, dtype=float)
        groups = document_groups(X, self.boundary_column)
        splits = grouped_splits(groups, self.folds)
        oof = np.zeros(len(y))
        for train, test in splits:
            first = self._first().fit(X[train], y[train], sample_weight=weight[train])
            oof[test] = first.decision_function(X[test])
        self.first_ = self._first().fit(X, y, sample_weight=weight)
        positions = self.positions(X)
        Z = self.context(X, oof, positions=positions)
        self.second_, oof2 = self._calibrated(Z, y, weight, splits)
        self.third_ = None
        if self.rounds > 1:
            # the third look: the second stage's out-of-fold scores as context
            self.third_, _ = self._calibrated(self.again(X, Z, oof2, positions), y, weight, splits)
        self.classes_ = np.unique(y)
        return self

    def _calibrated(self, Z, y, weight, splits) -> tuple[SigmoidCalibrated, np.ndarray]:
        """Trees fitted on every row, calibrated by a sigmoid fitted on their out-of-fold scores
        (what ``CalibratedClassifierCV(method="sigmoid", ensemble=False)`` does); the
        out-of-fold scores are returned too, so the next stage reuses the folds' fits."""
        oof = np.zeros(len(y))
        for train, test in splits:
            oof[test] = self._second().fit(Z[train], y[train], sample_weight=weight[train]).decision_function(Z[test])
        trees = self._second().fit(Z, y, sample_weight=weight)
        # A numpy Generator used only while fitting; pickled, it ties the model to numpy 2
        # (Dolma, for one, needs numpy 1.x). Prediction never reads it.
        trees._feature_subsample_rng = None
        return SigmoidCalibrated(trees, *platt(oof, y, weight)), oof

    def again(self, X, Z: np.ndarray, logit2: np.ndarray, positions: tuple | None = None) -> np.ndarray:
        """The third stage's input: the second stage's input and the context of its scores."""
        return np.column_stack([Z, self.context(X, logit2, dense=False, positions=positions)])

    def context(self, X, logit: np.ndarray, dense: bool = True, positions: tuple | None = None) -> np.ndarray:
        """The second stage's input: rows ``X`` (in document order) with first-pass logits ``logit``
        (without the dense features, the columns the third stage adds). ``positions`` is
        ``self.positions(X)``, read once for both stages when given."""
        X = sp.csr_matrix(X)
        groups, skip, lead, copy = self.positions(X) if positions is None else positions
        columns = self._dense(X) if dense else np.zeros((X.shape[0], 0))
        return context_matrix(logit, groups, columns, self.window, skip, self.reach, lead, copy)

    def positions(self, X) -> tuple:
        """The columns of ``X`` that place each row: its document, whether it repeats an earlier
        row, how far back its list's lead and its first copy are."""
        X = sp.csr_matrix(X)
        return (document_groups(X, self.boundary_column), self._skip(X), self._lead(X),
                self._column(X, self.copy_column))

    @staticmethod
    def _column(X, index: int | None) -> np.ndarray | None:
        return None if index is None else X[:, index].toarray().ravel()

    def _skip(self, X) -> np.ndarray | None:
        column = self._column(X, self.skip_column)
        return None if column is None else column > 0

    def _lead(self, X) -> np.ndarray | None:
        return self._column(X, self.lead_column)

    def _dense(self, X) -> np.ndarray:
        return X[:, :self.n_dense].toarray()

    def first_pass(self, X) -> np.ndarray:
        """The first-pass logit of each row (no context)."""
        check_is_fitted(self, "first_")
        return self.first_.decision_function(sp.csr_matrix(X))

    def second_pass(self, Z: np.ndarray) -> np.ndarray:
        """The second stage's logit (its trees before calibration) on its input ``Z``."""
        check_is_fitted(self, "second_")
        return self.second_.decision_function(Z)

    def predict_proba(self, X) -> np.ndarray:
        check_is_fitted(self, "second_")
        X = sp.csr_matrix(X)
        if X.shape[0] == 0:
            return np.zeros((0, 2))
        positions = self.positions(X)
        Z = self.context(X, self.first_pass(X), positions=positions)
        if self.third_ is None:
            return self.second_.predict_proba(Z)
        return self.third_.predict_proba(self.again(X, Z, self.second_pass(Z), positions))

    def predict(self, X) -> np.ndarray:
        return self.classes_[(self.predict_proba(X)[:, 1] >= 0.5).astype(int)]
