"""The observatory names NACE categories in the reader's language (official labels), else English."""

from __future__ import annotations

import pytest
from django.utils import translation

from clustera.observatory import models
from clustera.observatory.selectors import category_names
from clustera.registry.models import Activity

pytestmark = pytest.mark.django_db


def test_category_names_follow_the_active_language_with_english_fallback():
    Activity.objects.create(
        scheme="NACE2",
        code="26",
        name="Manufacture of computer, electronic and optical products",
        labels={"fr": "Fabrication de produits informatiques, électroniques et optiques"},
    )
    Activity.objects.create(scheme="NACE2", code="27", name="Manufacture of electrical equipment")
    dataset = models.Dataset.objects.create(
        code="sbs_test", kind="employment", dimension=models.Dimension.ACTIVITY, scheme="NACE2",
        nuts_version="2021", source="test", title="Employment", unit="persons",
    )  # fmt: skip
    with translation.override("fr"):
        names = category_names(dataset)
    assert names["26"].startswith("Fabrication de produits informatiques")
    assert names["27"] == "Manufacture of electrical equipment"  # no French label
    with translation.override("de"):
        assert category_names(dataset, ["26"]) == {
            "26": "Manufacture of computer, electronic and optical products"
        }
    with translation.override("en"):
        assert category_names(dataset)["26"].startswith("Manufacture of computer")
