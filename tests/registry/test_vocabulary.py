"""The core's vocabulary labels are marked for translation and shown in the reader's language."""

from __future__ import annotations

from django.utils import translation

from clustera.registry import models
from clustera.registry.vocabulary import MARKED
from clustera.taxonomies import actors


def test_every_core_label_is_marked_for_translation():
    labels = {
        *actors.ORGANISATION_TYPE_LABELS.values(),
        *actors.SIZE_CLASSES.values(),
        *actors.CLUSTER_LABELS.values(),
        *actors.OFFER_KINDS.values(),
        *actors.SERVICE_KINDS.values(),
        "None",
    }
    assert labels <= set(MARKED)


def test_choices_follow_the_active_language():
    labels = dict(models.OrganisationType.choices)
    with translation.override("fr"):
        assert str(labels["technology_centre"]) == "Centre technologique"
    with translation.override("de"):
        assert str(labels["sme"]) == "KMU"
    assert str(labels["sme"]) == "SME"
