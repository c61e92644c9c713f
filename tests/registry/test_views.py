"""The registry's pages: directory facets and search, profiles, who sees contacts, who may edit."""

from __future__ import annotations

import pytest

from clustera.registry import models

pytestmark = pytest.mark.django_db


def test_home_counts_public_organisations(client, registry):
    page = client.get("/").content.decode()
    assert "Cluster organisation" in page and ">2<" in page.replace(" ", "")


def test_directory_lists_facets_with_counts_and_filters(client, registry):
    response = client.get("/directory/")
    assert response.status_code == 200
    facets = {f.name: {v.value: v.count for v in f.values} for f in response.context["facets"]}
    assert facets["type"] == {"cluster": 1, "sme": 1}
    assert facets["nace"] == {"C26": 2, "C27": 1}
    assert facets["technology"] == {"KET2": 2, "KET1": 1}
    filtered = client.get("/directory/?technology=KET1")
    assert [o.key for o in filtered.context["page"]] == ["ORG2"]
    # facets of other dimensions follow the filter; its own facet still offers the alternatives
    facets = {f.name: {v.value: v.count for v in f.values} for f in filtered.context["facets"]}
    assert facets["type"] == {"sme": 1} and facets["technology"] == {"KET2": 2, "KET1": 1}


def test_directory_search_and_htmx_partial(client, registry):
    response = client.get("/directory/?q=optics", HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "Lumen Optics" in body and "Photon Valley" not in body and "<html" not in body


def test_private_profile_hidden_from_anonymous(client, registry):
    assert client.get(f"/organisations/{registry['ORG3'].pk}/").status_code == 404
    assert "Hidden Works" not in client.get("/directory/").content.decode()


@pytest.mark.parametrize(
    ("role", "sees_contacts"),
    [(None, False), ("plain", False), ("orgadmin", True), ("editor", True)],
)
def test_contacts_only_for_members_and_editors(client, registry, users, role, sees_contacts):
    if role:
        client.force_login(users[role])
    body = client.get(f"/organisations/{registry['ORG2'].pk}/").content.decode()
    assert ("ada@lumen.example" in body) is sees_contacts


@pytest.mark.parametrize(("role", "status"), [("plain", 403), ("orgadmin", 302), ("editor", 302)])
def test_profile_edit_permissions(client, registry, users, role, status):
    client.force_login(users[role])
    organisation = registry["ORG2"]
    response = client.post(
        f"/organisations/{organisation.pk}/edit/",
        {
            "name": "Lumen Optics AG",
            "description": "d",
            "website": "https://lumen.example",
            "city": "Port City",
            "size_class": "micro",
            "is_public": "on",
        },
    )
    assert response.status_code == status
    organisation.refresh_from_db()
    assert (organisation.name == "Lumen Optics AG") is (status == 302)


def test_anonymous_edit_redirects_to_login(client, registry):
    response = client.get(f"/organisations/{registry['ORG2'].pk}/edit/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_offer_form_publishes_for_org_admin(client, registry, users):
    client.force_login(users["orgadmin"])
    url = f"/organisations/{registry['ORG2'].pk}/offers/new/"
    assert (
        client.post(url, {"kind": "business_request", "title": "Need a distributor"}).status_code
        == 302
    )
    assert models.Offer.objects.get(organisation=registry["ORG2"]).title == "Need a distributor"


def test_map_data_has_regions_and_points(client, registry):
    models.Region.objects.filter(code="XA111").update(
        geometry='{"type":"Polygon","coordinates":[[[10,50],[11,50],[11,51],[10,51],[10,50]]]}'
    )
    data = client.get("/map/data.json?level=3").json()
    assert data["regions"]["features"][0]["properties"] == {
        "code": "XA111",
        "name": "Port City",
        "organisations": 2,
    }
    assert [p["name"] for p in data["points"]] == ["Photon Valley Cluster"]
    assert client.get("/map/data.json?level=9").status_code == 400
    assert "leaflet.js" in client.get("/map/").content.decode()


def test_profile_edit_page_refuses_what_the_service_refuses_naming_the_field(
    client, registry, users
):
    # Django's URL field takes ftp://; the registry's schema (applied by the service, as
    # for the API) accepts only http(s) addresses: the page must refuse it too.
    client.force_login(users["orgadmin"])
    organisation = registry["ORG2"]
    response = client.post(
        f"/organisations/{organisation.pk}/edit/",
        {"name": "Lumen Optics AG", "website": "ftp://files.lumen.example", "is_public": "on"},
    )
    assert response.status_code == 422
    assert response.context["form"].errors["website"] == ["expected an http(s) address"]
    organisation.refresh_from_db()
    assert organisation.name == "Lumen Optics" and organisation.website == ""


def test_profile_edit_page_replaces_technologies_through_the_service(client, registry, users):
    client.force_login(users["orgadmin"])
    organisation = registry["ORG2"]
    ket1 = models.Technology.objects.get(code="KET1")
    response = client.post(
        f"/organisations/{organisation.pk}/edit/",
        {"name": "Lumen Optics", "technologies": [f"KET:{ket1.code}"], "is_public": "on"},
    )
    assert response.status_code == 302
    assert list(organisation.technologies.values_list("code", flat=True)) == ["KET1"]


def test_map_points_name_their_type_in_the_readers_language(client, registry):
    from django.utils import translation

    with translation.override("fr"):
        french = str(dict(models.OrganisationType.choices)["cluster"])
    english = str(dict(models.OrganisationType.choices)["cluster"])
    assert french != english
    assert client.get("/map/data.json").json()["points"][0]["type_label"] == english
    assert client.get("/fr/map/data.json").json()["points"][0]["type_label"] == french
    # the map page's script uses it, and the page names the markers the maps draw
    page = client.get("/map/").content.decode()
    assert "orange circles" in page and "blue squares" in page
