"""The registry API through the test client: filters, pages, visibility, permissions, exports."""

from __future__ import annotations

import io
import json

import pyarrow.parquet as pq
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from clustera.registry import models

pytestmark = pytest.mark.django_db


def test_list_returns_count_and_items_of_public_organisations_only(client, registry):
    body = client.get("/api/organisations").json()
    assert body["count"] == 2
    assert {o["key"] for o in body["items"]} == {"ORG1", "ORG2"}


def test_filters_by_type_country_region_nace_and_text(client, registry):
    assert [o["key"] for o in client.get("/api/organisations?type=cluster").json()["items"]] == [
        "ORG1"
    ]
    assert client.get("/api/organisations?country=XA&region=XA1").json()["count"] == 2
    assert client.get("/api/organisations?country=XB").json()["count"] == 0
    assert [o["key"] for o in client.get("/api/organisations?nace=C27").json()["items"]] == ["ORG2"]
    assert [o["key"] for o in client.get("/api/organisations?q=laser").json()["items"]] == ["ORG2"]
    assert [o["key"] for o in client.get("/api/organisations?q=photon").json()["items"]] == ["ORG1"]
    assert [
        o["key"] for o in client.get("/api/organisations?cluster_label=gold").json()["items"]
    ] == ["ORG1"]


def test_pagination_and_its_bounds(client, registry):
    page = client.get("/api/organisations?limit=1&offset=1").json()
    assert page["count"] == 2 and len(page["items"]) == 1
    assert client.get("/api/organisations?limit=0").status_code == 422
    assert client.get("/api/organisations?limit=501").status_code == 422
    assert client.get("/api/organisations?offset=-1").status_code == 422


def test_item_shows_codes_and_cluster_profile(client, registry):
    item = client.get(f"/api/organisations/{registry['ORG1'].pk}").json()
    assert item["region"] == "XA111" and item["cluster_profile"]["label"] == "gold"
    assert [t["code"] for t in item["technologies"]] == ["KET2"]


def test_private_organisation_is_404_for_anonymous_and_visible_to_its_member(
    client, registry, bearer
):
    url = f"/api/organisations/{registry['ORG3'].pk}"
    assert client.get(url).status_code == 404
    assert client.get(url, **bearer("plain")).status_code == 404
    assert client.get(url, **bearer("member")).json()["key"] == "ORG3"
    assert client.get(url, **bearer("editor")).status_code == 200


def test_invalid_bearer_token_is_refused(client, registry):
    response = client.get("/api/organisations", HTTP_AUTHORIZATION="Bearer cl_not-a-token")
    assert response.status_code == 401


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (None, 401),
        ("plain", 403),
        ("member", 403),
        ("orgadmin", 200),
        ("editor", 200),
        ("root", 200),
    ],
)
def test_only_the_organisations_admins_and_editors_may_patch(
    client, registry, bearer, role, status
):
    headers = bearer(role) if role else {}
    response = client.patch(
        f"/api/organisations/{registry['ORG2'].pk}",
        data={"name": "Renamed"},
        content_type="application/json",
        **headers,
    )
    assert response.status_code == status
    expected = "Renamed" if status == 200 else "Lumen Optics"
    assert models.Organisation.objects.get(key="ORG2").name == expected


def test_org_admin_cannot_edit_another_organisation(client, registry, bearer):
    response = client.patch(
        f"/api/organisations/{registry['ORG1'].pk}",
        data={"name": "X"},
        content_type="application/json",
        **bearer("orgadmin"),
    )
    assert response.status_code == 403


def test_patch_validates_codes_and_reports_the_value(client, registry, bearer):
    response = client.patch(
        f"/api/organisations/{registry['ORG2'].pk}",
        data={"technologies": ["NOPE"]},
        content_type="application/json",
        **bearer("orgadmin"),
    )
    assert response.status_code == 422 and "NOPE" in response.json()["detail"]
    assert sorted(
        models.Organisation.objects.get(key="ORG2").technologies.values_list("code", flat=True)
    ) == ["KET1", "KET2"]


def test_session_writes_need_csrf(registry, users):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(users["orgadmin"])
    response = client.patch(
        f"/api/organisations/{registry['ORG2'].pk}",
        data={"name": "X"},
        content_type="application/json",
    )
    assert response.status_code == 403


