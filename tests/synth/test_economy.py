"""Employment carries the structure regional-economics methods look for.

Relatedness: activities close in the hidden latent space co-occur in regions
(both with revealed comparative advantage) far more than distant activities.
Complexity: the Economic Complexity Index computed from the employment matrix
ranks regions like their hidden capability endowment. Sizes are heavy-tailed.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats


def _presence(world, year: int = 2023) -> pd.DataFrame:
    table = world.employment[world.employment["year"] == year]
    matrix = table.pivot_table(
        index="region", columns="activity", values="value", aggfunc="sum", fill_value=0
    )
    share = matrix.div(matrix.sum(axis=1), axis=0)
    rca = share.div(matrix.sum(axis=0) / matrix.to_numpy().sum(), axis=1)
    return (rca >= 1).astype(float)


def _proximity(presence: pd.DataFrame) -> pd.DataFrame:
    """Hidalgo et al. (2007): co-occurrence over the larger ubiquity."""
    matrix = presence.to_numpy()
    ubiquity = matrix.sum(axis=0)
    together = matrix.T @ matrix
    return pd.DataFrame(
        together / np.maximum.outer(ubiquity, ubiquity),
        index=presence.columns,
        columns=presence.columns,
    )


def _eci(presence: pd.DataFrame) -> pd.Series:
    """Hidalgo & Hausmann (2009), eigenvector form, signed to correlate with diversity."""
    matrix = presence.loc[presence.sum(axis=1) > 0, presence.sum(axis=0) > 0].to_numpy()
    diversity, ubiquity = matrix.sum(axis=1), matrix.sum(axis=0)
    transition = (matrix / diversity[:, None]) @ (matrix / ubiquity).T
    values, vectors = np.linalg.eig(transition)
    vector = vectors[:, np.argsort(-values.real)[1]].real
    if np.corrcoef(vector, diversity)[0, 1] < 0:
        vector = -vector
    index = presence.index[presence.sum(axis=1) > 0]
    return pd.Series((vector - vector.mean()) / vector.std(), index=index)


def test_related_activities_co_locate(world, truth):
    proximity = _proximity(_presence(world))
    codes = proximity.index
    position = truth.activity_position.loc[codes].to_numpy()
    distance = np.hypot(*(position[:, None, :] - position[None, :, :]).transpose(2, 0, 1))
    upper = np.triu_indices(len(codes), 1)
    near = distance[upper] <= np.quantile(distance[upper], 0.1)
    far = distance[upper] >= np.quantile(distance[upper], 0.9)
    near_proximity, far_proximity = (
        proximity.to_numpy()[upper][near],
        proximity.to_numpy()[upper][far],
    )
    assert near_proximity.mean() > 2 * far_proximity.mean()
    assert stats.mannwhitneyu(near_proximity, far_proximity, alternative="greater").pvalue < 1e-20
    rho, p_value = stats.spearmanr(proximity.to_numpy()[upper], distance[upper])
    assert rho < -0.2 and p_value < 1e-20


def test_economic_complexity_ranks_regions_by_their_hidden_endowment(world, truth):
    eci = _eci(_presence(world))
    rho, p_value = stats.spearmanr(eci, truth.region_endowment.loc[eci.index])
    assert rho > 0.45 and p_value < 1e-3


def test_product_complexity_ranks_activities_by_the_capabilities_they_need(world, truth):
    """PCI as the mean ECI of the regions where an activity is present (one reflection)."""
    presence = _presence(world)
    eci = _eci(presence)
    present = presence.loc[eci.index]
    pci = (present.T @ eci) / present.sum(axis=0)
    pci = pci[present.sum(axis=0) > 0]
    rho, p_value = stats.spearmanr(pci, truth.activity_complexity.loc[pci.index])
    assert rho > 0.4 and p_value < 1e-4


def test_diversified_regions_are_better_endowed(world, truth):
    diversity = _presence(world).sum(axis=1)
    rho, p_value = stats.spearmanr(diversity, truth.region_endowment.loc[diversity.index])
    assert rho > 0.4 and p_value < 1e-3


def test_regions_enter_activities_related_to_what_they_already_do(world):
    """Relatedness density predicts entry between the first and the last year."""
    first, last = _presence(world, 2014), _presence(world, 2023)
    codes = first.columns.intersection(last.columns)
    first, last = first.loc[:, codes], last.loc[first.index, codes]
    proximity = _proximity(first).to_numpy().copy()
    np.fill_diagonal(proximity, 0.0)
    density = first.to_numpy() @ proximity / proximity.sum(axis=0)
    absent = first.to_numpy() == 0
    entered = (last.to_numpy() == 1) & absent
    assert entered.sum() > 20
    assert density[entered].mean() > 1.2 * density[absent & ~entered].mean()


def test_region_sizes_are_heavy_tailed(world):
    population = world.regions.loc[world.regions["level"] == 3, "population"]
    assert population.max() / population.median() > 5
    assert stats.skew(population) > 2


def test_firm_sizes_are_heavy_tailed(world):
    firms = world.organisations[world.organisations["type"].isin(["sme", "large_company"])][
        "employees"
    ].sort_values()
    assert (firms < 10).mean() > 0.5  # most firms are micro firms
    top = firms.iloc[-max(1, len(firms) // 100) :].sum()
    assert top / firms.sum() > 0.3  # the top 1% employ a large share
    large = firms[firms >= 250].to_numpy(dtype=float)
    hill = 1.0 / np.mean(np.log(large / 250.0))  # Hill estimator of the Pareto tail index
    assert 0.6 < hill < 1.6


def test_patent_shares_sum_to_one_per_application(world):
    patents = world.patents
    weight = (patents["region_share"] * patents["class_share"]).groupby(patents["appln_id"]).sum()
    assert np.allclose(weight, 1.0)
    regions = (
        patents.drop_duplicates(["appln_id", "region"]).groupby("appln_id")["region_share"].sum()
    )
    classes = (
        patents.drop_duplicates(["appln_id", "tech_class"]).groupby("appln_id")["class_share"].sum()
    )
    assert np.allclose(regions, 1.0) and np.allclose(classes, 1.0)
    assert (patents.groupby("appln_id")["region"].nunique() > 1).mean() > 0.1


def test_regions_patent_in_the_fields_of_their_activities(world, truth):
    """Regions with more complex activities file more patents per head."""
    patents = world.patents
    counts = (patents["region_share"] * patents["class_share"]).groupby(patents["region"]).sum()
    population = world.regions.set_index("code")["population"]
    intensity = (counts / population.loc[counts.index]).sort_index()
    rho, p_value = stats.spearmanr(intensity, truth.region_endowment.loc[intensity.index])
    # Co-inventors spill applications over to neighbouring regions, which blurs the link.
    assert rho > 0.25 and p_value < 0.05
    table = pd.crosstab(patents["region"], patents["tech_class"])
    _, p_value, _, _ = stats.chi2_contingency(table)
    assert p_value < 1e-20  # regions differ in what they patent
