"""Account use cases: API tokens are issued, recorded and revoked with checks."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from clustera.accounts import selectors, services
from clustera.accounts.models import ApiToken
from clustera.accounts.permissions import NotAllowed
from clustera.errors import InvalidInputError

pytestmark = pytest.mark.django_db


def test_a_token_is_stored_as_a_digest_and_found_by_its_clear_value(users):
    token, clear = services.create_token(users["plain"], "  notebook ")
    assert clear.startswith("cl_") and len(clear) > 40
    assert token.name == "notebook" and token.prefix == clear[:8]
    assert not ApiToken.objects.filter(digest__contains=clear[3:]).exists()
    assert selectors.active_token(clear) == token
    assert selectors.active_token(clear + "x") is None


@pytest.mark.parametrize("name", ["", "   ", "x" * 101])
def test_a_token_name_is_1_to_100_characters(users, name):
    with pytest.raises(InvalidInputError) as raised:
        services.create_token(users["plain"], name)
    assert raised.value.field == "name" and raised.value.value == name


def test_inactive_users_neither_get_nor_use_tokens(users):
    _, clear = services.create_token(users["plain"], "before")
    users["plain"].is_active = False
    users["plain"].save()
    assert selectors.active_token(clear) is None
    with pytest.raises(NotAllowed):
        services.create_token(users["plain"], "after")


def test_revoking_is_for_the_tokens_own_user(users):
    token, _ = services.create_token(users["plain"], "mine")
    with pytest.raises(InvalidInputError) as raised:
        services.revoke_token(users["member"], token.pk)
    assert raised.value.field == "token" and raised.value.value == token.pk
    services.revoke_token(users["plain"], token.pk)
    assert not ApiToken.objects.filter(pk=token.pk).exists()


def test_using_a_token_records_when(users):
    token, _ = services.create_token(users["plain"], "used")
    assert token.last_used is None
    services.record_token_use(token)
    token.refresh_from_db()
    assert token.last_used is not None


def test_memberships_list_organisations_by_name_with_roles(users, registry):
    from clustera.accounts.models import OrganisationMembership

    OrganisationMembership.objects.create(
        user=users["member"], organisation=registry["ORG1"], role="admin"
    )
    memberships = selectors.memberships_of(users["member"])
    assert [(m.organisation.key, m.role) for m in memberships] == [
        ("ORG3", "member"),
        ("ORG1", "admin"),
    ]  # Hidden Works sorts before Photon Valley Cluster
    assert [o.key for o in selectors.organisations_of(users["member"])] == ["ORG3", "ORG1"]


def test_cli_token_create_issues_a_working_token(users):
    from clustera.cli.token import token

    result = CliRunner().invoke(token, ["create", "plain", "--name", "script"])
    assert result.exit_code == 0, result.output
    found = selectors.active_token(result.output.strip())
    assert found is not None and found.user == users["plain"] and found.name == "script"
    missing = CliRunner().invoke(token, ["create", "nobody"])
    assert missing.exit_code == 1 and "nobody" in missing.output


def test_set_platform_admin_creates_then_updates_a_superuser(db, django_user_model):
    from django.contrib.auth import authenticate
    from django.test import RequestFactory

    services.set_platform_admin("admin", "first-password-1")
    user = services.set_platform_admin("admin", "second-password-2")
    assert django_user_model.objects.filter(username="admin").count() == 1
    assert user.is_superuser and user.is_staff and user.email == "admin@localhost"
    # a login is a request: the login throttle (django-axes) counts it by address
    login = RequestFactory().post("/accounts/login/")
    assert authenticate(login, username="admin", password="second-password-2") == user
    with pytest.raises(InvalidInputError) as raised:
        services.set_platform_admin("admin", "short")
    assert raised.value.field == "password" and "short" not in str(raised.value)
