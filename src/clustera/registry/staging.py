"""Landing a planned import: short batches into a staging table, then one short move.

ADR 0003, point 4. The planner (:mod:`clustera.registry.import_plan`) resolves every code with
no transaction open and describes the writes as :class:`Step` s (insert, update, clear) whose
new rows carry negative *placeholder* ids. Landing them:

1. reserve real ids for the placeholders (one short transaction per table);
2. write the rows, as JSON by column name, into ``registry_stagedrow`` in transactions of at
   most :data:`BATCH_ROWS` rows, keyed by an :class:`ImportRun`; on SQLite the write lock is
   free between batches, so web requests get it within about one batch's time;
3. one short transaction moves every step into the real tables with ``INSERT ... SELECT``,
   ``UPDATE ... FROM`` and ``DELETE ... IN (SELECT ...)`` over the staged JSON
   (``json_extract`` on SQLite, ``jsonb_populate_record`` on PostgreSQL) and marks the run
   ``moved``; the staged rows and the run are then deleted in short transactions (deleting
   them inside the move made it a quarter longer).

A crash (``kill -9``) before the move commits leaves only staging rows: no partial import is
visible; a crash after it leaves a ``moved`` run, garbage as well. :func:`remove_dead_runs` deletes the runs whose process is gone; every import calls it
first, and so does ``clustera registry import --cleanup``.

One generic staging table rather than one per real table: the planner already resolves every
reference to an id, so a staged row is a finished row and the move needs no per-table joins;
one table means one migration, one index and one cleanup instead of eighteen tables that must
follow every change of the registry's models; the JSON extraction costs little beside the
inserts themselves (figures in ADR 0003).
"""

from __future__ import annotations

import json
import os
import socket
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, connection, models, transaction
from django.utils import timezone

from clustera.errors import InvalidInputError
from clustera.registry.exchange_files import ImportFailed
from clustera.registry.staging_models import ImportRun, StagedRow

#: Rows written per staging transaction (the write lock is released between two).
BATCH_ROWS = 500
#: A run silent for this long is dead even if a process with its pid exists.
STALE_AFTER = timedelta(hours=1)
#: How often a run renews its heartbeat while it stages.
HEARTBEAT_EVERY = timedelta(seconds=10)

#: Called with the name of each point an import passes (tests stop an import there).
Checkpoint = Callable[[str], None]


@dataclass
class Step:
    """One operation on a real table: ``insert`` rows, ``update`` columns by id, or ``clear``
    (delete) the rows whose ``columns[0]`` is one of the given ids."""

    model: Any
    op: str
    columns: list[str]
    rows: list[list[Any]] = field(default_factory=list)


class Plan:
    """The steps of an import, in order, and the placeholder ids of its new rows."""

    def __init__(self) -> None:
        self.steps: list[Step] = []
        self._placeholders: dict[Any, int] = {}

    def new_id(self, model: Any) -> int:
        """A placeholder (negative) id for a new row of ``model``; the real one comes later."""
        self._placeholders[model] = self._placeholders.get(model, 0) - 1
        return self._placeholders[model]

    def insert(self, model: Any, objects: list[Any], with_pk: bool = True) -> None:
        fields = [f for f in model._meta.concrete_fields if with_pk or not f.primary_key]
        rows = [[f.pre_save(obj, True) for f in fields] for obj in objects]
        self._add(Step(model, "insert", [f.attname for f in fields], rows))

    def update(self, model: Any, objects: list[Any], names: list[str]) -> None:
        fields = [model._meta.pk, *(model._meta.get_field(n) for n in names)]
        rows = [[getattr(obj, f.attname) for f in fields] for obj in objects]
        self._add(Step(model, "update", [f.attname for f in fields], rows))

    def clear(self, model: Any, column: str, ids: list[int]) -> None:
        self._add(Step(model, "clear", [column], [[pk] for pk in ids if pk > 0]))

    def _add(self, step: Step) -> None:
        if step.rows:
            self.steps.append(step)

    def placeholders(self) -> dict[Any, int]:
        return {model: -low for model, low in self._placeholders.items()}


