"""An event's title and description in the site's other languages, with a fallback notice."""

from __future__ import annotations

import pytest

from clustera.accounts.permissions import NotAllowed
from clustera.errors import InvalidInputError
from clustera.events import selectors, services
from clustera.events.models import EventTranslation

pytestmark = pytest.mark.django_db

ORGANISER_ONLY = [(None, 302), ("plain", 403), ("member", 403), ("orgadmin", 403),
                  ("other", 403), ("organiser", 200), ("editor", 200), ("analyst", 403),
                  ("root", 200)]  # fmt: skip


def test_a_reader_gets_their_language_or_the_original_with_a_flag(event, people):
    services.save_translation(people["organiser"], event, "fr", "Rencontres photonique", "Texte")
    french = selectors.event_text(event, "fr-BE")
    assert (french.title, french.description, french.language) == (
        "Rencontres photonique",
        "Texte",
        "fr",
    )
    assert not french.is_fallback
    german = selectors.event_text(event, "de")
    assert (german.title, german.language, german.is_fallback) == (event.title, "en", True)
    english = selectors.event_text(event, "en")
    assert (english.title, english.is_fallback) == (event.title, False)


def test_a_translation_without_description_keeps_the_originals(event, people):
    event.description = "Meet the photonics value chain."
    event.save()
    services.save_translation(people["organiser"], event, "de", "Photonik-Treffen")
    text = selectors.event_text(event, "de")
    assert (text.title, text.description) == ("Photonik-Treffen", "Meet the photonics value chain.")


def test_saving_again_replaces_and_deleting_falls_back(event, people):
    organiser = people["organiser"]
    services.save_translation(organiser, event, "fr", "Premier titre")
    services.save_translation(organiser, event, "fr", "Second titre")
    assert list(event.translations.values_list("title", flat=True)) == ["Second titre"]
    assert services.delete_translation(organiser, event, "fr")
    assert selectors.event_text(event, "fr").is_fallback


@pytest.mark.parametrize(
    ("language", "title", "field"),
    [("xx", "Titre", "language"), ("en", "Title", "language"), ("fr", "  ", "title"),
     ("fr", "x" * 301, "title")],
)  # fmt: skip
def test_bad_translations_are_refused_naming_the_field(event, people, language, title, field):
    with pytest.raises(InvalidInputError) as excinfo:
        services.save_translation(people["organiser"], event, language, title)
    assert excinfo.value.field == field
    assert not EventTranslation.objects.exists()


@pytest.mark.parametrize("role", ["plain", "orgadmin", "other", "analyst"])
def test_only_organisers_translate(event, people, role):
    with pytest.raises(NotAllowed):
        services.save_translation(people[role], event, "fr", "Titre")
    services.save_translation(people["organiser"], event, "fr", "Titre")
    with pytest.raises(NotAllowed):
        services.delete_translation(people[role], event, "fr")
    assert event.translations.count() == 1


def test_the_event_page_speaks_the_readers_language(client, event, people):
    services.save_translation(people["organiser"], event, "fr", "Rencontres photonique", "Venez.")
    french = client.get(f"/events/{event.pk}/", HTTP_ACCEPT_LANGUAGE="fr", follow=True)
    assert french.redirect_chain[-1][0] == f"/fr/events/{event.pk}/"
    html = french.content.decode()
    assert '<h1 lang="fr">Rencontres photonique</h1>' in html and "Venez." in html
    german = client.get(f"/de/events/{event.pk}/")
    assert f'<h1 lang="en">{event.title}</h1>' in german.content.decode()
    assert "original language only" in german.content.decode() or "Originalsprache" in (
        german.content.decode()
    )


@pytest.mark.parametrize(("role", "status"), ORGANISER_ONLY)
def test_the_translations_page_is_for_organisers(client, event, people, role, status):
    if role:
        client.force_login(people[role])
    url = f"/events/{event.pk}/manage/translations/"
    assert client.get(url).status_code == status
    posted = client.post(url, {"language": "fr", "title": "Rencontres", "description": ""})
    assert posted.status_code == (302 if status == 200 else status)
    assert event.translations.filter(language="fr").exists() == (status == 200)


def test_the_translations_page_names_a_bad_field_and_writes_nothing(client, event, people):
    client.force_login(people["organiser"])
    response = client.post(
        f"/events/{event.pk}/manage/translations/", {"language": "fr", "title": ""}
    )
    assert response.status_code == 422
    assert "This field is required" in response.content.decode()
    assert not event.translations.exists()
    client.post(f"/events/{event.pk}/manage/translations/", {"language": "de", "title": "Treffen"})
    client.post(f"/events/{event.pk}/manage/translations/", {"delete": "de"})
    assert not event.translations.exists()
