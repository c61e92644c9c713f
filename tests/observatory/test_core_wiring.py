"""The observatory stores what the analytics core computes: peers, roll-ups, patents, membership."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from django.template.defaultfilters import floatformat

from clustera import analytics
from clustera.observatory import computing, models, selectors, services
from clustera.observatory.generated_world import VERSION
from clustera.registry.models import Organisation, Region
from clustera.registry.selectors import map_regions
from clustera.synth import generate_world


def test_syn_patents_are_the_hand_computed_fractional_counts():
    world = generate_world(seed=7, scale="small")
    frames = {info.code: frame for frame, info in services._world_frames(world)}
    patents = world.patents
    # The counting the observatory did by hand before it called clustera.aggregation.
    expected = (
        patents.assign(value=patents["region_share"] * patents["class_share"])
        .groupby(["region", "tech_class", "year"], as_index=False)["value"]
        .sum()
        .rename(columns={"tech_class": "category"})
    )
    merged = expected.merge(
        frames["SYN-PATENTS"], on=["region", "category", "year"], how="outer", indicator=True
    )
    assert (merged["_merge"] == "both").all() and len(merged) == len(expected)
    np.testing.assert_allclose(merged["value_y"], merged["value_x"], rtol=1e-12, atol=1e-12)


def test_syn_patents_are_identical_on_every_load():
    world = generate_world(seed=7, scale="small")
    first = dict((info.code, frame) for frame, info in services._world_frames(world))
    again = dict((info.code, frame) for frame, info in services._world_frames(world))
    pd.testing.assert_frame_equal(first["SYN-PATENTS"], again["SYN-PATENTS"], check_exact=True)


def test_stored_peers_are_the_core_peers_unrounded(world):
    result = models.IndicatorResult.objects.get(dataset=world["employment"], level=2)
    panel = computing.dataset_panel(world["employment"], 2)
    lq = analytics.location_quotient(panel).loc[result.last_year]
    expected = analytics.peer_regions(lq, int(result.parameters["peers"]))
    stored = {
        code: peers
        for code, peers in models.RegionIndicator.objects.filter(
            result=result, year=result.last_year
        ).values_list("region__code", "peers")
    }
    first = expected["region"].iloc[0]
    rows = expected[expected["region"] == first]
    assert [peer for peer, _ in stored[first]] == rows["peer"].tolist()
    assert [value for _, value in stored[first]] == rows["similarity"].tolist()
    # Full precision is stored; only the templates round.
    values = [value for peers in stored.values() for _, value in peers]
    assert any(value != round(value, 6) for value in values)


def test_region_page_rounds_peer_similarity_for_display(client, world):
    result = models.IndicatorResult.objects.get(dataset=world["employment"], level=2)
    row = models.RegionIndicator.objects.filter(result=result, year=result.last_year).first()
    _, similarity = (row.peers if isinstance(row.peers, list) else json.loads(row.peers))[0]
    page = client.get(f"/observatory/regions/{row.region.code}/").content.decode()
    assert f"<td>{floatformat(similarity, '3g')}</td>" in page
    assert repr(similarity) not in page


def test_dataset_panel_sums_the_finer_regions_up_the_parent_links(world):
    panel = computing.dataset_panel(world["employment"], 1)
    frame = world["world"].employment
    last = frame[frame["year"] == frame["year"].max()]
    parents = dict(
        Region.objects.filter(nuts_version=VERSION, level=2).values_list("code", "parent__code")
    )
    expected = last.assign(parent=last["region"].map(parents)).groupby("parent")["value"].sum()
    totals = panel.loc[int(frame["year"].max())].sum(axis=1)
    assert totals.to_dict() == pytest.approx(expected.to_dict())


def test_region_membership_follows_parent_links_not_code_prefixes(world):
    south = Region.objects.get(nuts_version=VERSION, code="GA1")
    # A child whose code does not start with its parent's, and a look-alike elsewhere.
    inside = Region.objects.create(
        code="ZZ9", nuts_version=VERSION, level=2, name="Enclave", parent=south, country="GA"
    )
    other = Region.objects.get(nuts_version=VERSION, code="GB1")
    outside = Region.objects.create(
        code="GA1999", nuts_version=VERSION, level=2, name="Look-alike", parent=other, country="GB"
    )
    for key, region in (("IN", inside), ("OUT", outside)):
        Organisation.objects.create(
            key=f"GEN-membership-{key}",
            name=f"Membership {key}",
            type="cluster",
            region=region,
            country=region.country,
            is_public=True,
        )
    names = {o["name"] for o in selectors.region_profile(south)["clusters"]}
    assert "Membership IN" in names and "Membership OUT" not in names
    assert inside.pk in selectors.regions_within(south)
    assert outside.pk not in selectors.regions_within(south)
    # The registry's map counts by the same rule.
    before = {
        f["properties"]["code"]: f["properties"]["organisations"]
        for f in map_regions(1, VERSION)["features"]
    }
    expected = Organisation.objects.filter(
        is_public=True, region_id__in=selectors.regions_within(south)
    ).count()
    assert before["GA1"] == expected
    direct = Organisation.objects.filter(is_public=True, region__parent=other).count()
    assert before["GB1"] == direct + Organisation.objects.filter(region=other).count()


def test_growth_is_the_core_compound_rate_and_none_where_undefined():
    assert selectors._growth(100.0, 121.0, 2) == pytest.approx(0.1)
    assert selectors._growth(0.0, 5.0, 2) is None and selectors._growth(None, 5.0, 2) is None
