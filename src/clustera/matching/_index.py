"""Nearest-neighbour index of profile vectors, updated in place when a profile changes."""

from __future__ import annotations

from collections.abc import Hashable, Sequence

import hnswlib
import numpy as np
import numpy.typing as npt

from clustera.errors import InvalidInputError, UnknownCodeError

__all__ = ["ProfileIndex", "exact_neighbours"]

FloatArray = npt.NDArray[np.float64]
Float32Array = npt.NDArray[np.float32]
IntArray = npt.NDArray[np.int64]


def _normalised(vectors: npt.ArrayLike, dimensions: int) -> Float32Array:
    array = np.asarray(vectors, dtype=np.float32)
    if array.ndim == 1:
        array = array.reshape(1, -1)
    if array.ndim != 2 or array.shape[1] != dimensions:
        raise InvalidInputError(
            f"vectors must have {dimensions} columns", field="vectors", value=array.shape
        )
    if not np.isfinite(array).all():
        raise InvalidInputError("vectors contain NaN or infinite values", field="vectors")
    norms = np.linalg.norm(array, axis=1, keepdims=True)
    return np.asarray(array / np.where(norms > 0, norms, 1.0), dtype=np.float32)


def exact_neighbours(vectors: Float32Array, queries: Float32Array, k: int) -> IntArray:
    """Rows of the ``k`` vectors of highest inner product with each query (exact search).

    Examples
    --------
    >>> data = np.eye(3, dtype=np.float32)
    >>> exact_neighbours(data, np.array([[0.9, 0.1, 0.0]], dtype=np.float32), 2).tolist()
    [[0, 1]]
    """
    scores = queries @ vectors.T
    top = np.argpartition(-scores, k - 1, axis=1)[:, :k]
    order = np.argsort(-np.take_along_axis(scores, top, axis=1), axis=1)
    return np.asarray(np.take_along_axis(top, order, axis=1), dtype=np.int64)


class ProfileIndex:
    """Cosine nearest neighbours of profile vectors (HNSW, Malkov & Yashunin 2018).

    Profiles are added with any hashable id; adding an id again replaces its vector
    (a profile edit), ``remove`` hides it from results.

    Parameters
    ----------
    dimensions
        Length of the vectors.
    capacity
        Initial capacity (grows automatically).
    m, ef_construction, ef_search
        HNSW graph degree, build-time and search-time beam widths (hnswlib).

    References
    ----------
    Malkov, Y. A., & Yashunin, D. A. (2018). Efficient and robust approximate nearest
    neighbor search using Hierarchical Navigable Small World graphs. IEEE TPAMI, 42(4).

    Examples
    --------
    >>> index = ProfileIndex(dimensions=2)
    >>> index.add(["a", "b", "c"], [[1, 0], [0, 1], [1, 1]])
    >>> index.search([1, 0.1], k=2)[0]
    ['a', 'c']
    >>> index.add(["a"], [[0, 1]])  # profile "a" changed
    >>> index.search([1, 0.1], k=1)[0]
    ['c']
    """

    def __init__(
        self,
        dimensions: int,
        capacity: int = 1024,
        m: int = 16,
        ef_construction: int = 100,
        ef_search: int = 64,
        seed: int = 0,
    ) -> None:
        if dimensions < 1:
            raise InvalidInputError(
                "dimensions must be positive", field="dimensions", value=dimensions
            )
        self.dimensions = dimensions
        self.m = m
        self.ef_construction = ef_construction
        self.ef_search = ef_search
        self._index = hnswlib.Index(space="ip", dim=dimensions)
        self._index.init_index(
            max_elements=max(capacity, 16), M=m, ef_construction=ef_construction, random_seed=seed
        )
        self._index.set_ef(ef_search)
        self._labels: dict[Hashable, int] = {}
        self._ids: list[Hashable] = []
        self._removed: set[int] = set()

    def __len__(self) -> int:
        return len(self._labels) - len(self._removed)

    def add(self, ids: Sequence[Hashable], vectors: npt.ArrayLike, num_threads: int = -1) -> None:
        """Add profiles, or replace the vectors of ids already present."""
        array = _normalised(vectors, self.dimensions)
        if len(ids) != len(array):
            raise InvalidInputError(
                "as many ids as vectors are needed", field="ids", value=(len(ids), len(array))
            )
        labels = []
        for profile_id in ids:
            label = self._labels.get(profile_id)
            if label is None:
                label = len(self._ids)
                self._labels[profile_id] = label
                self._ids.append(profile_id)
            elif label in self._removed:
                self._index.unmark_deleted(label)
                self._removed.discard(label)
            labels.append(label)
        needed = len(self._ids)
        if needed > self._index.get_max_elements():
            self._index.resize_index(max(needed, 2 * self._index.get_max_elements()))
        self._index.add_items(array, np.asarray(labels, dtype=np.int64), num_threads=num_threads)

    def remove(self, profile_id: Hashable) -> None:
        """Hide a profile from searches (for example when it stops being public)."""
        label = self._labels.get(profile_id)
        if label is None:
            raise UnknownCodeError("unknown profile", field="profile_id", value=profile_id)
        if label not in self._removed:
            self._index.mark_deleted(label)
            self._removed.add(label)

    def search(self, vectors: npt.ArrayLike, k: int = 10) -> list[list[Hashable]]:
        """Ids of the ``k`` most similar profiles for each query vector."""
        if isinstance(k, bool) or not isinstance(k, int) or not 1 <= k <= max(len(self), 1):
            raise InvalidInputError(
                f"k must be from 1 to the {len(self)} indexed profiles", field="k", value=k
            )
        labels, _ = self.search_labels(_normalised(vectors, self.dimensions), k)
        return [[self._ids[int(label)] for label in row] for row in labels]

    def search_labels(self, queries: Float32Array, k: int) -> tuple[IntArray, Float32Array]:
        """Internal labels (insertion order) and cosine similarities of the neighbours."""
        self._index.set_ef(max(self.ef_search, k))
        labels, distances = self._index.knn_query(queries, k=k)
        return np.asarray(labels, dtype=np.int64), np.asarray(1.0 - distances, dtype=np.float32)