# -- ids ----------------------------------------------------------------------------------
def reserve_ids(model: Any, count: int) -> list[int]:
    """``count`` ids of ``model``'s table that no other writer will take."""
    table, pk = model._meta.db_table, model._meta.pk.column
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [table, pk, count],
            )
            return [row[0] for row in cursor.fetchall()]
        if connection.vendor != "sqlite":
            raise NotImplementedError(
                f"imports support SQLite and PostgreSQL, not {connection.vendor}"
            )
        # Django's SQLite tables are AUTOINCREMENT: new rows take max(seq, max(id)) + 1.
        quoted = connection.ops.quote_name
        cursor.execute(f"SELECT max({quoted(pk)}) FROM {quoted(table)}")  # noqa: S608
        top = cursor.fetchone()[0] or 0
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        found = cursor.fetchone()
        start = max(top, found[0] if found else 0)
        if found:
            cursor.execute(
                "UPDATE sqlite_sequence SET seq = %s WHERE name = %s", [start + count, table]
            )
        else:
            cursor.execute(
                "INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)", [table, start + count]
            )
        return list(range(start + 1, start + count + 1))


def _real_ids(plan: Plan) -> dict[Any, dict[int, int]]:
    return {
        model: {-(n + 1): pk for n, pk in enumerate(reserve_ids(model, count))}
        for model, count in plan.placeholders().items()
    }


def _encoder(step: Step, ids: dict[Any, dict[int, int]]) -> Callable[[list[Any]], dict[str, Any]]:
    """A function turning one of the step's rows into JSON by column name, with real ids."""
    fields = [step.model._meta.get_field(name) for name in step.columns]
    targets = [
        step.model if f.primary_key else (f.related_model if f.is_relation else None)
        for f in fields
    ]

    def encode(row: list[Any]) -> dict[str, Any]:
        data = {}
        for f, target, value in zip(fields, targets, row, strict=True):
            if target is not None and value is not None and value < 0:
                value = ids[target][value]
            data[f.column] = _json_value(f, value)
        return data

    return encode


def _json_value(f: Any, value: Any) -> Any:
    if value is None or isinstance(f, models.JSONField):
        return value
    value = f.get_db_prep_save(value, connection)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


# -- the run ------------------------------------------------------------------------------
def land(plan: Plan, checkpoint: Checkpoint | None = None) -> None:
    """Stage ``plan`` in short transactions, then move it into the real tables in one."""
    stop = checkpoint or (lambda name: None)
    remove_dead_runs()
    now = timezone.now()
    with transaction.atomic():
        run = ImportRun.objects.create(
            pid=os.getpid(), host=socket.gethostname(), started=now, heartbeat=now
        )
    try:
        ids = _real_ids(plan)
        stop("reserved")
        _stage(plan, run, ids, stop)
        stop("staged")
        _move(plan, run, stop)
        stop("cleaning")
    finally:
        _delete_run(run.pk)


def _batches(plan: Plan, run_id: int, ids: dict[Any, dict[int, int]]) -> Iterator[list[Any]]:
    batch: list[tuple[int, int, str]] = []
    for index, step in enumerate(plan.steps):
        encode = _encoder(step, ids)
        for row in step.rows:
            batch.append((run_id, index, json.dumps(encode(row), separators=(",", ":"))))
            if len(batch) == BATCH_ROWS:
                yield batch
                batch = []
    if batch:
        yield batch


def _stage(plan: Plan, run: ImportRun, ids: dict[Any, dict[int, int]], stop: Checkpoint) -> None:
    """Write the plan's rows into the staging table, at most BATCH_ROWS per transaction."""
    table = connection.ops.quote_name(StagedRow._meta.db_table)
    cast = "::jsonb" if connection.vendor == "postgresql" else ""
    insert = f"INSERT INTO {table} (run_id, step, data) VALUES (%s, %s, %s{cast})"  # noqa: S608
    for number, batch in enumerate(_batches(plan, run.pk, ids), start=1):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(insert, batch)
            if timezone.now() - run.heartbeat > HEARTBEAT_EVERY:
                run.heartbeat = timezone.now()
                ImportRun.objects.filter(pk=run.pk).update(heartbeat=run.heartbeat)
        stop(f"batch {number}")


