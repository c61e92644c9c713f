"""The last English-only places (issue 17): messages of the pure core, service errors, the
JavaScript strings, taxonomy labels of other apps' pages, participant types, and the one
fallback rule of translated texts.

New strings reach the committed catalogues when the lead extracts and translates them, so the
page tests here install a small French catalogue of their own in front of ``LOCALE_PATHS``
(``french``): they check that each message goes through gettext with the msgid extraction
finds, whatever the state of the committed catalogues.
"""

from __future__ import annotations

import io
import pickle
import shutil
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from django.utils import translation
from tests.partnerships.conftest import abroad, application, call, roles  # noqa: F401
from tests.surveys.conftest import form_file, survey  # noqa: F401

from clustera.texts import N_, Message, Nn_, pick_version

ELIGIBILITY = "needs %(needed)s countries, has %(count)s"
REQUIRED = "This question is required."


@pytest.fixture
def french(tmp_path, settings):
    """``french({msgid: translation})`` puts a French catalogue first in ``LOCALE_PATHS``."""

    def install(messages: dict) -> None:
        catalog = Catalog(locale="fr")
        for msgid, string in messages.items():
            catalog.add(msgid, string)
        folder = tmp_path / "locale" / "fr" / "LC_MESSAGES"
        folder.mkdir(parents=True)
        buffer = io.BytesIO()
        write_mo(buffer, catalog)
        (folder / "django.mo").write_bytes(buffer.getvalue())
        settings.LOCALE_PATHS = [str(tmp_path / "locale"), *settings.LOCALE_PATHS]

    yield install
    translation.activate("en")


# --- the pure core's messages -------------------------------------------------------------


def test_a_core_message_is_its_english_text_and_translates_its_template():
    reason = Message(N_("same country (%(country)s)"), country="BE")
    assert reason == "same country (BE)" and reason.template == "same country (%(country)s)"
    table = {"same country (%(country)s)": "même pays (%(country)s)"}
    assert reason.localise(lambda s: table.get(s, s), None) == "même pays (BE)"
    plural = Message(Nn_("%(count)s past project", "%(count)s past projects"), count=1)
    assert plural == "1 past project"
    forms = {1: "%(count)s projet passé", 2: "%(count)s projets passés"}
    assert plural.localise(None, lambda s, p, n: forms[1 if n == 1 else 2]) == "1 projet passé"
    assert pickle.loads(pickle.dumps(plural)).plural == "%(count)s past projects"
    assert "x".join(["a", plural]) == "ax1 past project"  # still a str for str's methods
    nested = Message(N_("%(type)s: a type"), type=Message(N_("SME")))
    assert nested.localise(lambda s: {"SME": "PME"}.get(s, s), None) == "PME: a type"


def test_the_fallback_rule_of_translated_texts():
    assert pick_version("fr-BE", "fr", []).translation is None  # the original is French
    found = pick_version("de", "en", [("fr", "F"), ("de", "D")])
    assert (found.translation, found.language, found.fallback) == ("D", "de", False)
    missing = pick_version("de", "en", [("fr", "F")])
    assert (missing.translation, missing.language, missing.fallback) == (None, "en", True)


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="needs GNU gettext's xgettext")
def test_core_and_javascript_strings_are_extracted_into_the_app_catalogues():
    from clustera.portal import catalogues

    def ids(app: str) -> set:
        return {
            m.id if isinstance(m.id, str) else m.id[0] for m in catalogues.extract_template(app)
        }

    partnerships = ids("partnerships")
    assert ELIGIBILITY in partnerships  # clustera.programmes, shown by partnerships
    surveys = ids("surveys")
    assert REQUIRED in surveys  # clustera.questionnaires
    assert "%(what)s: %(count)s region with data" in surveys  # surveys/static/.../gap_map.js
    portal = ids("portal")
    assert {"Filter…", "None chosen.", "%(count)s chosen: %(names)s"} <= portal  # picker.js


# --- pages in French ------------------------------------------------------------------------


