"""Registry use cases: the checks every writer (page, API, CLI) gets by calling them."""

from __future__ import annotations

import pytest

from clustera.accounts.permissions import NotAllowed
from clustera.errors import InvalidInputError, UnknownCodeError
from clustera.registry import models, services

pytestmark = pytest.mark.django_db


def test_update_refuses_an_unknown_size_class_naming_the_field(registry):
    with pytest.raises(InvalidInputError) as raised:
        services.update_organisation(registry["ORG2"], {"size_class": "huge"})
    assert raised.value.field == "size_class" and raised.value.value == "huge"
    registry["ORG2"].refresh_from_db()
    assert registry["ORG2"].size_class == "micro"


def test_update_refuses_a_website_that_is_not_http(registry):
    with pytest.raises(InvalidInputError) as raised:
        services.update_organisation(registry["ORG2"], {"website": "ftp://lumen.example"})
    assert raised.value.field == "website"


def test_update_replaces_the_term_lists_given_by_code_or_scheme_and_code(registry):
    organisation = registry["ORG2"]
    services.update_organisation(
        organisation, {"technologies": ["KET:KET2"], "nace": ["C27"], "city": "Lumen"}
    )
    organisation.refresh_from_db()
    assert list(organisation.technologies.values_list("code", flat=True)) == ["KET2"]
    assert list(organisation.activities.values_list("code", flat=True)) == ["C27"]
    assert organisation.city == "Lumen"


def test_update_names_an_unknown_code_and_writes_nothing(registry):
    organisation = registry["ORG2"]
    before = set(organisation.technologies.values_list("code", flat=True))
    with pytest.raises(UnknownCodeError) as raised:
        services.update_organisation(organisation, {"technologies": ["KET9"], "city": "Elsewhere"})
    assert raised.value.value == "KET9"
    organisation.refresh_from_db()
    assert organisation.city == "Port City"
    assert set(organisation.technologies.values_list("code", flat=True)) == before


def test_delete_is_for_editors_only(registry, users):
    with pytest.raises(NotAllowed):
        services.delete_organisation(users["orgadmin"], registry["ORG2"])
    assert models.Organisation.objects.filter(pk=registry["ORG2"].pk).exists()
    services.delete_organisation(users["editor"], registry["ORG2"])
    assert not models.Organisation.objects.filter(pk=registry["ORG2"].pk).exists()
    assert not models.Contact.objects.filter(name="Ada Lumen").exists()


def test_offers_get_consecutive_keys_from_the_organisation(registry):
    first = services.create_offer(registry["ORG2"], {"kind": "technology_offer", "title": "A"})
    second = services.create_offer(registry["ORG2"], {"kind": "business_request", "title": "B"})
    assert (first.key, second.key) == ("ORG2-OFFER-0001", "ORG2-OFFER-0002")