@pytest.mark.parametrize(("role", "status"), [("orgadmin", 403), ("editor", 201)])
def test_create_and_delete_are_for_editors(client, registry, bearer, role, status):
    payload = {"key": "NEW1", "name": "New Co", "type": "sme", "country": "XA", "region": "XA111"}
    response = client.post(
        "/api/organisations", data=payload, content_type="application/json", **bearer(role)
    )
    assert response.status_code == status
    if status == 201:
        created = response.json()
        assert created["region"] == "XA111"
        assert (
            client.delete(f"/api/organisations/{created['id']}", **bearer("plain")).status_code
            == 403
        )
        assert (
            client.delete(f"/api/organisations/{created['id']}", **bearer("editor")).status_code
            == 204
        )
        assert not models.Organisation.objects.filter(key="NEW1").exists()


def test_offer_publication_by_org_admin(client, registry, bearer):
    url = f"/api/organisations/{registry['ORG2'].pk}/offers"
    response = client.post(
        url,
        data={"kind": "technology_offer", "title": "Laser cutting know-how"},
        content_type="application/json",
        **bearer("orgadmin"),
    )
    assert response.status_code == 201
    assert client.get(url).json()["items"][0]["title"] == "Laser cutting know-how"
    bad = client.post(
        url,
        data={"kind": "gift", "title": "x"},
        content_type="application/json",
        **bearer("orgadmin"),
    )
    assert bad.status_code == 422


def test_regions_and_taxonomies(client, registry):
    regions = client.get("/api/regions?level=3").json()
    assert regions["items"][0]["code"] == "XA111" and regions["items"][0]["parent"] == "XA11"
    terms = client.get("/api/taxonomies/activities?parent=C").json()
    assert [t["code"] for t in terms["items"]] == ["C26", "C27"]


def test_exports_csv_json_parquet_without_private_rows(client, registry):
    csv_text = client.get("/api/export/organisations.csv").content.decode()
    assert csv_text.splitlines()[0].startswith("id,name,type")
    assert "ORG2" in csv_text and "ORG3" not in csv_text
    document = json.loads(client.get("/api/export/organisations.json").content)
    assert [o["id"] for o in document["organisations"]] == ["ORG1", "ORG2"]
    table = pq.read_table(io.BytesIO(client.get("/api/export/organisations.parquet").content))
    assert table.column("id").to_pylist() == ["ORG1", "ORG2"]
    assert client.get("/api/export/organisations.csv?type=sme").content.decode().count("\n") == 2


def test_openapi_and_local_swagger_ui(client):
    spec = client.get("/api/openapi.json").json()
    assert spec["openapi"].startswith("3.") and "/api/organisations" in spec["paths"]
    page = client.get("/api/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in page and "cdn" not in page.lower()


def test_list_query_count_does_not_grow_with_results(client, registry):
    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/api/organisations?limit=100").status_code == 200
        return len(ctx)

    before = queries()
    for n in range(20):
        organisation = models.Organisation.objects.create(
            key=f"X{n}", name=f"X{n}", type="sme", country="XA"
        )
        organisation.technologies.set(models.Technology.objects.all())
    assert queries() == before


def test_activity_filter_includes_the_codes_below(client, registry):
    # C is the section above C26 and C27 in the fixture's NACE2 list
    assert client.get("/api/organisations?nace=C").json()["count"] == 2
    assert client.get("/api/organisations?nace=NACE2:C27").json()["count"] == 1
    assert client.get("/api/organisations?nace=C99").json()["count"] == 0


def test_cluster_members_hide_private_members_from_anonymous(client, registry, bearer):
    url = f"/api/clusters/{registry['ORG1'].pk}/members"
    assert [m["name"] for m in client.get(url).json()["items"]] == ["Lumen Optics"]
    assert {m["name"] for m in client.get(url, **bearer("editor")).json()["items"]} == {
        "Lumen Optics",
        "Hidden Works",
    }


def test_projects_list_with_participants(client, registry):
    project = models.Project.objects.create(
        key="P1", title="Pilot", programme="INDUSTRY", start_year=2020
    )
    models.Participation.objects.create(
        project=project, organisation=registry["ORG1"], role="coordinator"
    )
    body = client.get(f"/api/projects?organisation={registry['ORG1'].pk}").json()
    assert body["count"] == 1 and body["items"][0]["participants"] == [registry["ORG1"].pk]
    assert client.get("/api/projects?year=1999").json()["count"] == 0
