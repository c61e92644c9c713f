"""The synthetic world through the importer: complete, labelled synthetic, deterministic per seed."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys

import pytest
from django.core.management import call_command

from clustera.portal.seeding import seed_world
from clustera.registry import models
from clustera.registry.exporting import export_tables, to_json

pytestmark = pytest.mark.django_db(transaction=True)


def _wipe() -> None:
    call_command("flush", interactive=False, verbosity=0)


def _export_digest() -> str:
    return hashlib.sha256(to_json(export_tables()).encode()).hexdigest()


def test_same_seed_gives_the_same_export_byte_for_byte_and_another_seed_differs():
    seed_world(3, 300, with_datasets=False)
    first = _export_digest()
    assert models.Organisation.objects.filter(is_synthetic=True).count() == 300
    _wipe()
    seed_world(3, 300, with_datasets=False)
    assert _export_digest() == first
    _wipe()
    seed_world(4, 300, with_datasets=False)
    assert _export_digest() != first


def test_the_seeded_world_fills_every_registry_table():
    report = seed_world(1, 300, with_datasets=False)
    for table in (
        "regions",
        "activities",
        "technologies",
        "organisations",
        "clusters",
        "memberships",
        "offers",
        "services",
        "projects",
        "participations",
        "contacts",
    ):
        assert report.created.get(table, 0) > 0, f"no {table} in the synthetic world"
    assert set(models.Region.objects.values_list("nuts_version", flat=True)) == {"SYN"}
    assert models.Organisation.objects.filter(region__isnull=True).count() == 0
    located = models.Organisation.objects.filter(type="technology_centre", lat__isnull=False)
    assert located.exists()
    assert (
        models.Service.objects.filter(
            organisation__type__in=["technology_centre", "rto", "dih", "university"]
        ).count()
        == models.Service.objects.count()
    )


@pytest.mark.slow
def test_demo_run_prepares_once_and_reuses_data_and_admin(tmp_path):
    env = {
        **os.environ,
        "CLUSTERA_DATA_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "clustera.portal.settings.base",
    }
    env.pop("CLUSTERA_DATABASE_URL", None)
    command = [sys.executable, "-m", "clustera.cli", "demo", "run", "--no-serve"]
    first = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600)
    assert first.returncode == 0, first.stderr
    assert (tmp_path / "clustera.sqlite3").exists()
    password = (tmp_path / "admin_password").read_text().strip()
    people = dict(
        line.split(" ", 1) for line in (tmp_path / "demo_passwords").read_text().splitlines()
    )
    output = first.stdout + first.stderr
    # passwords go to the private files only, never into the log
    assert "admin (password in" in output and "(new)" in output and password not in output
    assert set(people) == {
        "cluster-manager",
        "sme-owner",
        "centre-manager",
        "policy-maker",
        "analyst",
    }
    assert all(name in output and secret not in output for name, secret in people.items())
    for name in ("admin_password", "demo_passwords"):
        assert (tmp_path / name).stat().st_mode & 0o777 == 0o600
    assert tmp_path.stat().st_mode & 0o777 == 0o700
    second = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600)
    assert second.returncode == 0, second.stderr
    assert "reusing it" in second.stderr and "(new)" not in second.stderr
    assert (tmp_path / "admin_password").read_text().strip() == password
    assert (tmp_path / "demo_passwords").read_text().splitlines() == [
        f"{name} {secret}" for name, secret in people.items()
    ]
