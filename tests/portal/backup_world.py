"""A small portal with rows in every app, driven from subprocesses by tests/portal/test_backup.py.

Run as ``python backup_world.py COMMAND [ARG]`` with the database chosen by the
environment (``CLUSTERA_DATA_DIR`` for SQLite, ``CLUSTERA_DATABASE_URL`` for
PostgreSQL). Commands: ``fill``, ``mutate``, ``dump FILE``, ``write-batches FOLDER``,
``batches``, ``migrate [APP TARGET]``.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clustera.portal.settings.base")

import django  # noqa: E402

django.setup()

from django.apps import apps  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.core.serializers.json import DjangoJSONEncoder  # noqa: E402
from django.db import transaction  # noqa: E402

BATCH = 20


def fill() -> None:
    """Users with roles and tokens, the tiny registry, observatory datasets, partnering, tasks, files."""
    from django.contrib.auth.models import Group, User
    from django.contrib.sessions.backends.db import SessionStore

    from clustera.accounts.models import ApiToken, OrganisationMembership
    from clustera.observatory.generated_world import build_generated_world
    from clustera.observatory.services import load_world_datasets
    from clustera.partnering.models import Interest, Notification
    from clustera.partnering.tasks import refit_recommender
    from clustera.registry.exchange_files import read_exchange
    from clustera.registry.importing import import_tables
    from clustera.registry.models import Organisation
    from clustera.testing.registry_data import write_registry

    call_command("migrate", interactive=False, verbosity=0)
    with tempfile.TemporaryDirectory() as folder:
        import_tables(read_exchange(write_registry(Path(folder) / "registry")))
    load_world_datasets(build_generated_world(n_regions=8, n_activities=6, n_years=2, seed=3))
    organisations = {o.key: o for o in Organisation.objects.all()}
    editor = User.objects.create_user("editor", password="pw-editor-1", is_staff=True)
    editor.groups.add(Group.objects.get(name="editor"))
    admin = User.objects.create_user("orgadmin", password="pw-orgadmin-1")
    OrganisationMembership.objects.create(
        user=admin, organisation=organisations["ORG2"], role="admin"
    )
    User.objects.create_superuser("root", password="pw-root-1")
    ApiToken.issue(editor, "script")
    ApiToken.issue(admin, "notebook")
    Interest.objects.create(
        from_organisation=organisations["ORG2"],
        to_organisation=organisations["ORG1"],
        created_by=admin,
        message="Photonics call",
    )
    Notification.objects.create(user=admin, text="ORG1 is interested", url="/notifications/")
    session = SessionStore()
    session["seen"] = True
    session.create()
    refit_recommender.enqueue()
    reports = Path(settings.MEDIA_ROOT) / "reports"
    reports.mkdir(parents=True, exist_ok=True)
    (reports / "region-XA111.html").write_text("<h1>Port City</h1>")
    models = Path(settings.DATA_DIR) / "models"
    models.mkdir(parents=True, exist_ok=True)
    (models / "partner_recommender.pkl").write_bytes(bytes(range(256)) * 10)


def mutate() -> None:
    """Change and delete data in several apps, and the files."""
    from django.contrib.auth.models import Group, User

    from clustera.observatory.models import Dataset
    from clustera.registry.models import Organisation

    User.objects.filter(username="orgadmin").delete()
    Organisation.objects.filter(key="ORG1").update(name="Renamed cluster")
    Dataset.objects.all().first().delete()
    Group.objects.create(name="added-after-backup")
    (Path(settings.MEDIA_ROOT) / "reports" / "region-XA111.html").unlink()
    (Path(settings.MEDIA_ROOT) / "uploads").mkdir(parents=True, exist_ok=True)
    (Path(settings.MEDIA_ROOT) / "uploads" / "new.csv").write_text("a,b\n")
    (Path(settings.DATA_DIR) / "models" / "partner_recommender.pkl").write_bytes(b"refitted")


def _files(folder: Path) -> dict[str, str]:
    if not folder.is_dir():
        return {}
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def dump(out: str) -> None:
    """Every row of every model of every installed app (through tables too), and the files."""
    tables = {
        model._meta.label: {
            "table": model._meta.db_table,
            "rows": list(model._base_manager.order_by("pk").values()),
        }
        for model in apps.get_models(include_auto_created=True)
    }
    files = {
        "media": _files(Path(settings.MEDIA_ROOT)),
        "models": _files(Path(settings.DATA_DIR) / "models"),
    }
    Path(out).write_text(
        json.dumps({"tables": tables, "files": files}, cls=DjangoJSONEncoder, sort_keys=True)
    )


def write_batches(folder: str) -> None:
    """Commit batches of BATCH groups, one transaction each, until FOLDER/stop appears."""
    from django.contrib.auth.models import Group

    number = 0
    while not (Path(folder) / "stop").exists():
        with transaction.atomic():
            for index in range(BATCH):
                Group.objects.create(name=f"batch-{number}-{index}")
        number += 1
        (Path(folder) / "committed").write_text(str(number))
        time.sleep(0.005)


def batches() -> None:
    """Print {batch number: rows} for the batch groups in the database."""
    from django.contrib.auth.models import Group

    counts: dict[str, int] = {}
    for name in Group.objects.filter(name__startswith="batch-").values_list("name", flat=True):
        number = name.split("-")[1]
        counts[number] = counts.get(number, 0) + 1
    print(json.dumps(counts))


if __name__ == "__main__":
    command, arguments = sys.argv[1], sys.argv[2:]
    if command == "fill":
        fill()
    elif command == "mutate":
        mutate()
    elif command == "dump":
        dump(arguments[0])
    elif command == "write-batches":
        write_batches(arguments[0])
    elif command == "batches":
        batches()
    elif command == "migrate":
        call_command("migrate", *arguments, interactive=False, verbosity=0)
    else:
        raise SystemExit(f"unknown command {command!r}")
