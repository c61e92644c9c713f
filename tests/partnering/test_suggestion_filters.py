"""Partner suggestions a user can trust: own clusters left out unless asked, past partners of
every kind left out by "never worked with", and an empty result that names its filter."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from clustera.accounts.models import OrganisationMembership
from clustera.partnering import known
from clustera.partnering.models import Conversation
from clustera.partnerships.models import Application, ApplicationPartner, Call
from clustera.registry import models

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def anchor_excluded_types() -> tuple[str, ...]:
    """The anchor is not a cluster: its own clusters are what the filters leave out."""
    return ("cluster",)


@pytest.fixture(autouse=True)
def no_refit(settings):
    """The filters read the live registry: no refit is needed to see a change."""
    settings.CLUSTERA_RECOMMENDER_REFIT = False


def _partners(client, anchor, query=""):
    response = client.get(f"/api/match/partners?organisation={anchor.pk}&k=100{query}")
    assert response.status_code == 200, response.content
    return response.json()


def _ids(body):
    return [item["organisation"] for item in body["items"]]


def test_members_of_ones_own_clusters_are_left_out_unless_asked(client, world):
    anchor = world["anchor"]
    everyone = _partners(client, anchor, "&include_own_clusters=true")
    cluster = models.Organisation.objects.create(
        key="OWN-CLUSTER", name="Our Own Cluster", type="cluster", country=anchor.country
    )
    fellow = next(
        pk for pk in _ids(everyone) if not models.ClusterMembership.objects.filter(member_id=pk)
    )
    models.ClusterMembership.objects.create(cluster=cluster, member=anchor)
    models.ClusterMembership.objects.create(cluster=cluster, member_id=fellow)
    try:
        default = _partners(client, anchor)
        assert fellow not in _ids(default) and cluster.pk not in _ids(default)
        assert anchor.pk not in _ids(default)
        steps = {s["name"]: s["remaining"] for s in default["steps"]}
        assert steps["own_clusters"] < steps["candidates"]
        asked = _partners(client, anchor, "&include_own_clusters=true")
        assert fellow in _ids(asked)
        assert "own_clusters" not in {s["name"] for s in asked["steps"]}
        # the page: the checkbox, and the same rule
        page = client.get(f"/partners/?organisation={anchor.pk}").content.decode()
        assert 'name="include_own_clusters"' in page
        assert f'href="/organisations/{fellow}/"' not in page
        page = client.get(
            f"/partners/?organisation={anchor.pk}&include_own_clusters=on"
        ).content.decode()
        assert f"/organisations/{fellow}/" in page
    finally:
        cluster.delete()


def test_the_suggestions_panel_leaves_out_ones_cluster_fellows(client, world, django_user_model):
    anchor = world["anchor"]
    user = django_user_model.objects.create_user("fellowadmin", password="pw-fellow-1")
    OrganisationMembership.objects.create(user=user, organisation=anchor, role="admin")
    client.force_login(user)
    first = client.get(f"/organisations/{anchor.pk}/suggestions/").content.decode()
    shown = [o for o in models.Organisation.objects.all() if f"/organisations/{o.pk}/" in first]
    assert shown
    cluster = models.Organisation.objects.create(
        key="PANEL-CLUSTER", name="Panel Cluster", type="cluster", country=anchor.country
    )
    models.ClusterMembership.objects.create(cluster=cluster, member=anchor)
    models.ClusterMembership.objects.create(cluster=cluster, member=shown[0])
    try:
        again = client.get(f"/organisations/{anchor.pk}/suggestions/").content.decode()
        assert f"/organisations/{shown[0].pk}/" not in again
    finally:
        cluster.delete()


def test_never_worked_with_leaves_out_every_kind_of_past_partner(client, world):
    anchor = world["anchor"]
    fresh = _ids(_partners(client, anchor, "&new_only=true"))
    project_partner, dated_partner, accepted, consortium = fresh[:4]
    # a project without a start year is not in the model's history, but it is collaboration
    undated = models.Project.objects.create(key="PAST-UNDATED", title="Old project")
    models.Participation.objects.create(project=undated, organisation=anchor)
    models.Participation.objects.create(project=undated, organisation_id=project_partner)
    dated = models.Project.objects.create(key="PAST-DATED", title="Recent", start_year=2024)
    models.Participation.objects.create(project=dated, organisation=anchor)
    models.Participation.objects.create(project=dated, organisation_id=dated_partner)
    Conversation.objects.create(
        initiator_id=accepted, recipient=anchor, subject="Work together", status="accepted"
    )
    call = Call.objects.create(title="Call", countries=["FR"], deadline=timezone.now())
    application = Application.objects.create(call=call, lead=anchor, title="Consortium")
    ApplicationPartner.objects.create(
        application=application, organisation_id=consortium, status="accepted"
    )
    try:
        past = known.past_partners(anchor.pk)
        assert {project_partner, dated_partner, accepted, consortium} <= past
        body = _partners(client, anchor, "&new_only=true")
        assert not {project_partner, dated_partner, accepted, consortium} & set(_ids(body))
        step = next(s for s in body["steps"] if s["name"] == "never_worked_with")
        assert step["label"] == "never worked with you"
        # without the filter they may all be suggested again
        assert project_partner in _ids(_partners(client, anchor))
    finally:
        undated.delete()
        dated.delete()
        call.delete()
        Conversation.objects.filter(initiator_id=accepted, recipient=anchor).delete()


def test_a_declined_invitation_or_an_open_conversation_is_not_collaboration(world):
    anchor = world["anchor"]
    before = known.past_partners(anchor.pk)
    other = models.Organisation.objects.exclude(pk__in=before | {anchor.pk}).first()
    Conversation.objects.create(initiator=anchor, recipient=other, status="open")
    call = Call.objects.create(
        title="Call", countries=["FR"], deadline=timezone.now() + timedelta(days=9)
    )
    application = Application.objects.create(call=call, lead=anchor, title="Declined")
    ApplicationPartner.objects.create(
        application=application, organisation=other, status="declined"
    )
    try:
        assert known.past_partners(anchor.pk) == before
    finally:
        call.delete()
        Conversation.objects.filter(initiator=anchor, recipient=other).delete()


def test_an_empty_result_names_the_filter_that_emptied_it(client, world):
    anchor = world["anchor"]
    body = _partners(client, anchor, "&type=sme&region=ZZ9")
    assert body["items"] == []
    steps = [(s["name"], s["remaining"]) for s in body["steps"]]
    names = [name for name, _ in steps]
    assert names == ["candidates", "own_clusters", "type", "region"]
    counts = [count for _, count in steps]
    assert counts == sorted(counts, reverse=True) and counts[-2] > 0 and counts[-1] == 0
    explanation = body["explanation"]
    assert f"{counts[-2]} candidates passed the filters before" in explanation
    assert "region ZZ9" in explanation and "remove the region filter" in explanation
    # the counts are the real ones: as many SMEs among the candidates as the step says
    sme = _partners(client, anchor, "&type=sme")
    assert len(sme["items"]) == min(100, counts[-2])
    assert all(item["type"] == "sme" for item in sme["items"])
    assert sme["explanation"] == ""


def test_the_page_shows_the_steps_and_the_explanation(client, world):
    anchor = world["anchor"]
    page = client.get(
        f"/partners/?organisation={anchor.pk}&type=sme&q=zzzunfindableword"
    ).content.decode()
    assert 'id="empty-explanation"' in page
    assert "none of them matches “zzzunfindableword”: change or remove the words" in page
    assert "How the filters narrowed the candidates" in page
    assert "candidates scored" in page and "candidates of type SME" in page


def test_an_unknown_type_is_refused_naming_the_field(client, world):
    response = client.get(f"/api/match/partners?organisation={world['anchor'].pk}&type=dragon")
    assert response.status_code == 422 and "dragon" in response.content.decode()


def test_a_country_filter_keeps_only_that_country(client, world):
    anchor = world["anchor"]
    body = _partners(client, anchor, f"&country={anchor.country.lower()}")
    assert body["items"] and all(i["country"] == anchor.country for i in body["items"])
    step = body["steps"][-1]
    assert step == {
        "name": "country",
        "value": anchor.country,
        "label": f"in country {anchor.country}",
        "remaining": step["remaining"],
    }
    assert len(body["items"]) == min(100, step["remaining"])
