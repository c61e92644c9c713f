"""Partner suggestions and the technology-centre finder over the synthetic world: API and pages."""

from __future__ import annotations

import pandas as pd
import pytest

from clustera.accounts.models import OrganisationMembership
from clustera.registry import models

pytestmark = pytest.mark.django_db


def test_partner_suggestions_are_public_ranked_and_explained(client, world):
    anchor = world["anchor"]
    body = client.get(f"/api/match/partners?organisation={anchor.pk}&k=8").json()
    items = body["items"]
    assert 1 <= len(items) <= 8
    assert [i["rank"] for i in items] == sorted(i["rank"] for i in items)
    assert all(i["reasons"] for i in items)
    assert anchor.pk not in {i["organisation"] for i in items}
    public = set(models.Organisation.objects.filter(is_public=True).values_list("pk", flat=True))
    assert {i["organisation"] for i in items} <= public


def test_private_profiles_are_never_suggested(client, world):
    anchor = world["anchor"]
    first = client.get(f"/api/match/partners?organisation={anchor.pk}&k=5").json()["items"]
    hidden = first[0]["organisation"]
    models.Organisation.objects.filter(pk=hidden).update(is_public=False)
    try:
        again = client.get(f"/api/match/partners?organisation={anchor.pk}&k=5").json()["items"]
        assert hidden not in {i["organisation"] for i in again}
    finally:
        models.Organisation.objects.filter(pk=hidden).update(is_public=True)


@pytest.mark.parametrize(
    ("query", "status", "words"),
    [
        ("organisation=999999", 404, "999999"),
        ("organisation={anchor}&k=0", 422, ""),
        ("organisation={anchor}&k=101", 422, ""),
        ("organisation={anchor}&context=No such call", 422, "No such call"),
    ],
)
def test_bad_partner_queries_give_a_clear_4xx(client, world, query, status, words):
    response = client.get("/api/match/partners?" + query.format(anchor=world["anchor"].pk))
    assert response.status_code == status
    assert words in response.content.decode()


def test_an_empty_profile_still_gets_suggestions(client, world):
    newcomer = models.Organisation.objects.create(
        key="NEW-EMPTY",
        name="Newcomer",
        type="sme",
        country=world["anchor"].country,
        region=world["anchor"].region,
    )
    items = client.get(f"/api/match/partners?organisation={newcomer.pk}&k=5").json()["items"]
    assert len(items) == 5


def test_centre_finder_serves_the_need_with_distance(client, world):
    service = models.Service.objects.filter(
        organisation__is_public=True, technology__isnull=False
    ).first()
    region = service.organisation.region
    trl = service.trl_min
    body = client.get(
        f"/api/match/technology-centres?technology={service.technology.code}&trl={trl}"
        f"&region={region.code}&k=10"
    ).json()
    assert body["items"], "no centre found for an offered technology"
    assert service.organisation_id in {c["organisation"] for c in body["items"]}
    for centre in body["items"]:
        assert all(s["trl_min"] <= trl <= s["trl_max"] for s in centre["services"])
    nearest = min(
        body["items"], key=lambda c: c["distance_km"] if c["distance_km"] is not None else 1e9
    )
    assert nearest["distance_km"] is not None and nearest["distance_km"] >= 0


def test_reasons_name_technologies_not_codes(client, world):
    anchor = world["anchor"]
    items = client.get(f"/api/match/partners?organisation={anchor.pk}&k=100").json()["items"]
    technology_reasons = [r for i in items for r in i["reasons"] if " of your technolog" in r]
    assert technology_reasons, "no suggestion shares a technology with the anchor"
    names = set(models.Technology.objects.values_list("name", flat=True))
    codes = set(models.Technology.objects.values_list("code", flat=True))
    for reason in technology_reasons:
        shown = reason[reason.index("(") + 1 : reason.rindex(")")].split(", ")
        assert set(shown) <= names and not set(shown) & codes, reason


