"""Production settings from the environment: `clustera check --deploy` is clean; all documented."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from clustera.portal.config import SETTINGS

DOCS = Path(__file__).resolve().parents[2] / "docs" / "operations"

PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "clustera.portal.settings.base",
    "CLUSTERA_DATABASE_URL": "postgres://clustera:secret@db.invalid:5432/clustera",
    "CLUSTERA_SECRET_KEY": "Xq7-3kV9_longandrandomlookingsecretvalue_8pLw2Zr5Tn0Ys4Hd6Jm1",
    "CLUSTERA_ALLOWED_HOSTS": "clusters.example.eu",
    "CLUSTERA_HTTPS": "true",
    "CLUSTERA_SITE_URL": "https://clusters.example.eu",
    "CLUSTERA_EMAIL_URL": "smtp://clustera:secret@mail.example.eu:587",
}


def _check(extra: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLUSTERA_")}
    env.update({**PRODUCTION, "CLUSTERA_DATA_DIR": str(tmp_path), **extra})
    return subprocess.run(  # noqa: S603 - our own command
        [sys.executable, "-c", "from clustera.cli import main; main()", "check", "--deploy"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=180,
    )


@pytest.mark.slow
def test_check_deploy_is_clean_with_production_settings_and_fails_without_https(tmp_path):
    clean = _check({}, tmp_path)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "no issues" in clean.stdout
    plain = _check({"CLUSTERA_HTTPS": "false"}, tmp_path)
    assert plain.returncode == 1
    assert "security.W004" in plain.stdout + plain.stderr  # HSTS missing: the check does look


def test_the_production_guide_names_every_setting():
    text = (DOCS / "production.md").read_text()
    missing = [s.name for s in SETTINGS if f"`{s.name}`" not in text]
    assert missing == []


def test_a_bad_rate_names_the_setting():
    from clustera.errors import InvalidInputError
    from clustera.portal.config import parse_rate, read_settings

    assert parse_rate("120/min") == (120, 60)
    assert parse_rate(" ") is None
    with pytest.raises(InvalidInputError, match="CLUSTERA_API_RATE_IP"):
        read_settings({"CLUSTERA_API_RATE_IP": "lots"})
