"""Partnering pages on the tiny registry: notifications, the panels loaded into profiles."""

from __future__ import annotations

import pytest

from clustera.partnering.models import Notification
from clustera.registry.services import create_offer

pytestmark = pytest.mark.django_db


def test_opening_notifications_marks_them_read_through_the_service(client, users):
    Notification.objects.create(user=users["plain"], text="Photon Valley would like to work")
    client.force_login(users["plain"])
    assert "Notifications (1)" in client.get("/").content.decode()
    page = client.get("/notifications/").content.decode()
    assert "Photon Valley would like to work" in page
    assert "Notifications (1)" not in client.get("/").content.decode()


def test_the_profile_loads_offer_answers_from_partnering(client, registry):
    offer = create_offer(registry["ORG2"], {"kind": "technology_offer", "title": "Laser optics"})
    profile = client.get(f"/organisations/{registry['ORG2'].pk}/").content.decode()
    assert f'hx-get="/organisations/{registry["ORG2"].pk}/offer-answers/"' in profile
    panel = client.get(f"/organisations/{registry['ORG2'].pk}/offer-answers/")
    assert panel.status_code == 200 and "<html" not in panel.content.decode()
    assert panel.context["offer_answers"][0][0] == offer


def test_an_organisation_without_offers_gets_no_answers_panel(client, registry):
    profile = client.get(f"/organisations/{registry['ORG1'].pk}/").content.decode()
    assert "offer-answers" not in profile
    panel = client.get(f"/organisations/{registry['ORG1'].pk}/offer-answers/").content.decode()
    assert "No offer or request to answer." in panel


def test_the_suggestions_panel_says_when_the_model_is_being_prepared(
    client, users, registry, refit_requests
):
    client.force_login(users["orgadmin"])
    panel = client.get(f"/organisations/{registry['ORG2'].pk}/suggestions/").content.decode()
    assert "being prepared" in panel and refit_requests == ["refit"]
    page = client.get(f"/partners/?organisation={registry['ORG2'].pk}").content.decode()
    assert "being prepared" in page


def test_the_partner_search_lists_programme_contexts_as_choices(client, registry):
    from clustera.registry import models

    project = models.Project.objects.create(key="P1", title="P", programme="HORIZON;CL4")
    models.Participation.objects.create(project=project, organisation=registry["ORG2"])
    form = client.get("/partners/").context["form"]
    assert [value for value, _ in form.fields["context"].choices] == ["", "CL4", "HORIZON"]