def test_organisations_carry_the_s3_priorities_of_their_clusters(world):
    from clustera.partnering import selectors

    link = (
        models.ClusterMembership.objects.filter(
            cluster__cluster_profile__s3_priorities__isnull=False
        )
        .select_related("cluster__cluster_profile")
        .first()
    )
    assert link is not None, "no cluster with S3 priorities and members in the test world"
    codes = set(link.cluster.cluster_profile.s3_priorities.values_list("code", flat=True))
    profiles = selectors.organisation_profiles()
    assert codes <= set(profiles.loc[link.member_id, "s3_priorities"])
    assert codes <= set(profiles.loc[link.cluster_id, "s3_priorities"])
    assert (
        set(selectors.organisation_profiles(only=link.member_id).iloc[0]["s3_priorities"]) >= codes
    )
    names = selectors.term_names()
    assert all(names[code] for code in codes)


def test_a_cross_border_preference_lowers_same_country_partners(client, world):
    anchor = world["anchor"]
    url = f"/api/match/partners?organisation={anchor.pk}&k=100"
    plain = {i["organisation"]: i for i in client.get(url).json()["items"]}
    abroad = {
        i["organisation"]: i for i in client.get(url + "&prefer=cross-border").json()["items"]
    }
    both = set(plain) & set(abroad)
    assert both
    for pk in both:
        expected = plain[pk]["score"] - (1.0 if plain[pk]["country"] == anchor.country else 0.0)
        assert abroad[pk]["score"] == pytest.approx(expected)
    assert client.get(url + "&prefer=abroad").status_code == 422
    page = client.get(f"/partners/?organisation={anchor.pk}&prefer=cross-region").content.decode()
    assert "In other regions (interregional)" in page and "<li><h3>" in page


def test_centre_finder_understands_everyday_words(client, world):
    service = models.Service.objects.filter(
        organisation__is_public=True, technology__name="Additive manufacturing"
    ).first()
    assert service is not None, "the synthetic world has no additive-manufacturing service"
    body = client.get("/api/match/technology-centres?text=3D+printing&k=20").json()
    assert service.organisation_id in {c["organisation"] for c in body["items"]}


def test_complementarity_uses_relatedness_from_the_employment_data(world):
    from clustera import analytics
    from clustera.observatory.models import Dataset, Observation
    from clustera.partnering import model_store, selectors, services

    assert selectors.activity_relatedness() is None  # the test world has no datasets
    a, b, c = (
        models.Activity.objects.filter(organisations__isnull=False)
        .distinct()
        .order_by("code")
        .values_list("code", flat=True)[:3]
    )
    finest = models.Region.objects.order_by("-level").values_list("level", flat=True).first()
    regions = list(models.Region.objects.filter(level=finest).order_by("code")[:3])
    dataset = Dataset.objects.create(
        code="test-employment",
        kind="employment",
        dimension="activity",
        scheme="SYN-NACE",
        nuts_version="SYN",
        source="test",
        title="employment",
        unit="persons",
    )
    # RCA >= 1: a in regions 0 and 1, b in all three, c in region 2 only
    counts = {(0, a): 10, (0, b): 10, (1, a): 10, (1, b): 10, (2, b): 10, (2, c): 10}
    Observation.objects.bulk_create(
        Observation(dataset=dataset, region=regions[r], category=code, year=2020, value=value)
        for (r, code), value in counts.items()
    )
    table = selectors.activity_relatedness()
    # Hidalgo's proximity: a and b share 2 regions, b is in 3: 2/3; b and c: 1/3; a and c: none
    assert table.loc[a, b] == pytest.approx(2 / 3) and table.loc[b, c] == pytest.approx(1 / 3)
    assert table.loc[a, c] == 0.0 and table.loc[a, a] == 0.0
    assert analytics.relatedness(
        pd.DataFrame([[10, 10, 0], [10, 10, 0], [0, 10, 10]], columns=[a, b, c])
    ).loc[a, b] == pytest.approx(2 / 3)
    services.refit()
    assert model_store.recommender().relatedness.loc[a, b] == pytest.approx(2 / 3)


def test_empty_need_and_unknown_region_are_422(client, world):
    assert client.get("/api/match/technology-centres").status_code == 422
    response = client.get("/api/match/technology-centres?text=laser&region=ZZ99")
    assert response.status_code == 422 and "ZZ99" in response.content.decode()


