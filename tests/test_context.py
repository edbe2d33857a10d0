import numpy as np

from junkfilter.context import _neighbours, context_matrix


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
