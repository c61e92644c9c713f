"""French and German pages: prefixed addresses, the browser's language, the switcher."""

from __future__ import annotations

import re

import pytest
from django.template import Context, Template
from django.utils import translation

pytestmark = pytest.mark.django_db


def test_french_home_page(client, registry):
    response = client.get("/fr/")
    page = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="fr">' in page
    assert ">Annuaire</a>" in page and ">Directory</a>" not in page
    assert 'href="/fr/directory/"' in page
    assert response["Content-Language"] == "fr"


def test_german_directory_page(client, registry):
    page = client.get("/de/directory/").content.decode()
    assert '<html lang="de">' in page
    assert ">Verzeichnis</a>" in page
    assert "Optics" in page or "ORG" in page or registry["ORG1"].name in page
    assert f'href="/de/organisations/{registry["ORG1"].pk}/"' in page


def test_hreflang_alternates_name_every_language(client, registry):
    page = client.get("/fr/directory/?type=cluster").content.decode()
    alternates = dict(re.findall(r'<link rel="alternate" hreflang="([\w-]+)" href="([^"]+)"', page))
    assert alternates == {
        "en": "http://testserver/directory/?type=cluster",
        "x-default": "http://testserver/directory/?type=cluster",
        "fr": "http://testserver/fr/directory/?type=cluster",
        "de": "http://testserver/de/directory/?type=cluster",
    }


def test_english_stays_unprefixed(client, registry):
    response = client.get("/directory/")
    assert response.status_code == 200
    assert '<html lang="en">' in response.content.decode()
    assert client.get("/en/directory/").status_code == 404


def test_browser_language_redirects_an_unprefixed_page(client, registry):
    response = client.get(
        "/directory/?type=cluster", HTTP_ACCEPT_LANGUAGE="de-AT,de;q=0.9,en;q=0.5"
    )
    assert response.status_code == 302
    assert response["Location"] == "/de/directory/?type=cluster"
    assert "Accept-Language" in response["Vary"]
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="fr-BE")["Location"] == "/fr/"
    # a language the portal does not speak: English
    assert client.get("/directory/", HTTP_ACCEPT_LANGUAGE="pl").status_code == 200


@pytest.mark.parametrize(
    "path", ["/api/organisations", "/news/feed.rss", "/map/data.json", "/observatory/map/data.json"]
)
def test_api_feeds_and_data_are_never_redirected(client, registry, path):
    assert client.get(path, HTTP_ACCEPT_LANGUAGE="fr").status_code != 302


def test_htmx_fragments_are_never_redirected(client, registry):
    response = client.get("/directory/", HTTP_ACCEPT_LANGUAGE="fr", HTTP_HX_REQUEST="true")
    assert response.status_code == 200


def _switcher(page: str) -> dict[str, str]:
    """language -> the ``next`` address its switcher form posts."""
    forms = re.findall(
        r'<form method="post" action="/i18n/setlang/".*?name="next" value="([^"]*)".*?'
        r'name="language" value="(\w+)"',
        page,
    )
    return {language: target for target, language in forms}


def test_switcher_round_trip_without_javascript(client, registry):
    switcher = _switcher(client.get("/fr/directory/").content.decode())
    assert switcher == {"en": "/directory/", "fr": "/fr/directory/", "de": "/de/directory/"}
    to_german = client.post("/i18n/setlang/", {"language": "de", "next": switcher["de"]})
    assert to_german.status_code == 302 and to_german["Location"] == "/de/directory/"
    assert client.cookies["clustera_language"].value == "de"
    assert '<html lang="de">' in client.get("/de/directory/").content.decode()
    # an unprefixed page now follows the cookie, whatever the browser says
    assert client.get("/directory/", HTTP_ACCEPT_LANGUAGE="fr")["Location"] == "/de/directory/"
    back = _switcher(client.get("/de/directory/").content.decode())["en"]
    to_english = client.post("/i18n/setlang/", {"language": "en", "next": back})
    assert to_english["Location"] == "/directory/"
    english = client.get("/directory/", HTTP_ACCEPT_LANGUAGE="fr")
    assert english.status_code == 200 and '<html lang="en">' in english.content.decode()


def test_a_string_missing_from_the_catalogue_shows_in_english():
    template = Template(
        '{% load i18n %}{% translate "A sentence no catalogue has" %}|{% translate "Directory" %}'
    )
    with translation.override("fr"):
        assert template.render(Context()) == "A sentence no catalogue has|Annuaire"


def test_an_unknown_language_prefix_is_a_404_not_an_empty_page(client, registry):
    response = client.get("/es/directory/")
    assert response.status_code == 404
    assert "<main" in response.content.decode()
