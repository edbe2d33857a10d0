import numpy as np
import pytest

from junkfilter.ensemble import MemberMean, members
from junkfilter.train import _fit, load_examples, member_seeds

from .conftest import FIXTURES


@pytest.fixture(scope="module")
def examples():
    return load_examples(FIXTURES / "labelled")


def test_a_two_member_model_scores_the_mean_of_its_members_trained_alone(examples):
    docs = [e.doc for e in examples]
    pair = _fit(examples, seed=0, synthetic=1, members=2)
    alone = [_fit(examples, seed=s, synthetic=1, members=1).score(docs) for s in member_seeds(0, 2)]
    assert len(members(pair.pipeline[-1])) == 2
    for both, a, b in zip(pair.score(docs), *alone):
        assert np.allclose(both, (a + b) / 2)
    # the members differ (each drew its own synthetic documents), so the mean is not either one
    assert any(not np.allclose(a, b) for a, b in zip(*alone))


def test_members_fitted_side_by_side_are_the_members_fitted_in_turn(examples):
    docs = [e.doc for e in examples]
    in_turn = _fit(examples, seed=0, synthetic=1, members=2, jobs=1).score(docs)
    side_by_side = _fit(examples, seed=0, synthetic=1, members=2, jobs=2).score(docs)
    for a, b in zip(in_turn, side_by_side):
        assert np.array_equal(a, b)


def test_member_seeds_are_distinct_across_seeds_and_a_single_member_keeps_its_seed():
    assert member_seeds(0, 2) == [0, 1] and member_seeds(1, 2) == [2, 3]
    assert member_seeds(5, 1) == [5]


def test_a_member_mean_is_assembled_not_fitted():
    with pytest.raises(TypeError, match="assembled"):
        MemberMean([]).fit(np.zeros((2, 2)), np.array([0, 1]))
