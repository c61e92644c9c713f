"""Fixtures shared by the whole suite."""

from __future__ import annotations

from pathlib import Path

import pytest

from clustera.testing import require_shared


def pytest_configure(config: pytest.Config) -> None:
    """Compile the translation catalogues edited since the last ``make install``."""
    from clustera.portal.catalogues import compile_all

    compile_all(only_stale=True)


@pytest.fixture
def shared():
    """Return a function giving a path inside ../shared, skipping when it is absent."""
    return require_shared


@pytest.fixture
def tmp_dir(tmp_path: Path) -> Path:
    return tmp_path


@pytest.fixture
def registry(tmp_path, db):
    """The tiny hand-made registry (clustera.testing.registry_data), imported; organisations by key."""
    from clustera.registry import models
    from clustera.registry.exchange_files import read_exchange
    from clustera.registry.importing import import_tables
    from clustera.testing.registry_data import write_registry

    import_tables(read_exchange(write_registry(tmp_path / "registry")))
    return {o.key: o for o in models.Organisation.objects.all()}


@pytest.fixture
def users(registry, django_user_model):
    """One user per role: editor, admin of ORG2, member of ORG3 (private), plain user, superuser."""
    from django.contrib.auth.models import Group

    from clustera.accounts.models import OrganisationMembership

    editor = django_user_model.objects.create_user("editor", password="pw-editor-1", is_staff=True)
    editor.groups.add(Group.objects.get(name="editor"))
    org_admin = django_user_model.objects.create_user("orgadmin", password="pw-orgadmin-1")
    OrganisationMembership.objects.create(
        user=org_admin, organisation=registry["ORG2"], role="admin"
    )
    member = django_user_model.objects.create_user("member", password="pw-member-1")
    OrganisationMembership.objects.create(user=member, organisation=registry["ORG3"], role="member")
    plain = django_user_model.objects.create_user("plain", password="pw-plain-1")
    root = django_user_model.objects.create_superuser("root", password="pw-root-1")
    return {"editor": editor, "orgadmin": org_admin, "member": member, "plain": plain, "root": root}


@pytest.fixture
def bearer(users):
    """Authorization headers with a fresh API token for a role."""
    from clustera.accounts.models import ApiToken

    def headers(role: str) -> dict[str, str]:
        _, clear = ApiToken.issue(users[role], "test")
        return {"HTTP_AUTHORIZATION": f"Bearer {clear}"}

    return headers


@pytest.fixture
def isolated_recommender(settings, tmp_path, monkeypatch):
    """A fresh data folder and an empty recommender cache, restored afterwards.

    For tests that call the partner-matching API on their own data (fuzzing, the
    authorisation matrix), so the model they fit does not leak into later tests.
    """
    from clustera.partnering import model_store

    settings.DATA_DIR = tmp_path
    for name, value in (
        ("recommender", None),
        ("loaded_mtime", 0.0),
        ("fingerprint", ""),
        ("refit_requested", ""),
    ):
        monkeypatch.setattr(model_store._Fitted, name, value)
