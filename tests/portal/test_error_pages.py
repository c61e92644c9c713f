"""Styled error pages with the site's navigation: 404, 403 and 500."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_unknown_and_private_pages_answer_a_styled_404(client, users, registry):
    client.force_login(users["plain"])
    private = f"/organisations/{registry['ORG3'].pk}/"
    for url in ("/no/such/page/", private, "/conversations/999/"):
        response = client.get(url)
        page = response.content.decode()
        assert response.status_code == 404, url
        assert "Not found" in page and 'href="/directory/"' in page and 'class="topbar"' in page
    assert "No such organisation" in client.get(private).content.decode()


def test_a_refusal_answers_a_styled_403_naming_the_reason(client, users, registry):
    client.force_login(users["plain"])
    response = client.get(f"/organisations/{registry['ORG2'].pk}/edit/")
    page = response.content.decode()
    assert response.status_code == 403 and "Not allowed" in page
    assert "Only this organisation" in page and 'href="/accounts/me/"' in page


def test_a_server_error_answers_a_styled_500_with_navigation(client, db):
    from django.test import Client

    from clustera.portal import urls

    def broken(request):
        raise RuntimeError("boom")

    from django.urls import path

    urls.urlpatterns.append(path("boom-for-test/", broken))
    try:
        response = Client(raise_request_exception=False).get("/boom-for-test/")
    finally:
        urls.urlpatterns.pop()
    page = response.content.decode()
    assert response.status_code == 500 and "Something went wrong on our side" in page
    assert 'href="/directory/"' in page and "boom" not in page


def test_unknown_codes_in_the_directory_query_are_ignored_and_named(client, registry):
    page = client.get("/directory/?region=XX99&technology=nope&type=sme").content.decode()
    assert "No region has the code “XX99”: that filter was ignored." in page
    assert "No technology has the code “nope”: that filter was ignored." in page
    # the known filter still applies, the unknown ones do not empty the list
    assert "1 organisation" in page and "Lumen Optics" in page
    assert "Photon Valley Cluster" not in page
    # the export links and the search form carry only the filters that were applied
    assert "organisations.csv?type=sme" in page and "XX99" not in page.split("ignored.")[-1]


def test_known_codes_in_the_directory_query_raise_no_notice(client, registry):
    page = client.get("/directory/?region=XA11&technology=KET:KET2&cluster_label=gold").content
    page = page.decode()
    assert "was ignored" not in page and "Photon Valley Cluster" in page
    page = client.get("/directory/?cluster_label=platinum&nace=Z99").content.decode()
    assert "“platinum” is not a cluster label: that filter was ignored." in page
    assert "No activity has the code “Z99”: that filter was ignored." in page
    assert "Lumen Optics" in page and "Photon Valley Cluster" in page


def test_a_404_says_why_in_the_readers_language(client, db):
    english = client.get("/surveys/no-such-survey/").content.decode()
    french = client.get("/fr/surveys/no-such-survey/").content.decode()
    german = client.get("/de/observatory/regions/ZZ99/").content.decode()
    assert "No such survey" in english
    assert "Cette enquête n&#x27;existe pas" in french or "Cette enquête n'existe pas" in french
    assert "keine Region &#x27;ZZ99&#x27;" in german or "keine Region 'ZZ99'" in german
