"""Security defaults: login throttling with a clear lockout, CSP without inline scripts, HTTPS settings."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.contrib.auth import get_user_model

pytestmark = pytest.mark.django_db


@pytest.fixture
def person():
    return get_user_model().objects.create_user("ada", password="right-horse-battery")


def _login(client, password):
    return client.post("/accounts/login/", {"username": "ada", "password": password})


def test_login_is_locked_after_the_failures_even_with_the_right_password(client, person, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _login(client, "wrong").status_code == 200  # the form again, with its error
    locked = _login(client, "wrong")
    assert locked.status_code == 429
    assert "too many failed logins" in locked.content.decode()
    after = _login(client, "right-horse-battery")
    assert after.status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_successful_login_before_the_limit_resets_the_count(client, person, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _login(client, "wrong")
    assert _login(client, "right-horse-battery").status_code == 302
    client.logout()
    assert _login(client, "wrong").status_code == 200


def test_pages_carry_a_content_security_policy_without_inline_scripts(client):
    policy = client.get("/").headers["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["script-src"] == "'self'"
    assert "unsafe-inline" not in directives["script-src"]
    assert "unsafe-eval" not in policy
    assert directives["frame-ancestors"] == "'none'"


def _deploy_check(extra: dict[str, str]) -> str:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "clustera.portal.settings.base",
        "CLUSTERA_SECRET_KEY": "k" * 20 + "x9Q-long-enough-and-random-looking-" + "z" * 20,
        "CLUSTERA_ALLOWED_HOSTS": "clusters.example.eu",
        "CLUSTERA_DATA_DIR": os.environ.get("CLUSTERA_DATA_DIR", "/tmp"),
        **extra,
    }
    done = subprocess.run(
        [sys.executable, "-m", "django", "check", "--deploy"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    return done.stdout + done.stderr


@pytest.mark.slow
def test_deploy_check_is_clean_of_https_warnings_when_https_is_on():
    warnings = ("security.W004", "security.W008", "security.W012", "security.W016")
    report = _deploy_check({"CLUSTERA_HTTPS": "true"})
    assert not [w for w in warnings if w in report], report
    plain = _deploy_check({"CLUSTERA_HTTPS": "false"})
    assert all(w in plain for w in warnings), plain  # the check does look at them