def test_a_french_application_page_explains_ineligibility_in_french(
    client,
    roles,  # noqa: F811
    call,  # noqa: F811
    registry,
    french,
):
    from clustera.partnerships import services

    french({ELIGIBILITY: "il faut %(needed)s pays, il y en a %(count)s"})
    draft = services.start_application(roles["orgadmin"], call, registry["ORG2"], "Alone")
    client.force_login(roles["orgadmin"])
    page = client.get(f"/fr/applications/{draft.pk}/").content.decode()
    assert "il faut 3 pays, il y en a 1" in page and "needs 3 countries" not in page
    # the same refusal, on submitting: the service writes it in the reader's language
    services.update_application(roles["orgadmin"], draft, {"concept": "c"})
    page = client.post(f"/fr/applications/{draft.pk}/submit/", follow=True).content.decode()
    assert "il faut 3 pays, il y en a 1" in page
    # the API answers in English
    english = services.eligibility_of(draft).problems
    assert "needs 3 countries, has 1" in english


def test_a_french_survey_page_shows_validation_errors_in_french(survey, french):  # noqa: F811
    from clustera.surveys import services

    french({REQUIRED: "Cette question est obligatoire."})
    response = services.start_response(survey, language="fr", consent=True)
    errors = services.save_page(response, 0, {"used": "yes"})
    assert errors == [{"field": "company", "message": "Cette question est obligatoire."}]
    english = services.start_response(survey, language="en", consent=True)
    assert services.save_page(english, 0, {"used": "yes"})[0]["message"] == REQUIRED


def test_service_errors_are_written_in_the_readers_language(users, registry, french):
    """One service error of each app: gettext at raise time, so a French page gets French and
    the API (unprefixed, English) gets English."""
    from clustera.accounts import services as accounts
    from clustera.content import services as content
    from clustera.errors import ClusteraError
    from clustera.partnering import services as partnering
    from clustera.registry import services as registry_services

    french(
        {
            "a token name has 1 to %(count)s characters": "un nom de jeton a 1 à %(count)s caractères",
            "expected one of %(types)s": "attendu : l’un de %(types)s",
            "k must be from 1 to 100": "k va de 1 à 100",
            "a title is required": "un titre est obligatoire",
        }
    )
    attempts = {
        "un nom de jeton a 1 à 100 caractères": lambda: accounts.create_token(users["member"], ""),
        "attendu : l’un de": lambda: registry_services.create_organisation({"type": "x"}),
        "k va de 1 à 100": lambda: partnering.suggest_partners(registry["ORG1"], k=0),
        "un titre est obligatoire": lambda: content.save_item(users["editor"], None, {"title": ""}),
    }
    for expected, attempt in attempts.items():
        with translation.override("fr"), pytest.raises(ClusteraError) as french_error:
            attempt()
        assert expected in str(french_error.value)
        with pytest.raises(ClusteraError) as english_error:
            attempt()
        assert expected not in str(english_error.value)


def test_the_javascript_catalogue_holds_only_the_scripts_strings(client, registry):
    french_script = client.get("/fr/jsi18n.js")
    assert french_script.status_code == 200
    assert french_script["Content-Type"].startswith("text/javascript")
    body = french_script.content.decode()
    assert '"Loading\\u2026": "Chargement\\u2026"' in body  # observatory/map.js
    assert "Annuaire" not in body  # the pages' strings stay out
    assert client.get("/jsi18n.js").status_code == 200
    page = client.get("/fr/directory/").content.decode()
    assert '<script src="/fr/jsi18n.js"></script>' in page


def test_taxonomy_terms_of_other_apps_pages_are_in_the_readers_language(
    client,
    call,  # noqa: F811
):
    from clustera.registry.models import Technology

    term = Technology.objects.create(
        scheme="KET", code="PHO", name="Photonics", labels={"fr": "Photonique"}
    )
    call.technologies.add(term)
    assert "Photonique" in client.get(f"/fr/calls/{call.pk}/").content.decode()
    assert "Photonics" in client.get(f"/calls/{call.pk}/").content.decode()


def test_standard_participant_types_are_translated_on_display():
    from clustera.events.models import participant_type_label

    with translation.override("fr"):
        assert participant_type_label("SME") == "PME"  # a standard label: translated
        assert participant_type_label("Start-up founders") == "Start-up founders"  # as typed


def test_offer_kinds_and_survey_status_are_whole_phrases():
    from clustera.partnering.marketplace import answered_by

    assert answered_by("technology_offer") == "a technology offer answers it"
    assert answered_by("unknown") == "an offer of another type answers it"
    results = Path(__file__).resolve().parents[2] / "src/clustera/surveys/templates/surveys"
    assert "get_status_display|lower" not in (results / "results.html").read_text()
