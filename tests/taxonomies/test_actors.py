"""Organisation types and CORDIS activity types: one vocabulary, read by every layer."""

from __future__ import annotations

import pytest

from clustera.taxonomies import (
    CORDIS_ACTIVITY_TYPES,
    CORDIS_TO_ORGANISATION_TYPE,
    ORGANISATION_TO_CORDIS_TYPE,
    ORGANISATION_TYPE_LABELS,
    ORGANISATION_TYPES,
    RESEARCH_ORGANISATION_TYPES,
    SERVICE_PROVIDER_TYPES,
    cordis_activity_type,
    organisation_type_from_cordis,
)


def test_every_mapped_type_is_a_registry_type_and_a_cordis_code():
    assert set(ORGANISATION_TO_CORDIS_TYPE) <= set(ORGANISATION_TYPES)
    assert set(CORDIS_TO_ORGANISATION_TYPE.values()) <= set(ORGANISATION_TYPES)
    assert set(ORGANISATION_TO_CORDIS_TYPE.values()) | {"OTH"} == set(CORDIS_ACTIVITY_TYPES)
    assert set(SERVICE_PROVIDER_TYPES) <= set(ORGANISATION_TYPES)


@pytest.mark.parametrize("code", sorted(CORDIS_ACTIVITY_TYPES))
@pytest.mark.parametrize("sme", [True, False, None])
def test_a_cordis_participant_maps_back_to_its_own_activity_type(code, sme):
    assert cordis_activity_type(organisation_type_from_cordis(code, sme)) == code


def test_company_size_comes_from_the_sme_flag():
    assert [organisation_type_from_cordis("PRC", sme) for sme in (True, False, None)] == [
        "sme",
        "large_company",
        "company",
    ]
    assert organisation_type_from_cordis("XYZ") == "other"
    assert set(RESEARCH_ORGANISATION_TYPES) == {"university", "rto", "technology_centre"}


def test_registry_and_synthetic_world_read_the_core_vocabulary():
    from clustera.registry.schema import ORGANISATION_TYPES as schema_types
    from clustera.synth.organisations import ORGANISATION_TYPES as generated

    assert schema_types is ORGANISATION_TYPES
    assert set(generated) == set(ORGANISATION_TYPES) - {"company", "other"}
    assert list(generated) == [t for t in ORGANISATION_TYPES if t in generated]  # shares' order


def test_model_choices_are_the_core_labels():
    from clustera.registry import models, schema
    from clustera.taxonomies import CLUSTER_LABELS, OFFER_KINDS, SERVICE_KINDS, SIZE_CLASSES

    assert models.OrganisationType.choices == list(ORGANISATION_TYPE_LABELS.items())
    assert models.Organisation._meta.get_field("type").choices == list(
        ORGANISATION_TYPE_LABELS.items()
    )
    assert models.SizeClass.choices == list(SIZE_CLASSES.items())
    assert models.ClusterLabel.choices == [*CLUSTER_LABELS.items(), ("", "None")]
    assert models.OfferKind.choices == list(OFFER_KINDS.items())
    assert models.ServiceKind.choices == list(SERVICE_KINDS.items())
    assert schema.SIZE_CLASSES == ("", *SIZE_CLASSES) and schema.OFFER_KINDS == tuple(OFFER_KINDS)
