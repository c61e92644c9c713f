"""ProfileIndex: approximate search close to exact search, and in-place profile updates."""

from __future__ import annotations

import numpy as np
import pytest

from clustera.errors import InvalidInputError, UnknownCodeError
from clustera.matching import ProfileIndex, exact_neighbours


def test_recall_at_10_against_exact_search_is_high():
    rng = np.random.default_rng(0)
    vectors = rng.standard_normal((5000, 32)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    index = ProfileIndex(32, ef_search=100)
    index.add(list(range(5000)), vectors)
    queries = vectors[:100]
    approximate = index.search(queries, k=10)
    exact = exact_neighbours(vectors, queries, 10)
    recall = np.mean([len(set(a) & set(e.tolist())) / 10 for a, e in zip(approximate, exact)])
    assert recall >= 0.95


def test_update_replaces_and_remove_hides_a_profile():
    index = ProfileIndex(2)
    index.add(["a", "b", "c"], [[1, 0], [0, 1], [1, 1]])
    assert index.search([1, 0], k=1) == [["a"]]
    index.add(["a"], [[0, 1]])
    assert len(index) == 3
    assert index.search([1, 0], k=1) == [["c"]]
    index.remove("c")
    assert index.search([1, 0], k=1) == [["a"]] or index.search([1, 0], k=1) == [["b"]]
    index.add(["c"], [[1, 0]])
    assert index.search([1, 0], k=1) == [["c"]]


def test_bad_input_is_refused():
    index = ProfileIndex(3)
    index.add(["a"], [[1, 0, 0]])
    with pytest.raises(InvalidInputError, match="3 columns"):
        index.add(["b"], [[1, 0]])
    with pytest.raises(InvalidInputError, match="k must"):
        index.search([1, 0, 0], k=5)
    with pytest.raises(UnknownCodeError):
        index.remove("z")
