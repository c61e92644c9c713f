"""Profile content: TF-IDF or BM25 over descriptions, technologies and activity codes."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Literal

import numpy as np
import numpy.typing as npt
import pandas as pd
import scipy.sparse as sparse
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer

from clustera.errors import InvalidInputError
from clustera.taxonomies.thesaurus import TECHNOLOGY_ALIASES, expand_aliases

__all__ = [
    "ContentProfiles",
    "TECHNOLOGY_ALIASES",
    "code_complementarity",
    "code_relatedness",
    "expand_aliases",
    "profile_text",
]

FloatArray = npt.NDArray[np.float64]

# TECHNOLOGY_ALIASES and expand_aliases: the thesaurus of clustera.taxonomies.thesaurus, shared
# with the directory's search; imported here so that the old import path keeps working.


def _codes(value: object) -> tuple[str, ...]:
    if isinstance(value, tuple | list):
        return tuple(str(item) for item in value)
    return ()


def profile_text(row: pd.Series) -> str:
    """The words a profile is matched on: description, technology and NACE codes as tokens."""
    description = row.get("description", "")
    words = [str(description) if isinstance(description, str) else ""]
    words += [f"tech_{code}" for code in _codes(row.get("technologies", ()))]
    words += [f"nace_{code}" for code in _codes(row.get("nace", ()))]
    return " ".join(words)


class ContentProfiles:
    """Text vectors of organisation profiles, for content similarity between organisations.

    Parameters
    ----------
    weighting
        ``"tfidf"`` (scikit-learn ``TfidfVectorizer``, sublinear term frequency) or
        ``"bm25"`` (Okapi BM25 term weights with ``k1`` and ``b``, Robertson & Zaragoza 2009).

    Examples
    --------
    >>> frame = pd.DataFrame({"description": ["laser welding of steel", "steel welding robots",
    ...     "organic food"]}, index=["a", "b", "c"])
    >>> content = ContentProfiles().fit(frame)
    >>> bool(content.similarity("a")["b"] > content.similarity("a")["c"])
    True
    """

    def __init__(
        self, weighting: Literal["tfidf", "bm25"] = "tfidf", k1: float = 1.2, b: float = 0.75
    ) -> None:
        self.weighting = weighting
        self.k1 = k1
        self.b = b

    def fit(self, organisations: pd.DataFrame) -> ContentProfiles:
        """Learn the vocabulary and vectors of every profile; return self."""
        if self.weighting not in ("tfidf", "bm25"):
            raise InvalidInputError(
                "weighting must be 'tfidf' or 'bm25'", field="weighting", value=self.weighting
            )
        texts = [profile_text(row) for _, row in organisations.iterrows()]
        self.org_ids_ = pd.Index(organisations.index)
        self.empty_ = not any(text.strip() for text in texts)
        if self.empty_:
            self.vectors_ = sparse.csr_matrix((len(texts), 1))
            return self
        pattern = r"(?u)\b[\w.]+\b"
        if self.weighting == "tfidf":
            self.vectorizer_: TfidfVectorizer | CountVectorizer = TfidfVectorizer(
                sublinear_tf=True, token_pattern=pattern, stop_words="english"
            )
            self.vectors_ = sparse.csr_matrix(self.vectorizer_.fit_transform(texts))
        else:
            self.vectorizer_ = CountVectorizer(token_pattern=pattern, stop_words="english")
            self.vectors_ = self._bm25(sparse.csr_matrix(self.vectorizer_.fit_transform(texts)))
        return self

    def _bm25(self, counts: sparse.csr_matrix) -> sparse.csr_matrix:
        n_documents = counts.shape[0]
        frequency = np.bincount(counts.indices, minlength=counts.shape[1])
        self.idf_ = np.log1p((n_documents - frequency + 0.5) / (frequency + 0.5))
        lengths = np.asarray(counts.sum(axis=1)).ravel()
        self.average_length_ = max(float(lengths.mean()), 1.0)
        return self._bm25_rows(counts, lengths)

    def _bm25_rows(self, counts: sparse.csr_matrix, lengths: FloatArray) -> sparse.csr_matrix:
        weights = counts.astype(np.float64).tocsr()
        row_length = np.repeat(lengths, np.diff(weights.indptr))
        norm = self.k1 * (1 - self.b + self.b * row_length / self.average_length_)
        weights.data = weights.data * (self.k1 + 1) / (weights.data + norm)
        weights = sparse.csr_matrix(weights @ sparse.diags(self.idf_))
        row_norms = np.sqrt(np.asarray(weights.multiply(weights).sum(axis=1)).ravel())
        row_norms[row_norms == 0] = 1.0
        return sparse.csr_matrix(sparse.diags(1.0 / row_norms) @ weights)

    def transform(self, profiles: pd.DataFrame) -> sparse.csr_matrix:
        """Vectors of new profiles in the fitted vocabulary (L2-normalised rows)."""
        texts = [profile_text(row) for _, row in profiles.iterrows()]
        if self.empty_:
            return sparse.csr_matrix((len(texts), 1))
        if self.weighting == "tfidf":
            return sparse.csr_matrix(self.vectorizer_.transform(texts))
        counts = sparse.csr_matrix(self.vectorizer_.transform(texts))
        return self._bm25_rows(counts, np.asarray(counts.sum(axis=1), dtype=np.float64).ravel())

    def similarity_to(self, vector: sparse.csr_matrix) -> pd.Series:
        """Cosine similarity of every fitted profile to one vector."""
        values = np.asarray((self.vectors_ @ vector.T).todense(), dtype=np.float64).ravel()
        return pd.Series(values, index=self.org_ids_, name="content_similarity")

    def similarity(self, org_id: object) -> pd.Series:
        """Cosine similarity of every fitted profile to the profile of ``org_id``."""
        position = self.org_ids_.get_indexer([org_id])[0]
        if position < 0:
            raise InvalidInputError("unknown organisation", field="org_id", value=org_id)
        return self.similarity_to(self.vectors_[position])


def _division(code: str) -> str:
    return _digits(code)[:2]


def code_relatedness(
    codes: Iterable[str], categories: pd.DataFrame, same_category: float = 1.0
) -> pd.DataFrame:
    """Relatedness between activity codes, from a table between coarser categories.

    ``categories`` is a square table between categories: relatedness (e.g.
    ``clustera.analytics.relatedness`` of regional employment by NACE division) or
    value-chain links (``clustera.analytics.input_output_links`` of an input-output
    table by CPA product, whose codes may be ranges: "CPA_C10-12", "CPA_M69_70").
    Each code takes the category whose digits are the longest prefix of its own
    ("26.51" -> "C265" before "C26"; "10.5" -> "C10-12"). Two codes of one
    category count ``same_category`` (1, as two codes of one NACE division without
    a table; 0 for value chains, where one category is one industry); codes of two
    categories take the table's value; codes without a category, 0. The diagonal
    is 0: a code does not complement itself.

    Examples
    --------
    >>> table = pd.DataFrame([[0.0, 0.6], [0.6, 0.0]], index=["C26", "C27"], columns=["C26", "C27"])
    >>> code_relatedness(["26.1", "26.5", "27.1", "01.1"], table)
          26.1  26.5  27.1  01.1
    26.1   0.0   1.0   0.6   0.0
    26.5   1.0   0.0   0.6   0.0
    27.1   0.6   0.6   0.0   0.0
    01.1   0.0   0.0   0.0   0.0
    >>> links = pd.DataFrame([[0.0, 0.3], [0.3, 0.0]], index=["CPA_C10-12", "CPA_M69_70"],
    ...                      columns=["CPA_C10-12", "CPA_M69_70"])
    >>> code_relatedness(["10.5", "11.0", "70.2"], links, same_category=0.0)
          10.5  11.0  70.2
    10.5   0.0   0.0   0.3
    11.0   0.0   0.0   0.3
    70.2   0.3   0.3   0.0
    """
    codes = list(dict.fromkeys(str(code) for code in codes))
    labels = [str(category) for category in categories.index]
    by_prefix = {
        prefix: i for i, label in enumerate(labels) for prefix in _category_prefixes(label)
    }
    found = []
    for code in codes:
        digits = _digits(code)
        prefixes = (digits[:length] for length in range(len(digits), 0, -1))
        found.append(next((by_prefix[prefix] for prefix in prefixes if prefix in by_prefix), -1))
    category = np.array(found, dtype=np.int64)
    table = (
        categories.set_axis(labels, axis=0)
        .set_axis([str(c) for c in categories.columns], axis=1)
        .reindex(columns=labels)
        .to_numpy(dtype=np.float64)
    )
    mapped = category >= 0
    values = np.zeros((len(codes), len(codes)))
    rows, columns = np.ix_(np.flatnonzero(mapped), np.flatnonzero(mapped))
    values[rows, columns] = table[category[rows], category[columns]]
    values[category[:, None] == category[None, :]] = same_category
    values[~mapped, :] = 0.0
    values[:, ~mapped] = 0.0
    values[~np.isfinite(values)] = 0.0
    np.fill_diagonal(values, 0.0)
    return pd.DataFrame(values, index=codes, columns=codes)


def _digits(code: str) -> str:
    return "".join(character for character in code if character.isdigit())


def _category_prefixes(category: str) -> list[str]:
    """The digit prefixes a category covers: "C26" 26; "C10-12" 10, 11, 12; "M69_70" 69, 70."""
    text = category.removeprefix("CPA_").replace(".", "")
    prefixes = []
    for part in text.split("_"):
        span = re.search(r"(\d+)-[A-Z]?(\d+)", part)
        if span:
            first, last = span.group(1), span.group(2)
            prefixes += [str(n).zfill(len(first)) for n in range(int(first), int(last) + 1)]
        elif _digits(part):
            prefixes.append(_digits(part))
    return prefixes


def code_complementarity(
    own: Iterable[str], other: Iterable[str], relatedness: pd.DataFrame | None = None
) -> tuple[float, str, str]:
    """Best related-but-different pair of activity codes: (strength, own code, other code).

    With ``relatedness`` (a square table of code relatedness, e.g. from
    ``clustera.analytics`` relatedness) the strength is its value; without it, two
    different codes of the same NACE division count 1.0. Identical codes do not
    complement each other.

    Examples
    --------
    >>> code_complementarity(["C26.1"], ["C26.5", "A01"])
    (1.0, 'C26.1', 'C26.5')
    >>> code_complementarity(["C26"], ["C26"])
    (0.0, '', '')
    """
    own_codes, other_codes = list(dict.fromkeys(own)), list(dict.fromkeys(other))
    best: tuple[float, str, str] = (0.0, "", "")
    for mine in own_codes:
        for theirs in other_codes:
            if mine == theirs or theirs in own_codes:
                continue
            if relatedness is not None:
                if mine in relatedness.index and theirs in relatedness.columns:
                    strength = float(relatedness.at[mine, theirs])  # type: ignore[arg-type]
                else:
                    strength = 0.0
            else:
                same = _division(mine) != "" and _division(mine) == _division(theirs)
                strength = 1.0 if same else 0.0
            if np.isfinite(strength) and strength > best[0]:
                best = (strength, mine, theirs)
    return best
