"""The collaboration graph and activity counts that pair features read, built from one history."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd
import scipy.sparse as sparse

from clustera.matching._history import CollaborationHistory

__all__ = ["CollaborationGraph"]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


_DECAY = 0.7  # weight of a project per year of age in the random walk


def row_normalised(matrix: sparse.csr_matrix) -> sparse.csr_matrix:
    """``matrix`` with each non-empty row divided by its sum (empty rows stay empty)."""
    totals = np.asarray(matrix.sum(axis=1), dtype=np.float64).ravel()
    scale = np.where(totals > 0, 1.0 / np.where(totals > 0, totals, 1.0), 0.0)
    return sparse.csr_matrix(sparse.diags(scale) @ matrix)


def _codes(values: pd.Series, categories: list[str]) -> IntArray:
    lookup = {category: position for position, category in enumerate(categories)}
    return np.array([lookup.get(str(value), len(categories)) for value in values], dtype=np.int64)


def _pair_log_odds(
    adjacency: sparse.csr_matrix, groups: IntArray, n_groups: int, smoothing: float = 1.0
) -> FloatArray:
    """Log of observed over expected collaboration between groups (types or countries)."""
    membership = sparse.csr_matrix(
        (np.ones(len(groups)), (np.arange(len(groups)), groups)), shape=(len(groups), n_groups + 1)
    )
    observed = np.asarray((membership.T @ adjacency @ membership).todense(), dtype=np.float64)
    degree = observed.sum(axis=1)
    expected = np.outer(degree, degree) / max(degree.sum(), 1.0)
    return np.asarray(np.log((observed + smoothing) / (expected + smoothing)), dtype=np.float64)


def _spectral_embedding(
    partners: sparse.csr_matrix, degree: FloatArray, dimensions: int = 48
) -> FloatArray:
    """Rows of the leading singular vectors of the degree-normalised collaboration matrix."""
    n_orgs = partners.shape[0]
    rank = min(dimensions, n_orgs - 2)
    if rank < 1 or partners.nnz == 0:
        return np.zeros((n_orgs, 1))
    weights = partners.copy().astype(np.float64)
    weights.data = np.log1p(weights.data)
    scale = 1.0 / np.sqrt(np.maximum(degree, 1.0))
    normalised = sparse.diags(scale) @ weights @ sparse.diags(scale)
    from sklearn.utils.extmath import randomized_svd

    vectors, values, _ = randomized_svd(normalised, rank, n_iter=4, random_state=0)
    embedding = vectors * np.sqrt(np.abs(values))
    norms = np.linalg.norm(embedding, axis=1, keepdims=True)
    return np.asarray(embedding / np.where(norms > 0, norms, 1.0), dtype=np.float64)


def _partner_shares(
    partners_binary: sparse.csr_matrix, groups: IntArray, n_groups: int, degree: FloatArray
) -> FloatArray:
    membership = sparse.csr_matrix(
        (np.ones(len(groups)), (np.arange(len(groups)), groups)), shape=(len(groups), n_groups + 1)
    )
    counts = np.asarray((partners_binary @ membership).todense(), dtype=np.float64)
    return counts / np.maximum(degree, 1.0)[:, None]


def _programme_parts(
    rows: pd.DataFrame,
    project_ids: pd.Index,
    incidence: sparse.csr_matrix,
    recent_incidence: sparse.csr_matrix,
) -> tuple[list[str], sparse.csr_matrix, FloatArray, FloatArray]:
    """Programme parts, the projects x parts matrix and each organisation's counts per part."""
    project_parts = (
        rows.drop_duplicates("project_id")
        .set_index("project_id")["programme_parts"]
        .reindex(project_ids)
    )
    parts = sorted({part for value in project_parts for part in value})
    part_lookup = {part: position for position, part in enumerate(parts)}
    part_rows = [i for i, value in enumerate(project_parts) for _ in value]
    part_columns = [part_lookup[part] for value in project_parts for part in value]
    project_part = sparse.csr_matrix(
        (np.ones(len(part_rows)), (part_rows, part_columns)), shape=(len(project_ids), len(parts))
    )
    part_counts = np.asarray((incidence @ project_part).todense(), dtype=np.float64)
    part_counts_recent = np.asarray((recent_incidence @ project_part).todense(), dtype=np.float64)
    return parts, project_part, part_counts, part_counts_recent


def _part_profile(part_counts: FloatArray, n_orgs: int) -> tuple[sparse.csr_matrix, FloatArray]:
    """TF-IDF rows of the organisations' programme parts (L2-normalised) and the parts' IDF."""
    document_frequency = (part_counts > 0).sum(axis=0)
    part_idf = np.log((1.0 + n_orgs) / (1.0 + document_frequency)) + 1.0
    profile = np.log1p(part_counts) * part_idf
    norms = np.linalg.norm(profile, axis=1, keepdims=True)
    profile = profile / np.where(norms > 0, norms, 1.0)
    return sparse.csr_matrix(profile), np.asarray(part_idf, dtype=np.float64)


