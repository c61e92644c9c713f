"""The directory's search ranks on SQLite without a CASE per id, and visitors' facets are cached."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from clustera.registry import models
from clustera.registry.facets import cached_facets
from clustera.registry.search import search_organisations
from clustera.registry.selectors import DirectoryFilters

pytestmark = pytest.mark.django_db


def test_search_keeps_the_best_matches_first_and_filters_alike_unranked(registry):
    everyone = models.Organisation.objects.all()
    ranked = list(search_organisations(everyone, "optics").values_list("pk", flat=True))
    unranked = set(
        search_organisations(everyone, "optics", ranked=False).values_list("pk", flat=True)
    )
    assert ranked and set(ranked) == unranked
    names = [models.Organisation.objects.get(pk=pk).name.lower() for pk in ranked]
    assert "optic" in names[0]  # a name match outranks a description match


def test_visitors_facets_are_counted_once_per_interval_and_users_always(registry, users, settings):
    from django.contrib.auth.models import AnonymousUser

    settings.CLUSTERA_FACET_CACHE_SECONDS = 60
    cache.clear()
    filters = DirectoryFilters.from_mapping({"type": "sme"})
    first = cached_facets(AnonymousUser(), filters)
    with CaptureQueriesContext(connection) as again:
        second = cached_facets(AnonymousUser(), filters)
    assert len(again) == 0 and [f.values for f in first] == [f.values for f in second]
    with CaptureQueriesContext(connection) as other:
        cached_facets(AnonymousUser(), DirectoryFilters.from_mapping({"type": "cluster"}))
    assert len(other) > 0  # another filter: counted
    with CaptureQueriesContext(connection) as signed_in:
        cached_facets(users["member"], filters)
    assert len(signed_in) > 0  # may see private organisations: never from the cache
    cache.clear()
