"""The survey pages: consent, one page per group with skip logic, save and resume, languages,
the respondent's own answers, results."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from tests.surveys.conftest import GOOD

from clustera.surveys import services
from clustera.surveys.models import Response

pytestmark = pytest.mark.django_db


def _start(client, **headers):
    page = client.get("/surveys/three-pages/", headers=headers, follow=True)
    assert page.status_code == 200
    started = client.post("/surveys/three-pages/", {"consent": "yes"}, headers=headers)
    assert started.status_code == 302
    return started["Location"]


def test_the_list_links_to_open_surveys(client, survey, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        page = client.get("/surveys/")
    assert b"Centre use" in page.content and b"/surveys/three-pages/" in page.content


def test_consent_shows_purpose_controller_retention_and_personal_data(client, survey):
    page = client.get("/surveys/three-pages/").content.decode()
    assert "Purpose" in page and "Controller" in page and "365 days" in page
    assert "E-mail" in page  # the personal-data question is named before starting
    refused = client.post("/surveys/three-pages/", {})
    assert refused.status_code == 200 and not Response.objects.exists()


def test_a_respondent_goes_page_by_page_with_server_side_skip_logic(client, survey):
    resume = _start(client)
    first = client.get(resume).content.decode()
    assert "Page 1 of 2" in first and 'name="company"' in first
    client.post(resume, {"page": "0", "company": "Acme", "used": "no", "action": "next"})
    second = client.get(resume).content.decode()
    assert "Page 2 of 2" in second and 'name="services"' in second  # the centre page is skipped
    invalid = client.post(resume, {"page": "1", "action": "next"})
    assert invalid.status_code == 422 and "This question is required." in invalid.content.decode()
    client.post(resume, {"page": "1", "services": ["testing"], "action": "next"})
    review = client.get(resume).content.decode()
    assert "Submit my answers" in review
    done = client.post(resume, {"page": "2", "action": "submit"})
    assert done.status_code == 302
    response = Response.objects.get()
    assert response.status == "complete"
    assert response.answers == {"company": "Acme", "used": "no", "services": ["testing"]}
    assert "Thank you" in client.get(resume).content.decode()


def test_a_closed_tab_resumes_where_it_stopped(client, survey):
    resume = _start(client)
    client.post(resume, {"page": "0", "company": "Acme", "used": "yes", "action": "next"})
    # a new visit to the survey's address goes back to the answers in progress
    again = client.get("/surveys/three-pages/")
    assert again.status_code == 302 and again["Location"] == resume
    page = client.get(resume).content.decode()
    assert 'name="centre_name"' in page and "Page 2 of 3" in page
    back = client.get(resume + "?page=0").content.decode()
    assert 'value="Acme"' in back


def test_the_resume_link_is_emailed_on_request(client, survey, mailoutbox):
    resume = _start(client)
    client.post(resume, {"page": "0", "company": "Acme", "used": "no", "email": "me@example.org"})
    assert len(mailoutbox) == 1 and resume in mailoutbox[0].body


def test_the_language_comes_from_the_browser_and_can_be_switched(client, survey):
    resume = _start(client, **{"Accept-Language": "fr-BE,fr;q=0.9,en;q=0.5"})
    # a French browser is sent to /fr/ (PreferredLanguageMiddleware); the form follows it too
    consent = Client().get("/surveys/three-pages/", headers={"Accept-Language": "fr"}, follow=True)
    assert "Recours aux centres" in consent.content.decode()  # the French form's title
    assert consent["Content-Language"] == "fr"
    page = client.get(resume, headers={"Accept-Language": "fr"}, follow=True)
    html = page.content.decode()
    assert "Avez-vous déjà fait appel à un centre technologique ?" in html
    assert page["Content-Language"] == "fr" and '<div lang="fr">' in html
    assert 'href="?lang=en" hreflang="en"' in html  # the switcher offers English
    english = client.get(resume + "?lang=en", headers={"Accept-Language": "fr"}, follow=True)
    assert "Have you used a technology centre?" in english.content.decode()
    assert english["Content-Language"] == "en"
    # the choice sticks to the response: the next page stays in English
    again = client.get(resume, headers={"Accept-Language": "fr"}, follow=True)
    assert "Have you used" in again.content.decode()


def test_the_respondent_downloads_and_erases_their_answers(client, survey):
    response, _ = services.submit(survey, GOOD)
    url = f"/surveys/three-pages/r/{response.resume_key}/"
    mine = client.get(url + "mine.json")
    assert mine.json()["answers"]["company"] == "Acme"
    assert client.post(url + "erase/").status_code == 302
    assert not Response.objects.exists()
    assert client.get(url).status_code == 404


def test_an_invitee_answers_through_their_link(client, survey, users, mailoutbox):
    services.invite(survey, ["x@example.org"], user=users["orgadmin"], base_url="http://testserver")
    link = re.search(r"http://testserver(\S+)", mailoutbox[0].body).group(1)
    assert client.get(link).status_code == 200
    resume = client.post(link, {"consent": "yes"})["Location"]
    assert client.get(link)["Location"] == resume  # the same response, once per token


def test_results_show_aggregates_with_small_cells_suppressed(
    client, survey, django_assert_max_num_queries
):
    for _ in range(6):
        services.submit(survey, GOOD)
    services.submit(survey, {**GOOD, "used": "no"})
    with django_assert_max_num_queries(15):
        page = client.get("/surveys/three-pages/results/").content.decode()
    assert '<div class="figure">7</div>complete' in page
    assert "&lt; 5" in page  # one "no" is under the threshold
    assert "Individual answers" not in page and "Acme" not in page


def test_organisers_see_individual_answers_and_filters(client, survey, users):
    services.submit(survey, GOOD)
    client.force_login(users["orgadmin"])
    page = client.get("/surveys/three-pages/results/").content.decode()
    assert "Individual answers" in page and "Acme" in page and "Invite respondents" in page


def test_a_closed_survey_takes_no_new_answers(client, survey, users):
    client.force_login(users["orgadmin"])
    client.post("/surveys/three-pages/status/", {"status": "closed"})
    client.logout()
    page = client.get("/surveys/three-pages/")
    assert "This survey is closed." in page.content.decode()
    assert client.post("/surveys/three-pages/", {"consent": "yes"}).status_code == 200
    from clustera.surveys.models import Response as Stored

    assert not Stored.objects.exists()
