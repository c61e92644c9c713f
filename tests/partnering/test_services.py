"""Partnering use cases on the tiny registry: interest, notifications, the model store, centres."""

from __future__ import annotations

import pytest

from clustera.accounts.models import OrganisationMembership
from clustera.accounts.permissions import NotAllowed
from clustera.errors import InvalidInputError, UnknownCodeError
from clustera.partnering import model_store, services
from clustera.partnering.models import Interest, Notification

pytestmark = pytest.mark.django_db


def test_interest_notifies_only_the_admins_of_the_target(registry, users, django_user_model):
    cluster_admin = django_user_model.objects.create_user("ca", password="pw-ca-1")
    cluster_member = django_user_model.objects.create_user("cm", password="pw-cm-1")
    OrganisationMembership.objects.create(
        user=cluster_admin, organisation=registry["ORG1"], role="admin"
    )
    OrganisationMembership.objects.create(
        user=cluster_member, organisation=registry["ORG1"], role="member"
    )
    interest = services.express_interest(
        users["orgadmin"], registry["ORG2"], registry["ORG1"], "  Pilot?  ", "Horizon"
    )
    assert interest.message == "Pilot?" and interest.created_by == users["orgadmin"]
    assert list(Notification.objects.values_list("user__username", flat=True)) == ["ca"]


@pytest.mark.parametrize(
    ("target", "message", "field"),
    [("ORG2", "", "organisation"), ("ORG3", "", "organisation"), ("ORG1", "x" * 2001, "message")],
)
def test_interest_refusals_name_the_field(registry, users, target, message, field):
    with pytest.raises(InvalidInputError) as raised:
        services.express_interest(users["orgadmin"], registry["ORG2"], registry[target], message)
    assert raised.value.field == field
    assert not Interest.objects.exists()


def test_marking_notifications_read_counts_the_unread_ones(users):
    Notification.objects.bulk_create(
        [Notification(user=users["plain"], text=f"n{i}", read=i == 0) for i in range(3)]
        + [Notification(user=users["member"], text="other")]
    )
    assert services.mark_notifications_read(users["plain"]) == 2
    assert services.mark_notifications_read(users["plain"]) == 0
    assert Notification.objects.get(user=users["member"]).read is False
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(NotAllowed):
        services.mark_notifications_read(AnonymousUser())


def test_without_a_model_a_refit_is_asked_for_once_per_registry_state(registry, refit_requests):
    for _ in range(2):
        with pytest.raises(model_store.RecommenderNotReady):
            services.suggest_partners(registry["ORG2"], k=5)
    assert refit_requests == ["refit"]
    registry["ORG2"].save()  # the registry changed: its fingerprint too
    with pytest.raises(model_store.RecommenderNotReady):
        services.suggest_partners(registry["ORG2"], k=5)
    assert refit_requests == ["refit", "refit"]


@pytest.mark.parametrize(("k", "context"), [(0, ()), (101, ()), (5, ("No such call",))])
def test_bad_suggestion_arguments_are_refused_before_the_model_is_read(
    registry, refit_requests, k, context
):
    with pytest.raises(InvalidInputError):
        services.suggest_partners(registry["ORG2"], k=k, context=context)
    assert refit_requests == []


def test_centre_finder_names_an_unknown_region(registry):
    with pytest.raises(UnknownCodeError) as raised:
        services.find_centres(text="laser", region="ZZ99")
    assert raised.value.field == "region" and raised.value.value == "ZZ99"


def test_answers_to_no_offers_is_empty_and_k_is_bounded(registry):
    assert services.answers_to([]) == {}
    from clustera.registry.services import create_offer

    offer = create_offer(registry["ORG2"], {"kind": "technology_offer", "title": "Lasers"})
    with pytest.raises(InvalidInputError):
        services.answers_to([offer], k=51)


def test_service_types_read_from_kind_or_name():
    import doctest

    from clustera.partnering import vocabularies

    assert doctest.testmod(vocabularies).failed == 0
    assert vocabularies.service_type("service", "Feasibility audit") == "testing"
    assert vocabularies.service_type("service", "Rapid prototyping") == "prototyping"


def test_seed_demo_makes_people_act_for_organisations_once(registry, mailoutbox):
    from clustera.accounts import selectors as account_selectors
    from clustera.partnering.models import Conversation
    from clustera.partnering.services import seed_demo

    acting = seed_demo(0)
    assert acting["cluster-manager"] == registry["ORG1"] == acting["admin"]
    manager = account_selectors.user_named("cluster-manager")
    assert manager.email == "cluster-manager@pv.example" and not manager.has_usable_password()
    assert account_selectors.role_in(manager, registry["ORG1"].pk) == "admin"
    owner = account_selectors.user_named("sme-owner")
    assert account_selectors.role_in(owner, registry["ORG2"].pk) == "admin"
    conversation = Conversation.objects.get(recipient=registry["ORG1"])
    assert [m.sender for m in conversation.messages.all()] == [registry["ORG2"], registry["ORG1"]]
    assert account_selectors.user_named("admin").is_superuser
    again = seed_demo(0)
    assert again == acting and Conversation.objects.count() == 1
