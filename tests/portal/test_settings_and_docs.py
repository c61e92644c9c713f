"""Settings are declared once, checked at start-up, and documented; so is the exchange schema."""

from __future__ import annotations

from pathlib import Path

import pytest

from clustera.errors import InvalidInputError
from clustera.portal.config import SETTINGS, read_settings
from clustera.portal.settings.base import database_from_url
from clustera.registry.schema import TABLES

DOCS = Path(__file__).resolve().parents[2] / "docs"


def test_every_setting_is_documented():
    text = (DOCS / "settings.md").read_text()
    for setting in SETTINGS:
        assert f"`{setting.name}`" in text, f"{setting.name} is missing from docs/settings.md"


def test_every_exchange_column_is_documented():
    text = (DOCS / "registry-schema.md").read_text()
    for table in TABLES:
        section = text.split(f"## `{table.name}`")[1].split("\n## ")[0]
        for column in table.columns:
            assert f"| `{column.name}` |" in section, f"{table.name}.{column.name} undocumented"


def test_bad_setting_values_name_the_setting():
    with pytest.raises(InvalidInputError, match="CLUSTERA_PAGE_SIZE"):
        read_settings({"CLUSTERA_PAGE_SIZE": "many"})
    with pytest.raises(InvalidInputError, match="CLUSTERA_DEBUG"):
        read_settings({"CLUSTERA_DEBUG": "perhaps"})
    assert read_settings({"CLUSTERA_DEBUG": "yes"})["CLUSTERA_DEBUG"] is True


def test_database_urls():
    pg = database_from_url("postgres://u:p%40ss@db.example:5433/clu")
    assert (pg["ENGINE"], pg["NAME"], pg["PASSWORD"], pg["PORT"]) == (
        "django.db.backends.postgresql",
        "clu",
        "p@ss",
        "5433",
    )
    assert (
        pg["CONN_MAX_AGE"] > 0 and pg["CONN_HEALTH_CHECKS"]
    )  # a connection per request halves speed
    assert database_from_url("")["ENGINE"] == "django.db.backends.sqlite3"
    with pytest.raises(ValueError, match="mysql"):
        database_from_url("mysql://x/y")


def test_readme_shows_the_two_commands_first():
    readme = (DOCS.parent / "README.md").read_text()
    head = readme[:1500]
    assert "make demo" in head and "make test" in head


def test_readme_library_example_runs():
    readme = (DOCS.parent / "README.md").read_text()
    code = readme.split("```python\n", 1)[1].split("```", 1)[0]
    namespace: dict[str, object] = {}
    exec(compile(code, "README.md", "exec"), namespace)  # noqa: S102 - our own README
    assert namespace["lq"].shape == namespace["employment"].shape


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("", {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}),
        (
            "smtp://mailer:p%40ss@mail.example.org:587",
            {
                "EMAIL_HOST": "mail.example.org",
                "EMAIL_PORT": 587,
                "EMAIL_HOST_USER": "mailer",
                "EMAIL_HOST_PASSWORD": "p@ss",
                "EMAIL_USE_TLS": True,
                "EMAIL_USE_SSL": False,
            },
        ),
        ("smtps://mail.example.org", {"EMAIL_PORT": 465, "EMAIL_USE_SSL": True}),
        ("smtp://relay.local:25?tls=false", {"EMAIL_USE_TLS": False}),
        ("file:///var/mail/clustera", {"EMAIL_FILE_PATH": "/var/mail/clustera"}),
    ],
)
def test_the_email_url_gives_djangos_email_settings(url, expected):
    from clustera.portal.settings.base import email_from_url

    settings = email_from_url(url)
    assert {key: settings[key] for key in expected} == expected


def test_an_unknown_email_scheme_is_refused_naming_it():
    from clustera.portal.settings.base import email_from_url

    with pytest.raises(ValueError, match="'imap'"):
        email_from_url("imap://mail.example.org")