def _move(plan: Plan, run: ImportRun, stop: Checkpoint) -> None:
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            for index, step in enumerate(plan.steps):
                cursor.execute(_move_sql(step), [run.pk, index])
                if step.op != "clear" and cursor.rowcount != len(step.rows):
                    raise _changed(step, f"{cursor.rowcount} of {len(step.rows)} rows written")
                stop(f"moved {index + 1} of {len(plan.steps)}")
            # the staged copies are deleted after the commit, in short transactions (a crash
            # in between leaves a moved run, which any cleanup deletes)
            ImportRun.objects.filter(pk=run.pk).update(moved=True)
            stop("committing")
    except IntegrityError as exc:
        raise _changed(None, str(exc).splitlines()[0]) from exc


def _changed(step: Step | None, detail: str) -> ImportFailed:
    table = step.model._meta.db_table if step else None
    return ImportFailed(
        [
            InvalidInputError(
                f"the final move failed ({detail}); if the registry changed while the import "
                "ran, run it again",
                source=table,
            )
        ]
    )


def _move_sql(step: Step) -> str:
    quoted = connection.ops.quote_name
    table = quoted(step.model._meta.db_table)
    columns = [quoted(step.model._meta.get_field(c).column) for c in step.columns]
    source = _staged_source(step)
    if step.op == "insert":
        listed = ", ".join(columns)
        return f"INSERT INTO {table} ({listed}) SELECT {listed} FROM ({source}) AS s"  # noqa: S608
    if step.op == "update":
        pk, *rest = columns
        sets = ", ".join(f"{c} = s.{c}" for c in rest)
        return f"UPDATE {table} SET {sets} FROM ({source}) AS s WHERE {table}.{pk} = s.{pk}"  # noqa: S608
    return f"DELETE FROM {table} WHERE {columns[0]} IN (SELECT {columns[0]} FROM ({source}) AS s)"  # noqa: S608


def _staged_source(step: Step) -> str:
    """SQL selecting the step's staged rows as typed columns (parameters: run id, step)."""
    quoted = connection.ops.quote_name
    names = [step.model._meta.get_field(c).column for c in step.columns]
    staged = quoted(StagedRow._meta.db_table)
    where = "g.run_id = %s AND g.step = %s"
    if connection.vendor == "postgresql":
        listed = ", ".join(f"r.{quoted(n)}" for n in names)
        record = f"jsonb_populate_record(NULL::{quoted(step.model._meta.db_table)}, g.data)"
        return f"SELECT {listed} FROM {staged} AS g, {record} AS r WHERE {where}"  # noqa: S608
    listed = ", ".join(f"json_extract(g.data, '$.{n}') AS {quoted(n)}" for n in names)
    return f"SELECT {listed} FROM {staged} AS g WHERE {where}"  # noqa: S608


# -- cleanup ------------------------------------------------------------------------------
def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a killed child nobody waited for yet is a zombie: dead
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return True


def run_is_dead(run: ImportRun) -> bool:
    """Whether ``run``'s process is gone (same host) or it has been silent too long."""
    if run.moved or timezone.now() - run.heartbeat > STALE_AFTER:
        return True
    return run.host == socket.gethostname() and not _process_alive(run.pid)


def _delete_run(run_id: int) -> int:
    """Delete a run's staged rows in short transactions, then the run; return the rows."""
    deleted = 0
    while True:
        with transaction.atomic():
            ids = list(StagedRow.objects.filter(run_id=run_id).values_list("pk", flat=True)[:5000])
            StagedRow.objects.filter(pk__in=ids).delete()
        deleted += len(ids)
        if not ids:
            break
    with transaction.atomic():
        ImportRun.objects.filter(pk=run_id).delete()
    return deleted


def remove_dead_runs() -> tuple[int, int]:
    """Delete the staging leftovers of crashed imports: (runs, staged rows) removed."""
    runs = rows = 0
    for run in ImportRun.objects.all():
        if run_is_dead(run):
            rows += _delete_run(run.pk)
            runs += 1
    return runs, rows
