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