def test_pages_show_suggestions_and_centres(client, world, django_user_model):
    anchor = world["anchor"]
    user = django_user_model.objects.create_user("anchoradmin", password="pw-anchor-1")
    OrganisationMembership.objects.create(user=user, organisation=anchor, role="admin")
    client.force_login(user)
    assert "Suggested partners" in client.get(f"/organisations/{anchor.pk}/").content.decode()
    panel = client.get(f"/organisations/{anchor.pk}/suggestions/").content.decode()
    assert panel.count("<li><h3>") == 5
    page = client.get("/partners/").content.decode()
    assert anchor.name in page and "<li><h3>" in page
    # every suggestion's method is one click away: the features, their formulas, the figures
    assert "/observatory/methods/partner-suggestions/" in page
    method = client.get("/observatory/methods/partner-suggestions/").content.decode()
    assert "Adamic-Adar" in method and "hits@10" in method and "<h2>Sources</h2>" not in method
    technology = models.Service.objects.filter(technology__isnull=False).first().technology
    finder = client.get(
        f"/technology-centres/finder/?technology={technology.code}"
    ).content.decode()
    assert " km" in finder or "<li><h3>" in finder
    other = models.Organisation.objects.exclude(pk=anchor.pk).first()
    assert client.get(f"/organisations/{other.pk}/suggestions/").status_code == 404


def test_offers_and_requests_are_matched_to_complementary_kinds(client, world):
    offer = models.Offer.objects.filter(
        kind="technology_offer", organisation__is_public=True
    ).first()
    body = client.get(f"/api/match/offers?offer={offer.pk}&k=5").json()
    assert body["items"], "a technology offer found no answer"
    kinds = {i["kind"] for i in body["items"]}
    assert kinds <= {"technology_request", "rd_request"}
    assert offer.organisation_id not in {i["organisation"] for i in body["items"]}
    assert client.get("/api/match/offers?offer=999999").status_code == 404
    page = client.get(f"/organisations/{offer.organisation_id}/").content.decode()
    assert "Who answers these offers and requests" in page


def test_offer_answers_follow_an_offer_edited_in_place(client, world):
    offer = models.Offer.objects.filter(
        kind="technology_offer", organisation__is_public=True
    ).first()
    request = (
        models.Offer.objects.filter(kind="technology_request", organisation__is_public=True)
        .exclude(organisation=offer.organisation)
        .first()
    )
    client.get(f"/api/match/offers?offer={offer.pk}&k=50")  # fills the cache
    models.Offer.objects.filter(pk=request.pk).update(
        title="Zyxwvut quasar lathe", description="zyxwvut quasar lathe calibration"
    )
    models.Offer.objects.filter(pk=offer.pk).update(
        title="Zyxwvut quasar lathe", description="zyxwvut quasar lathe calibration"
    )
    items = client.get(f"/api/match/offers?offer={offer.pk}&k=5").json()["items"]
    assert items[0]["offer"] == request.pk


def test_a_model_stored_by_an_older_version_is_refitted_not_used(world, settings):
    import pickle

    from clustera.matching import PartnerRecommender
    from clustera.partnering import model_store

    path = model_store.model_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as out:  # session 1's layout: no "format"
        pickle.dump({"fingerprint": "old", "recommender": "not a recommender"}, out)
    model_store._Fitted.loaded_mtime = 0.0
    model_store._Fitted.refit_requested = ""

    fitted = model_store.recommender()  # tasks run immediately in the tests: refitted at once

    assert isinstance(fitted, PartnerRecommender)
    with path.open("rb") as stored:
        assert pickle.load(stored)["format"] == model_store.MODEL_FORMAT


def test_the_offer_answers_panel_links_the_answers(client, world):
    offer = models.Offer.objects.filter(
        kind="technology_offer", organisation__is_public=True
    ).first()
    panel = client.get(f"/organisations/{offer.organisation_id}/offer-answers/").content.decode()
    assert f"<strong>{offer.title}</strong>" in panel
    assert f"/api/match/offers?offer={offer.pk}" in panel and "/organisations/" in panel
