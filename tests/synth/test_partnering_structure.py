"""Clusters, services and projects have the structure partner matching relies on."""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import TfidfVectorizer

from .conftest import split

RESEARCH = {"rto", "technology_centre", "dih", "university", "science_park"}


def _closeness(truth, first: str, second: str) -> float:
    a, b = truth.activity_position.loc[first], truth.activity_position.loc[second]
    return float(np.exp(-((a["x"] - b["x"]) ** 2 + (a["y"] - b["y"]) ** 2) / 0.36))


def _primary(world) -> pd.Series:
    """Main activity of each organisation: its first listed leaf activity (skipping R&D codes)."""
    organisations = world.organisations.set_index("id")
    return organisations["nace"].map(lambda cell: split(cell)[-1] if cell else "")


def test_clusters_recruit_in_their_region(world):
    organisations = world.organisations.set_index("id")
    links = world.memberships.assign(
        cluster_region=lambda t: organisations.loc[t["cluster"], "region"].to_numpy(),
        member_region=lambda t: organisations.loc[t["member"], "region"].to_numpy(),
    )
    same_region = (links["cluster_region"] == links["member_region"]).mean()
    baseline = (organisations["region"].value_counts(normalize=True) ** 2).sum()
    assert same_region > 0.5 and same_region > 4 * baseline


def test_cluster_members_work_in_related_activities(world, truth):
    organisations = world.organisations.set_index("id")
    primary = _primary(world)
    rng = np.random.default_rng(0)
    member, random = [], []
    everyone = primary[primary != ""].index.to_numpy()
    for row in world.memberships.itertuples():
        cluster_leaves = split(organisations.at[row.cluster, "nace"])
        if primary[row.member]:
            member.append(
                max(_closeness(truth, leaf, primary[row.member]) for leaf in cluster_leaves)
            )
        other = primary[rng.choice(everyone)]
        random.append(max(_closeness(truth, leaf, other) for leaf in cluster_leaves))
    assert np.mean(member) > 2 * np.mean(random)


def test_services_are_in_their_provider_technologies(world):
    organisations = world.organisations.set_index("id")
    providers = organisations.loc[world.services["organisation"]]
    assert set(providers["type"]) <= {"technology_centre", "rto", "dih", "university"}
    for technology, owned in zip(world.services["technology"], providers["technologies"]):
        assert technology in split(owned)
    assert set(world.services["kind"]) == {"equipment", "service", "training"}
    providing = organisations[organisations["type"] == "technology_centre"].index
    assert set(providing) <= set(world.services["organisation"])


def test_offers_use_their_organisation_technologies_and_activities(world):
    organisations = world.organisations.set_index("id")
    for row in world.offers.itertuples():
        assert set(split(row.technologies)) <= set(
            split(organisations.at[row.organisation, "technologies"])
        )
        assert set(split(row.nace)) <= set(split(organisations.at[row.organisation, "nace"]))


def _pairs(world) -> pd.DataFrame:
    participants = world.participations[["project", "organisation"]]
    pairs = participants.merge(participants, on="project", suffixes=("_a", "_b"))
    return pairs[pairs["organisation_a"] < pairs["organisation_b"]]


def _random_pairs(world, count: int) -> pd.DataFrame:
    rng = np.random.default_rng(1)
    ids = world.organisations["id"].to_numpy()
    a, b = rng.choice(ids, count), rng.choice(ids, count)
    keep = a != b
    return pd.DataFrame({"organisation_a": a[keep], "organisation_b": b[keep]})


def _share_rate(world, pairs: pd.DataFrame, column: str, same) -> float:
    values = world.organisations.set_index("id")[column]
    return float(
        np.mean(
            [
                same(values[a], values[b])
                for a, b in zip(pairs["organisation_a"], pairs["organisation_b"])
            ]
        )
    )


def test_consortia_show_homophily_in_technology_and_place(world):
    pairs, random = _pairs(world), _random_pairs(world, 5000)

    def shares_technology(a: str, b: str) -> bool:
        return bool(set(split(a)) & set(split(b)) - {f"KET{i}" for i in range(1, 7)})

    assert _share_rate(world, pairs, "technologies", shares_technology) > 2 * _share_rate(
        world, random, "technologies", shares_technology
    )

    def same(a: str, b: str) -> bool:
        return a == b

    assert _share_rate(world, pairs, "country", same) > 1.3 * _share_rate(
        world, random, "country", same
    )


def test_consortia_combine_related_but_different_activities(world, truth):
    primary = _primary(world)
    pairs, random = _pairs(world), _random_pairs(world, 5000)

    def closeness(frame):
        values = [
            _closeness(truth, primary[a], primary[b])
            for a, b in zip(frame["organisation_a"], frame["organisation_b"])
            if primary[a] and primary[b]
        ]
        return np.array(values)

    inside, outside = closeness(pairs), closeness(random)
    assert inside.mean() > 1.5 * outside.mean()  # related
    identical = np.mean(
        [primary[a] == primary[b] for a, b in zip(pairs["organisation_a"], pairs["organisation_b"])]
    )
    assert identical < 0.25  # but mostly different


def test_consortia_mix_actor_types(world):
    types = world.organisations.set_index("id")["type"]
    per_project = world.participations.assign(
        type=types.loc[world.participations["organisation"]].to_numpy()
    )
    mixes = per_project.groupby("project")["type"].agg(set)
    assert (mixes.map(len) >= 2).mean() > 0.95
    assert mixes.map(lambda kinds: "sme" in kinds and bool(kinds & RESEARCH)).mean() > 0.85
    assert per_project.groupby("project").size().between(3, 16).all()


def test_descriptions_separate_activities_for_text_matching(world):
    """TF-IDF: descriptions of organisations with the same main activity are more alike."""
    firms = world.organisations[world.organisations["type"] == "sme"].head(600)
    primary = firms["nace"].map(lambda cell: split(cell)[0]).to_numpy()
    matrix = TfidfVectorizer(stop_words="english").fit_transform(firms["description"])
    similarity = (matrix @ matrix.T).toarray()
    same = primary[:, None] == primary[None, :]
    np.fill_diagonal(same, False)
    different = primary[:, None] != primary[None, :]
    assert similarity[same].mean() > 2 * similarity[different].mean()
