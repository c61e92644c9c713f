from __future__ import annotations

import pytest
from django.contrib.auth.models import Group

from clustera.accounts.models import ApiToken, OrganisationMembership
from clustera.registry import models
from clustera.registry.exchange_files import read_exchange
from clustera.registry.importing import import_tables

from .fixtures import write_registry


@pytest.fixture
def registry(tmp_path, db):
    """The tiny hand-made registry, imported."""
    import_tables(read_exchange(write_registry(tmp_path / "registry")))
    return {o.key: o for o in models.Organisation.objects.all()}


@pytest.fixture
def users(registry, django_user_model):
    """One user per role: editor, admin of ORG2, member of ORG3 (private), plain user, superuser."""
    editor = django_user_model.objects.create_user("editor", password="pw-editor-1")
    editor.groups.add(Group.objects.get(name="editor"))
    editor.is_staff = True
    editor.save()
    org_admin = django_user_model.objects.create_user("orgadmin", password="pw-orgadmin-1")
    OrganisationMembership.objects.create(user=org_admin, organisation=registry["ORG2"], role="admin")
    member = django_user_model.objects.create_user("member", password="pw-member-1")
    OrganisationMembership.objects.create(user=member, organisation=registry["ORG3"], role="member")
    plain = django_user_model.objects.create_user("plain", password="pw-plain-1")
    root = django_user_model.objects.create_superuser("root", password="pw-root-1")
    return {"editor": editor, "orgadmin": org_admin, "member": member, "plain": plain, "root": root}


@pytest.fixture
def bearer(users):
    """Authorization headers with a fresh API token for a role."""
    def headers(role: str) -> dict[str, str]:
        _, clear = ApiToken.issue(users[role], "test")
        return {"HTTP_AUTHORIZATION": f"Bearer {clear}"}
    return headers
