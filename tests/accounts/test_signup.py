"""Signing up: an inactive account, a signed expiring link by e-mail, activation, reset."""

from __future__ import annotations

import re

import pytest

from clustera.accounts import services
from clustera.errors import InvalidInputError

pytestmark = pytest.mark.django_db

LINK = re.compile(r"http://testserver(/accounts/verify/[^/\s]+/[^/\s]+/)")


def _logs_in(client, username: str, password: str) -> bool:
    """Log in through the login page (the throttle needs the request)."""
    response = client.post("/accounts/login/", {"username": username, "password": password})
    return response.status_code == 302


def _sign_up(client, **overrides):
    data = {
        "username": "ana",
        "email": "Ana@PV.example",
        "password1": "photonic-lasers-42",
        "password2": "photonic-lasers-42",
    }
    data.update(overrides)
    return client.post("/accounts/signup/", data)


def test_sign_up_creates_an_inactive_account_and_mails_the_link(client, mailoutbox, db):
    from django.contrib.auth import get_user_model

    response = _sign_up(client)
    assert response.status_code == 200 and "Check your e-mail" in response.content.decode()
    user = get_user_model().objects.get(username="ana")
    assert not user.is_active and user.email == "ana@pv.example"
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["ana@pv.example"] and "Confirm your e-mail" in mail.subject
    assert "expires in 3 days" in mail.body
    # an inactive account cannot log in
    assert not _logs_in(client, "ana", "photonic-lasers-42")

    path = LINK.search(mail.body).group(1)
    page = client.get(path, follow=True)
    assert page.redirect_chain[-1][0] == "/accounts/me/"
    assert "account active" in page.content.decode()
    user.refresh_from_db()
    assert user.is_active
    # the link works once
    assert client.get(path).status_code == 400


def test_an_altered_or_expired_link_is_refused(client, mailoutbox, settings, db):
    from django.contrib.auth import get_user_model

    _sign_up(client)
    path = LINK.search(mailoutbox[0].body).group(1)
    altered = path[:-3] + "zz/"
    response = client.get(altered)
    assert response.status_code == 400 and "not valid" in response.content.decode()
    settings.PASSWORD_RESET_TIMEOUT = -1  # every link has expired
    assert client.get(path).status_code == 400
    assert not get_user_model().objects.get(username="ana").is_active


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"email": "not-an-address"}, "email", "valid email"),
        ({"username": "has space"}, "username", "valid username"),
        ({"password1": "12345678", "password2": "12345678"}, "password1", "common"),
        ({"password2": "other-password-99"}, "password2", "differ"),
    ],
)
def test_sign_up_errors_are_shown_on_their_field(client, mailoutbox, overrides, field, message):
    from django.contrib.auth import get_user_model

    response = _sign_up(client, **overrides)
    assert response.status_code == 422
    errors = response.context["form"].errors
    assert field in errors or (field == "password1" and "password" in str(errors))
    assert message in response.content.decode().lower().replace("&#x27;", "'")
    assert not get_user_model().objects.exists() and not mailoutbox


def test_taken_user_names_and_addresses_are_refused_by_the_service(users):
    users["plain"].email = "plain@pv.example"
    users["plain"].save()
    with pytest.raises(InvalidInputError) as raised:
        services.sign_up("PLAIN", "new@pv.example", "photonic-lasers-42")
    assert raised.value.field == "username" and raised.value.value == "PLAIN"
    with pytest.raises(InvalidInputError) as raised:
        services.sign_up("newcomer", "Plain@PV.example", "photonic-lasers-42")
    assert raised.value.field == "email"


def test_password_reset_mails_a_link_that_sets_a_new_password(client, users, mailoutbox):
    users["plain"].email = "plain@pv.example"
    users["plain"].save()
    page = client.get("/accounts/password/reset/").content.decode()
    assert "Reset your password" in page and "Django administration" not in page
    response = client.post("/accounts/password/reset/", {"email": "plain@pv.example"})
    assert response["Location"] == "/accounts/password/reset/sent/"
    assert len(mailoutbox) == 1 and "Reset your Clustera password" in mailoutbox[0].subject
    path = re.search(r"http://testserver(/accounts/password/reset/\S+/)", mailoutbox[0].body)
    form = client.get(path.group(1), follow=True)
    assert "Choose a new password" in form.content.decode()
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "brand-new-secret-77", "new_password2": "brand-new-secret-77"},
        follow=True,
    )
    assert "Password changed" in done.content.decode()
    client.logout()
    assert _logs_in(client, "plain", "brand-new-secret-77")


def test_login_page_links_to_sign_up_and_reset(client, db):
    page = client.get("/accounts/login/").content.decode()
    assert 'href="/accounts/signup/"' in page and 'href="/accounts/password/reset/"' in page


def test_a_new_link_is_sent_only_to_an_inactive_account_and_the_answer_is_the_same(
    client, users, mailoutbox
):
    _sign_up(client)
    mailoutbox.clear()
    users["plain"].email = "plain@pv.example"
    users["plain"].save()
    pages = [
        client.post("/accounts/verify/resend/", {"email": address}).content.decode()
        for address in ("ANA@pv.example", "plain@pv.example", "nobody@pv.example")
    ]
    assert all("We sent a link to" in page for page in pages)
    assert [m.to for m in mailoutbox] == [["ana@pv.example"]]  # active and unknown: nothing
    path = LINK.search(mailoutbox[0].body).group(1)
    assert client.get(path, follow=True).redirect_chain[-1][0] == "/accounts/me/"
    assert 'href="/accounts/verify/resend/"' in client.get("/accounts/login/").content.decode()


def test_the_invited_sign_up_form_is_the_sign_up_form_without_the_address():
    from clustera.accounts.forms import InvitedSignUpForm, SignUpForm

    assert issubclass(InvitedSignUpForm, SignUpForm)
    assert list(InvitedSignUpForm().fields) == ["username", "password1", "password2"]
    differ = InvitedSignUpForm({"username": "ana", "password1": "a-long-pw-1", "password2": "x"})
    assert not differ.is_valid() and differ.errors["password2"] == ["The two passwords differ."]
    same = InvitedSignUpForm(
        {"username": "ana", "password1": "a-long-pw-1", "password2": "a-long-pw-1"}
    )
    assert same.is_valid() and "email" not in same.cleaned_data
