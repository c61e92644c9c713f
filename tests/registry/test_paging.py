"""Long lists at scale: keyset pages, capped counts, a capped search, bounded query counts.

Runs on SQLite and on PostgreSQL (``CLUSTERA_DATABASE_URL=postgres://...``): the keyset
condition, the capped count and the search's limit are written per database.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from clustera.registry import models, paging, search
from clustera.registry.selectors import DirectoryFilters, organisations

pytestmark = pytest.mark.django_db

NAMES = 12  # 60 organisations share 12 names: five of each, so ties are the rule


@pytest.fixture
def crowd(db):
    """60 organisations, names in ties, one in four private; 'widget' in every description."""
    models.Organisation.objects.bulk_create(
        models.Organisation(
            key=f"C{i:03d}",
            name=f"Widget works {i % NAMES:02d}" if i % NAMES == 0 else f"Firm {i % NAMES:02d}",
            type="sme",
            country="XA",
            description=f"Makes widget parts, batch {i}",
            is_public=i % 4 != 1,
        )
        for i in range(60)
    )
    return models.Organisation.objects.all()


def _public_in_order() -> list[int]:
    rows = models.Organisation.objects.filter(is_public=True).order_by("name", "id")
    return list(rows.values_list("id", flat=True))


def _walk(client, url: str, **headers) -> list[int]:
    """Every id of a list, following ``next`` links from ``url`` (bounded)."""
    seen: list[int] = []
    for _ in range(100):
        body = client.get(url, **headers).json()
        seen += [item["id"] for item in body["items"]]
        if not body["next"]:
            return seen
        url = body["next"]
    raise AssertionError("next links never ended")


def test_keyset_pages_cover_every_public_organisation_once_in_a_stable_order(client, crowd):
    seen = _walk(client, "/api/organisations?limit=7")
    assert seen == _public_in_order()  # each exactly once, in (name, id) order despite ties
    assert len(seen) == 45
    private = set(models.Organisation.objects.filter(is_public=False).values_list("id", flat=True))
    assert not private & set(seen)


def test_next_links_use_the_cursor_and_keep_the_filters(client, crowd):
    body = client.get("/api/organisations?limit=5&type=sme&offset=3").json()
    last = body["items"][-1]["id"]
    assert body["next"] == f"/api/organisations?limit=5&type=sme&after={last}"
    following = client.get(body["next"]).json()
    order = _public_in_order()
    assert [o["id"] for o in following["items"]] == order[order.index(last) + 1 :][:5]
    end = client.get(f"/api/organisations?after={order[-1]}").json()
    assert end["items"] == [] and end["next"] is None and end["count"] == 45


def test_a_member_pages_through_their_private_organisation_once(client, crowd, users):
    private = models.Organisation.objects.filter(is_public=False, key__startswith="C").first()
    users["member"].organisation_memberships.create(organisation=private, role="member")
    client.force_login(users["member"])
    seen = _walk(client, "/api/organisations?limit=6")
    assert seen.count(private.pk) == 1
    assert len(seen) == len(set(seen))
    expected = organisations(users["member"], DirectoryFilters()).order_by("name", "id")
    assert seen == list(expected.values_list("id", flat=True))


def test_unknown_cursors_are_404_and_deep_offsets_422(client, crowd):
    private = models.Organisation.objects.filter(is_public=False).first()
    not_found = models.Organisation.objects.filter(is_public=True, name__startswith="Firm").first()
    for url in (
        f"/api/organisations?after={private.pk}",  # its place is not revealed
        "/api/organisations?after=999999",
        f"/api/organisations?after={not_found.pk}&q=works",  # not among the search's results
    ):
        response = client.get(url)
        assert response.status_code == 404, url
    assert client.get("/api/organisations?offset=10001").status_code == 422
    assert client.get("/api/organisations?offset=10000").status_code == 200
    assert client.get("/api/organisations?q=widget&region=NOWHERE").json()["count"] == 0


def test_counts_stop_at_the_cap_and_say_more(client, crowd, monkeypatch, settings):
    monkeypatch.setattr(paging, "COUNT_CAP", 10)
    settings.CLUSTERA_PAGE_SIZE = 3
    body = client.get("/api/organisations?limit=3").json()
    assert body["count"] == 10 and body["count_capped"] is True
    assert client.get("/api/organisations?type=cluster").json()["count_capped"] is False
    assert paging.capped_count(models.Organisation.objects.all()) == (10, True)
    assert paging.capped_count(models.Organisation.objects.all(), cap=100) == (60, False)
    page = client.get("/directory/?page=99").content.decode()
    assert "More than 10 organisations" in page
    assert "Pages stop after the first 10 organisations" in page
    assert "Page 4 of 4" in page  # page numbers stop at the capped count (10 rows, 3 a page)


def test_a_search_keeps_its_first_matches_ranked_and_says_so(client, crowd, monkeypatch):
    monkeypatch.setattr(search, "SEARCH_LIMIT", 8)
    everyone = models.Organisation.objects.all()
    found = search.search_organisations(everyone, "widget", limit=8)
    assert found.count() == 8
    unranked = search.search_organisations(everyone, "widget", False, limit=8)
    assert set(unranked.values_list("id", flat=True)) == set(found.values_list("id", flat=True))
    assert search.search_organisations(everyone, "widget").count() == 60  # no limit: all
    body = client.get("/api/organisations?q=widget&limit=5").json()
    assert body["count"] == 8 and body["count_capped"] is True
    assert body["next"] == f"/api/organisations?q=widget&limit=5&after={body['items'][-1]['id']}"
    rest = client.get(body["next"]).json()
    ids = [o["id"] for o in body["items"] + rest["items"]]
    assert len(ids) == len(set(ids)) == 8 and rest["next"] is None
    public = set(models.Organisation.objects.filter(is_public=True).values_list("id", flat=True))
    assert set(ids) <= public  # the limit applies after visibility: 8 visible matches
    page = client.get("/directory/?q=widget").content.decode()
    assert "Only the first 8 matches are ranked and shown" in page
    few = client.get("/api/organisations?q=works").json()
    assert few["count_capped"] is False
    assert all("Widget works" in o["name"] for o in few["items"])


def test_a_name_match_outranks_a_description_match_within_the_limit(crowd):
    visible = organisations(AnonymousUser(), DirectoryFilters(q="widget"))
    names = list(visible.values_list("name", flat=True))
    assert names and names[0].startswith("Widget works")


@pytest.mark.parametrize(
    ("url", "most"),
    [
        ("/api/organisations?limit=25", 6),
        ("/api/organisations?limit=25&offset=20", 6),
        ("/api/organisations?limit=25&after={after}", 7),
        ("/api/organisations?limit=25&q=widget", 7),
        ("/api/organisations?limit=5&q=widget&after={after}", 8),
        ("/directory/", 16),
        ("/directory/?page=2", 16),
        # SQLite runs the FTS match as a query of its own, once per facet
        ("/directory/?q=widget", 24),
    ],
)
def test_list_pages_take_a_fixed_number_of_queries(
    client, crowd, url, most, django_assert_max_num_queries
):
    after = _public_in_order()[10]
    with django_assert_max_num_queries(most):
        response = client.get(url.format(after=after))
    assert response.status_code == 200