@dataclass
class CollaborationGraph:
    """Counts and graph of a history up to its last year; rows follow ``org_ids``.

    ``recent`` counts are for the last year of the history, where activity best
    predicts next year's partners.
    """

    org_ids: pd.Index
    parts: list[str]
    incidence: sparse.csr_matrix  # organisations x projects (binary)
    project_part: sparse.csr_matrix  # projects x parts (binary)
    partners: sparse.csr_matrix  # organisations x organisations: shared projects (0 diagonal)
    partners_binary: sparse.csr_matrix
    inverse_log_degree: FloatArray
    degree: FloatArray
    projects: FloatArray
    projects_recent: FloatArray
    part_counts: FloatArray  # organisations x parts
    part_counts_recent: FloatArray
    part_profile: sparse.csr_matrix  # TF-IDF rows, L2-normalised
    part_idf: FloatArray
    consortium_size: FloatArray
    type_codes: IntArray
    country_codes: IntArray
    types: list[str]
    countries: list[str]
    type_affinity: FloatArray
    country_affinity: FloatArray
    last_year: int
    embedding: FloatArray  # organisations x dimensions, L2-normalised spectral embedding
    country_share: FloatArray  # organisations x countries+1: share of partners per country
    type_share: FloatArray  # organisations x types+1: share of partners per type
    walk_forward: sparse.csr_matrix  # organisations x projects: recency-weighted, rows sum to 1
    walk_back: sparse.csr_matrix  # projects x organisations: uniform over members
    project_recency: FloatArray  # per project: DECAY ** (last_year - start year)

    @classmethod
    def build(cls, history: CollaborationHistory) -> CollaborationGraph:
        """Build the graph and counts of every organisation with a participation."""
        rows = history.participations
        org_ids = pd.Index(np.sort(rows["org_id"].unique()), name="org_id")
        project_ids = pd.Index(np.sort(rows["project_id"].unique()))
        org_position = org_ids.get_indexer(rows["org_id"])
        project_position = project_ids.get_indexer(rows["project_id"])
        n_orgs, n_projects = len(org_ids), len(project_ids)
        incidence = sparse.csr_matrix(
            (np.ones(len(rows)), (org_position, project_position)), shape=(n_orgs, n_projects)
        )
        partners = (incidence @ incidence.T).tocsr()
        partners.setdiag(0)
        partners.eliminate_zeros()
        partners_binary = partners.copy()
        partners_binary.data[:] = 1.0
        degree = np.asarray(partners_binary.sum(axis=1)).ravel()
        inverse_log_degree = np.zeros(n_orgs)
        inverse_log_degree[degree > 1] = 1.0 / np.log(degree[degree > 1])
        last_year = int(rows["year"].max()) if len(rows) else 0
        recent_projects = (
            rows.loc[rows["year"] == last_year, "project_id"].drop_duplicates().to_numpy()
        )
        recent_mask = np.zeros(n_projects)
        recent_mask[project_ids.get_indexer(recent_projects)] = 1.0

        recent_incidence = incidence @ sparse.diags(recent_mask)
        parts, project_part, part_counts, part_counts_recent = _programme_parts(
            rows, project_ids, incidence, recent_incidence
        )
        projects = np.asarray(incidence.sum(axis=1), dtype=np.float64).ravel()
        projects_recent = np.asarray(recent_incidence.sum(axis=1), dtype=np.float64).ravel()
        size = np.asarray(incidence.sum(axis=0), dtype=np.float64).ravel()
        consortium_size = np.asarray(incidence @ size, dtype=np.float64).ravel() / np.maximum(
            projects, 1.0
        )
        profile, part_idf = _part_profile(part_counts, n_orgs)
        project_years = (
            rows.drop_duplicates("project_id")
            .set_index("project_id")["year"]
            .reindex(project_ids)
            .to_numpy(dtype=np.float64)
        )
        project_recency = _DECAY ** (last_year - project_years)
        walk_forward = row_normalised(incidence @ sparse.diags(project_recency))
        walk_back = row_normalised(incidence.T.tocsr())

        organisations = history.organisations.reindex(org_ids)
        types = sorted({str(v) for v in organisations["activity_type"].fillna("") if str(v)})
        countries = sorted({str(v) for v in organisations["country"].fillna("") if str(v)})
        type_codes = _codes(organisations["activity_type"].fillna(""), types)
        country_codes = _codes(organisations["country"].fillna(""), countries)
        return cls(
            org_ids=org_ids,
            parts=parts,
            incidence=incidence,
            project_part=project_part,
            partners=partners,
            partners_binary=partners_binary,
            inverse_log_degree=inverse_log_degree,
            degree=degree,
            projects=projects,
            projects_recent=projects_recent,
            part_counts=part_counts,
            part_counts_recent=part_counts_recent,
            part_profile=profile,
            part_idf=part_idf,
            consortium_size=consortium_size,
            type_codes=type_codes,
            country_codes=country_codes,
            types=types,
            countries=countries,
            type_affinity=_pair_log_odds(partners_binary, type_codes, len(types)),
            country_affinity=_pair_log_odds(partners_binary, country_codes, len(countries)),
            last_year=last_year,
            embedding=_spectral_embedding(partners, degree),
            country_share=_partner_shares(partners_binary, country_codes, len(countries), degree),
            type_share=_partner_shares(partners_binary, type_codes, len(types), degree),
            walk_forward=walk_forward,
            walk_back=walk_back,
            project_recency=project_recency,
        )

    def position(self, org_id: object) -> int:
        """Row of an organisation, or -1 when the graph does not know it."""
        if not hasattr(self, "_positions"):
            self._positions = {org: row for row, org in enumerate(self.org_ids)}
        return self._positions.get(org_id, -1)

    def part_positions(self, context: tuple[str, ...]) -> list[int]:
        """Positions of the context's programme parts that the history knows."""
        lookup = {part: position for position, part in enumerate(self.parts)}
        return [lookup[part] for part in context if part in lookup]

    def type_code(self, activity_type: str) -> int:
        """Code of an activity type (unknown types share the last code)."""
        return self.types.index(activity_type) if activity_type in self.types else len(self.types)

    def country_code(self, country: str) -> int:
        """Code of a country (unknown countries share the last code)."""
        return self.countries.index(country) if country in self.countries else len(self.countries)
