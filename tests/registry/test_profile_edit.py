"""Editing a profile with pickers: grouped, hierarchical choices that work without JavaScript,
location by map or numbers, a cluster's own part, and refusals that name the field."""

from __future__ import annotations

import logging

import pytest
from django.utils import timezone

from clustera.errors import InvalidInputError, UnknownCodeError
from clustera.registry import models, services

pytestmark = pytest.mark.django_db


def _post(client, organisation, **overrides):
    data = {"name": organisation.name, "is_public": "on", "nace": ["NACE2:C26"]}
    data.update(overrides)
    return client.post(f"/organisations/{organisation.pk}/edit/", data)


def test_the_pickers_are_grouped_hierarchical_lists_with_a_script_and_a_map(
    client, registry, users
):
    client.force_login(users["orgadmin"])
    page = client.get(f"/organisations/{registry['ORG2'].pk}/edit/").content.decode()
    # technologies grouped by scheme; NACE indented under its section, selected ones kept
    assert '<optgroup label="Key enabling technologies">' in page
    assert '<option value="KET:KET2" selected>Photonics</option>' in page
    assert '<option value="NACE2:C26" selected>\u2003C26 Computer and electronics</option>' in page
    # regions grouped by country and indented by level; languages as ISO codes
    assert '<option value="XA111" selected>\u2003\u2003\u2003XA111 Port City</option>' in page
    assert '<option value="en" selected>English</option>' in page
    assert "data-picker" in page and "clustera/picker.js" in page
    assert 'id="location-map"' in page and 'id="id_lat"' in page and "leaflet.js" in page


def test_saving_codes_region_languages_and_location(client, registry, users):
    client.force_login(users["orgadmin"])
    organisation = registry["ORG2"]
    response = _post(
        client,
        organisation,
        nace=["NACE2:C27"],
        technologies=["KET:KET1"],
        ecosystems=["EU14:ELEC"],
        languages=["fr", "de"],
        region="XA11",
        lat="48.5",
        lon="-2.25",
        founded="2001",
    )
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert [a.code for a in organisation.activities.all()] == ["C27"]
    assert [t.code for t in organisation.technologies.all()] == ["KET1"]
    assert [e.code for e in organisation.ecosystems.all()] == ["ELEC"]
    assert sorted(organisation.languages) == ["de", "fr"]
    assert organisation.region.code == "XA11"
    assert (organisation.lat, organisation.lon, organisation.founded) == (48.5, -2.25, 2001)
    # emptied fields are cleared (the form says so), not left as they were
    assert _post(client, organisation, region="", lat="", lon="").status_code == 302
    organisation.refresh_from_db()
    assert organisation.region is None and organisation.lat is None and organisation.lon is None


@pytest.mark.parametrize(
    ("overrides", "field", "words"),
    [
        ({"founded": "2999"}, "founded", "cannot be in the future"),
        ({"lat": "95"}, "lat", "90"),
        ({"lon": "-181"}, "lon", "180"),
        ({"nace": ["NACE2:Z99"]}, "nace", "not one of the available choices"),
        ({"region": "XZ9"}, "region", "not one of the available choices"),
        ({"languages": ["xx"]}, "languages", "not one of the available choices"),
    ],
)
def test_the_page_refuses_naming_the_field_and_writes_nothing(
    client, registry, users, overrides, field, words
):
    client.force_login(users["orgadmin"])
    organisation = registry["ORG2"]
    response = _post(client, organisation, name="Renamed", **overrides)
    assert response.status_code == 422
    errors = " ".join(response.context["form"].errors[field])
    assert words in errors
    label = str(response.context["form"].fields[field].label)
    assert f"{label}: " in response.content.decode()  # the message names the field
    organisation.refresh_from_db()
    assert organisation.name == "Lumen Optics"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"founded": timezone.localdate().year + 1}, "founded"),
        ({"lat": -90.5}, "lat"),
        ({"lon": 200}, "lon"),
        ({"languages": ["english"]}, "languages"),
        ({"region": "NOPE"}, "region"),
        ({"nace": ["C99"]}, "nace"),
        ({"ecosystems": ["XX"]}, "ecosystems"),
    ],
)
def test_the_service_refuses_naming_the_field_and_value(registry, changes, field):
    organisation = registry["ORG2"]
    with pytest.raises(InvalidInputError) as caught:
        services.update_organisation(organisation, {"city": "Elsewhere", **changes})
    assert caught.value.field == field
    given = next(iter(changes.values()))
    assert caught.value.value == (given[0] if isinstance(given, list) else given)
    organisation.refresh_from_db()
    assert organisation.city == "Port City"


def test_unknown_codes_stay_unknown_code_errors(registry):
    with pytest.raises(UnknownCodeError):
        services.update_organisation(registry["ORG2"], {"technologies": ["KET9"]})


def test_changes_are_logged_for_audit(registry, users, caplog):
    with caplog.at_level(logging.INFO, logger="clustera.audit"):
        changed = services.update_organisation(
            registry["ORG2"],
            {"city": "Elsewhere", "nace": ["C27"], "name": "Lumen Optics"},
            users["orgadmin"],
        )
    assert sorted(changed) == ["city", "nace"]  # the unchanged name is not reported
    assert "changed by orgadmin: city, nace" in caplog.text


