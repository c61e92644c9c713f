"""The shipped templates import cleanly, in three languages, and validate sample answers."""

from __future__ import annotations

import datetime as dt

import pytest

from clustera.errors import InvalidInputError
from clustera.matching._centres import SERVICE_TYPES
from clustera.questionnaires import (
    BUILTIN_CHOICES,
    TEMPLATES,
    Question,
    load_template,
    validate_answers,
    visible_pages,
)
from clustera.questionnaires.pickers import SERVICE_TYPE_CODES

TODAY = dt.date(2026, 12, 5)
SME_ANSWERS = {
    "company_name": "Precision Optics Ltd",
    "region": "DE11",
    "nace": "C26",
    "company_size": "small",
    "technologies": ["photonics", "advanced_manufacturing"],
    "services": ["testing", "pilot_line"],
    "trl": "6",
    "used_centre": "no",
    "criterion_cost": "high",
    "criterion_distance": "medium",
    "budget_band": "10k_50k",
    "public_funding_share": 40,
    "travel_km": 150,
    "cross_border": "yes",
    "languages": ["de", "en"],
    "obstacles": ["information"],
    "start_date": "2027-03-01",
    "contact_consent": "yes",
    "contact_email": "info@precision-optics.example",
}
CLUSTER_ANSWERS = {
    "cluster_name": "Photonics Valley",
    "region": "FRK2",
    "members": 120,
    "sme_share": 75.5,
    "activities": ["C26", "C27"],
    "s3_aligned": "yes",
    "s3_priorities": "Photonics for health; smart manufacturing",
    "s3_involvement": "contributing",
    "technologies_opportunity": ["photonics", "ai"],
    "members_trl": "5",
    "barrier_skills": "4",
    "barrier_finance": "5",
    "partnership_interest": "no",
    "partner_regions": ["DE11"],  # hidden: no partnership interest
    "languages": ["fr", "en"],
}


@pytest.mark.parametrize("name", TEMPLATES)
def test_templates_have_three_complete_languages(name):
    form = load_template(name)
    assert form.languages == {"en": "English", "fr": "Français", "de": "Deutsch"}
    assert set(form.title) == {"en", "fr", "de"}
    for item, _ in form.walk():
        assert set(item.label) == {"en", "fr", "de"}, item.name
        if isinstance(item, Question) and item.constraint:
            assert set(item.constraint_message) == {"en", "fr", "de"}, item.name
    for choices in form.choice_lists.values():
        assert all(set(choice.label) == {"en", "fr", "de"} for choice in choices)


def test_sme_template_asks_for_technologies_services_trl_budget_distance_languages():
    form = load_template("sme_technology_needs")
    pickers = {q.name: q.taxonomy for q in form.questions() if q.taxonomy}
    assert pickers == {
        "region": "region",
        "nace": "nace",
        "technologies": "technology",
        "services": "service_type",
        "trl": "trl",
        "languages": "language",
    }
    assert form.question("travel_km").type == "integer"
    assert form.question("budget_band").list_name == "budget"
    assert form.question("contact_email").personal_data
    matrix = next(item for item, _ in form.walk() if item.name == "criteria")
    assert matrix.is_matrix


def test_sme_template_validates_a_sample_response():
    form = load_template("sme_technology_needs")
    clean, errors = validate_answers(form, SME_ANSWERS, language="de", today=TODAY)
    assert errors == []
    assert clean == SME_ANSWERS | {"public_funding_share": 40.0}
    _, errors = validate_answers(
        form,
        SME_ANSWERS | {"travel_km": -5, "obstacles": ["none", "cost"], "start_date": "2026-01-01"},
        language="de",
        today=TODAY,
    )
    assert {e["field"]: e["message"] for e in errors} == {
        "travel_km": "Geben Sie eine Entfernung zwischen 0 und 5.000 km ein.",
        "obstacles": "„Keine“ kann nicht mit anderen Antworten kombiniert werden.",
        "start_date": "Das Startdatum darf nicht in der Vergangenheit liegen.",
    }


def test_cluster_template_validates_a_sample_response_and_drops_hidden_answers():
    form = load_template("cluster_s3_opportunities")
    clean, errors = validate_answers(form, CLUSTER_ANSWERS, language="fr", today=TODAY)
    assert errors == []
    assert "partner_regions" not in clean and clean["members"] == 120
    pages = [page.name for page in visible_pages(form, CLUSTER_ANSWERS)]
    assert pages == ["cluster", "s3", "technologies", "partnerships"]
    _, errors = validate_answers(form, CLUSTER_ANSWERS | {"s3_priorities": ""}, language="fr")
    # built-in messages are English (translated by the web layer: surveys.services)
    assert errors == [{"field": "s3_priorities", "message": "This question is required."}]


def test_service_type_choices_are_the_registry_service_types():
    names = [choice.name for choice in BUILTIN_CHOICES["service_type"]]
    assert tuple(SERVICE_TYPE_CODES.get(name, name) for name in names) == SERVICE_TYPES


def test_unknown_template_is_refused():
    with pytest.raises(InvalidInputError, match="unknown template"):
        load_template("nope")
