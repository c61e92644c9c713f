"""The marketplace: listing and filters, create/edit/withdraw/renew by the owner, expiry and
renewal reminders, and matching offers that really match (opposite kind, shared codes)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from clustera.accounts.models import OrganisationMembership
from clustera.errors import InvalidInputError
from clustera.partnering import marketplace, tasks
from clustera.partnering.apps import PartneringConfig
from clustera.partnering.models import Notification
from clustera.registry import models, services

pytestmark = pytest.mark.django_db


@pytest.fixture
def offers(registry, users):
    """ORG2 (admin: orgadmin) offers photonics; ORG1 requests it; ORG1 also requests a
    business partner in electronics; ORG3 (private) requests photonics too."""
    lumen, valley, hidden = registry["ORG2"], registry["ORG1"], registry["ORG3"]
    return {
        "lasers": services.create_offer(
            lumen,
            {
                "kind": "technology_offer",
                "title": "Laser sensors for inspection",
                "description": "Fibre lasers",
                "technologies": ["KET2"],
                "activities": ["C26"],
            },
        ),
        "wanted": services.create_offer(
            valley,
            {
                "kind": "technology_request",
                "title": "Photonics partner wanted",
                "technologies": ["KET:KET2"],
            },
        ),
        "business": services.create_offer(
            valley,
            {"kind": "business_request", "title": "Distributor", "activities": ["C26"]},
        ),
        "other_kind": services.create_offer(
            valley,
            {"kind": "technology_offer", "title": "Our own photonics", "technologies": ["KET2"]},
        ),
        "hidden": services.create_offer(
            hidden,
            {"kind": "technology_request", "title": "Secret need", "technologies": ["KET2"]},
        ),
    }


def test_the_page_lists_published_offers_of_public_organisations_only(client, offers):
    page = client.get("/marketplace/").content.decode()
    assert "Laser sensors for inspection" in page and "Photonics partner wanted" in page
    assert "Secret need" not in page and "Hidden Works" not in page
    assert "4 offers and requests" in page


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("type=technology_request", {"wanted"}),
        ("technology=KET2", {"lasers", "wanted", "other_kind"}),
        ("sector=C26", {"lasers", "business"}),
        ("sector=C", {"lasers", "business"}),  # sub-classes of a section match
        ("country=xa&region=XA1", {"lasers", "wanted", "business", "other_kind"}),
        ("region=XB", set()),
        ("q=laser+inspection", {"lasers"}),
        ("q=Photon+Valley", {"wanted", "business", "other_kind"}),  # the organisation's name
    ],
)
def test_filters_and_search(client, offers, query, expected):
    response = client.get(f"/marketplace/?{query}")
    titles = {o.title for o in response.context["page"]}
    assert titles == {offers[k].title for k in expected}


def test_unknown_filter_values_are_ignored_and_said(client, offers):
    page = client.get("/marketplace/?type=bogus&technology=<x>").content.decode()
    assert "Ignored" in page and "type=bogus" in page
    assert "4 offers and requests" in page


def test_matching_offers_are_of_the_opposite_kind_share_codes_and_say_which(offers):
    matches = marketplace.matching_offers(offers["lasers"])
    assert [m.offer for m in matches] == [offers["wanted"]]  # not ORG1's offer, not the private
    assert matches[0].technologies == ["Photonics"] and matches[0].sectors == []
    assert "same technologies: Photonics" in matches[0].reasons
    # a business request in C26 does not answer a technology offer, though it shares C26
    assert offers["business"] not in [m.offer for m in matches]
    assert [m.offer for m in marketplace.matching_offers(offers["wanted"])] == [offers["lasers"]]


def test_matches_are_ranked_by_shared_codes(offers, registry):
    both = services.create_offer(
        registry["ORG1"],
        {
            "kind": "technology_request",
            "title": "Photonic electronics",
            "technologies": ["KET2"],
            "activities": ["C26"],
        },
    )
    matches = marketplace.matching_offers(offers["lasers"])
    assert [m.offer for m in matches] == [both, offers["wanted"]]
    assert matches[0].score == 3 and matches[1].score == 2


def test_the_offer_page_explains_the_matches(client, offers):
    page = client.get(f"/marketplace/{offers['lasers'].pk}/").content.decode()
    assert "Photonics partner wanted" in page and "same technologies: Photonics" in page
    assert "Technology request, R&amp;D request" in page
    assert client.get(f"/marketplace/{offers['hidden'].pk}/").status_code == 404


def test_the_owner_edits_withdraws_and_renews(client, users, offers):
    lasers = offers["lasers"]
    client.force_login(users["orgadmin"])
    response = client.post(
        f"/marketplace/{lasers.pk}/edit/",
        {"kind": "technology_offer", "title": "Laser sensors, v2", "technologies": []},
    )
    assert response.status_code == 302
    lasers.refresh_from_db()
    assert lasers.title == "Laser sensors, v2" and not lasers.technologies.exists()
    client.post(f"/marketplace/{lasers.pk}/action/", {"action": "withdraw"})
    assert "Laser sensors" not in client.get("/marketplace/").content.decode()
    page = client.get(f"/marketplace/{lasers.pk}/").content.decode()
    assert "Withdrawn" in page  # the owner still sees it, to renew it
    client.logout()
    assert client.get(f"/marketplace/{lasers.pk}/").status_code == 404
    client.force_login(users["orgadmin"])
    models.Offer.objects.filter(pk=lasers.pk).update(reminded=timezone.localdate())
    client.post(f"/marketplace/{lasers.pk}/action/", {"action": "renew"})
    lasers.refresh_from_db()
    assert lasers.status == "published" and lasers.reminded is None
    assert lasers.expires == timezone.localdate() + dt.timedelta(days=180)


@pytest.mark.parametrize("role", ["anonymous", "plain", "member", "orgadmin", "editor", "root"])
def test_who_may_edit_withdraw_and_renew(client, users, offers, role):
    lasers = offers["lasers"]
    if role != "anonymous":
        client.force_login(users[role])
    may = role in {"orgadmin", "editor", "root"}
    client.post(f"/marketplace/{lasers.pk}/edit/", {"kind": "business_offer", "title": "Changed"})
    client.post(f"/marketplace/{lasers.pk}/action/", {"action": "withdraw"})
    lasers.refresh_from_db()
    assert (lasers.title == "Changed") == may and (lasers.status == "withdrawn") == may
    response = client.post(f"/marketplace/{lasers.pk}/action/", {"action": "renew"})
    if role == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    elif not may:
        assert response.status_code == 403
    create = client.post(
        f"/organisations/{lasers.organisation_id}/offers/new/",
        {"kind": "business_offer", "title": "New one"},
    )
    assert models.Offer.objects.filter(title="New one").exists() == may, create.status_code


def test_bad_offers_are_refused_naming_the_field(registry, users):
    lumen = registry["ORG2"]
    cases = [
        ({"kind": "gift", "title": "x"}, "kind"),
        ({"kind": "business_offer", "title": "  "}, "title"),
        ({"kind": "business_offer", "title": "x", "technologies": ["NOPE"]}, "technologies"),
        ({"kind": "business_offer", "title": "x", "activities": ["Z99"]}, "activities"),
    ]
    for data, field in cases:
        with pytest.raises(InvalidInputError) as caught:
            services.create_offer(lumen, data)
        assert caught.value.field == field
    assert not models.Offer.objects.exists()
    with pytest.raises(services.NotAllowed):
        services.create_offer(lumen, {"kind": "business_offer", "title": "x"}, users["plain"])


def test_expired_offers_leave_the_marketplace(client, offers):
    models.Offer.objects.filter(pk=offers["wanted"].pk).update(
        expires=timezone.localdate() - dt.timedelta(days=1)
    )
    assert "Photonics partner wanted" not in client.get("/marketplace/").content.decode()
    assert marketplace.matching_offers(offers["lasers"]) == []
    assert client.get(f"/marketplace/{offers['wanted'].pk}/").status_code == 404


def test_reminders_go_once_to_the_admins_of_offers_expiring_soon(offers, users, mailoutbox):
    users["orgadmin"].email = "admin@lumen.example"
    users["orgadmin"].save()
    today = timezone.localdate()
    models.Offer.objects.filter(pk=offers["lasers"].pk).update(expires=today + dt.timedelta(days=3))
    assert marketplace.remind_expiring_offers(today) == 1  # ORG1's offers expire later
    assert Notification.objects.filter(user=users["orgadmin"], text__contains="Laser").exists()
    assert mailoutbox[0].to == ["admin@lumen.example"] and "Renew" in mailoutbox[0].subject
    assert f"/marketplace/{offers['lasers'].pk}/" in mailoutbox[0].body
    # idempotent: running again sends nothing
    assert tasks.remind_expiring_offers.call() == 0
    assert len(mailoutbox) == 1


def test_the_reminder_task_is_scheduled_on_the_app_config():
    paths = [path for path, _interval, _kwargs in PartneringConfig.periodic_tasks]
    assert "clustera.partnering.tasks.remind_expiring_offers" in paths
    import importlib

    module, _, name = paths[0].rpartition(".")
    assert getattr(importlib.import_module(module), name) is tasks.remind_expiring_offers


def test_owner_sees_their_offers_marked(client, users, offers):
    client.force_login(users["orgadmin"])
    page = client.get("/marketplace/").content.decode()
    assert "yours" in page
    assert OrganisationMembership.objects.filter(user=users["orgadmin"]).count() == 1