@pytest.fixture
def s3(registry):
    return models.S3Priority.objects.create(scheme="XA", code="XA-S3-1", name="Smart photonics")


def test_a_cluster_edits_its_label_figures_and_s3_priorities(client, registry, users, s3):
    client.force_login(users["editor"])
    valley = registry["ORG1"]
    page = client.get(f"/organisations/{valley.pk}/edit/").content.decode()
    assert 'id="cluster-profile"' in page and "Smart photonics" in page
    response = _post(
        client,
        valley,
        **{
            "cluster-label": "silver",
            "cluster-year_founded": "2004",
            "cluster-members_count": "40",
            "cluster-sme_members_count": "30",
            "cluster-s3_priorities": ["XA:XA-S3-1"],
        },
    )
    assert response.status_code == 302
    profile = models.ClusterProfile.objects.get(organisation=valley)
    assert (profile.label, profile.year_founded, profile.members_count) == ("silver", 2004, 40)
    assert [p.code for p in profile.s3_priorities.all()] == ["XA-S3-1"]
    # a founding year in the future is refused on the cluster part, and nothing is written
    future = str(timezone.localdate().year + 3)
    response = _post(client, valley, name="Renamed", **{"cluster-year_founded": future})
    assert response.status_code == 422
    assert "cannot be in the future" in " ".join(
        response.context["cluster_form"].errors["year_founded"]
    )
    valley.refresh_from_db()
    assert valley.name == "Photon Valley Cluster"


def test_an_sme_has_no_cluster_part(client, registry, users):
    client.force_login(users["orgadmin"])
    page = client.get(f"/organisations/{registry['ORG2'].pk}/edit/").content.decode()
    assert 'id="cluster-profile"' not in page
    with pytest.raises(InvalidInputError) as caught:
        services.update_cluster_profile(users["orgadmin"], registry["ORG2"], {"label": "gold"})
    assert caught.value.field == "type"
    with pytest.raises(services.NotAllowed):
        services.update_cluster_profile(users["orgadmin"], registry["ORG1"], {"label": "gold"})


def _contacts(rows, initial=0):
    data = {"contacts-TOTAL_FORMS": str(len(rows)), "contacts-INITIAL_FORMS": str(initial)}
    for i, row in enumerate(rows):
        data.update({f"contacts-{i}-{k}": v for k, v in row.items()})
    return data


def test_contacts_are_added_changed_and_removed(client, registry, users):
    client.force_login(users["orgadmin"])
    organisation = registry["ORG2"]
    ada = organisation.contacts.get()
    page = client.get(f"/organisations/{organisation.pk}/edit/").content.decode()
    assert 'value="ada@lumen.example"' in page and 'name="contacts-TOTAL_FORMS"' in page
    rows = [
        {"id": ada.pk, "name": "Ada Lumen", "email": "ada@lumen.example", "role": "CTO"},
        {"name": "Bo Ray", "email": "Bo@Lumen.example", "role": "Sales"},
    ]
    assert _post(client, organisation, **_contacts(rows, initial=1)).status_code == 302
    found = {c.email: c.role for c in organisation.contacts.all()}
    assert found == {"ada@lumen.example": "CTO", "bo@lumen.example": "Sales"}
    bo = organisation.contacts.get(email="bo@lumen.example")
    rows = [
        {"id": ada.pk, "name": "Ada Lumen", "email": "ada@lumen.example", "DELETE": "on"},
        {"id": bo.pk, "name": "Bo Ray", "email": "bo@lumen.example", "role": "Sales"},
    ]
    assert _post(client, organisation, **_contacts(rows, initial=2)).status_code == 302
    assert [c.email for c in organisation.contacts.all()] == ["bo@lumen.example"]


def test_bad_contacts_are_refused_naming_the_field_and_nothing_is_written(client, registry, users):
    client.force_login(users["orgadmin"])
    organisation = registry["ORG2"]
    rows = [{"name": "Bad", "email": "not-an-address"}]
    response = _post(client, organisation, name="Renamed", **_contacts(rows))
    assert response.status_code == 422
    assert "E-mail address: Enter a valid email address." in response.content.decode()
    rows = [{"name": "A", "email": "x@y.example"}, {"name": "B", "email": "X@y.example"}]
    response = _post(client, organisation, name="Renamed", **_contacts(rows))
    assert response.status_code == 422 and "listed twice" in response.content.decode()
    organisation.refresh_from_db()
    assert organisation.name == "Lumen Optics"
    assert [c.email for c in organisation.contacts.all()] == ["ada@lumen.example"]
    other = models.Contact.objects.create(
        organisation=registry["ORG1"], name="Zed", email="zed@pv.example"
    )
    with pytest.raises(InvalidInputError) as caught:
        services.save_contacts(users["orgadmin"], organisation, [{"id": other.pk, "delete": True}])
    assert caught.value.field == "contacts"
    assert models.Contact.objects.filter(pk=other.pk).exists()
    with pytest.raises(services.NotAllowed):
        services.save_contacts(users["orgadmin"], registry["ORG1"], [])
