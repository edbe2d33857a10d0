"""Several models' verdicts, averaged: the shipped model is the mean of members fitted alike.

Each member is the whole classifier (``context.ContextClassifier``) fitted with its own seed,
so on its own draw of synthetic documents (``synthesis.py``); the written documents are the
same for all. One draw decides some real pages by a hair: trained on the same data with seeds
0 to 3, single classifiers score from 0.800 to 0.843 keep F1 on the benchmark. The mean of
members leans less on one draw: the shipped model's four score better on our held-out pages
than any one of them, and than the first two (README, Measured).

The features are computed once and every member reads them, so a member costs only its
own first pass and tree stages at cleaning time.
"""
from __future__ import annotations

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.pipeline import Pipeline


class MemberMean(BaseEstimator, ClassifierMixin):
    """The mean content probability of already fitted classifiers (the final step of the
    model's Pipeline when it has more than one member). It is assembled, not fitted: members
    are trained one by one (``train._fit``), each on its own synthetic documents."""

    classes_ = np.array([0, 1])

    def __init__(self, members: list):
        self.members = members

    def __sklearn_is_fitted__(self) -> bool:
        return bool(self.members)

    def fit(self, X, y, **fit_params):
        raise TypeError("MemberMean is assembled from fitted members; train them one by one")

    def predict_proba(self, X) -> np.ndarray:
        return np.mean([member.predict_proba(X) for member in self.members], axis=0)

    def predict(self, X) -> np.ndarray:
        return (self.predict_proba(X)[:, 1] >= 0.5).astype(int)


def average(pipelines: list[Pipeline]) -> Pipeline:
    """One Pipeline from fitted ones that differ only in their classifier: the first one's
    features (the same for all), then the mean of every classifier."""
    return Pipeline([("features", pipelines[0].named_steps["features"]),
                     ("classifier", MemberMean([p.named_steps["classifier"] for p in pipelines]))])


def members(classifier) -> list:
    """The fitted classifiers behind a model's final step: its members, or itself alone."""
    return list(classifier.members) if isinstance(classifier, MemberMean) else [classifier]
