"""Importing registry tables: every row lands, or none does.

Rows are parsed and checked first; then every code and key is resolved and every write planned
with no transaction open (:mod:`clustera.registry.import_plan`). The plan is written in short
transactions into a staging table and moved into the real tables by one short transaction at
the end (:mod:`clustera.registry.staging`, ADR 0003): web requests keep getting the database
between batches, and a crash at any moment leaves no partial import. Any error stops the
import before anything is written and is reported with its file, line, field and value.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from clustera.registry.exchange_files import ImportFailed, Tables, validate_tables
from clustera.registry.import_plan import Planner
from clustera.registry.schema import TABLES_BY_NAME
from clustera.registry.staging import Checkpoint, land, remove_dead_runs

Progress = Callable[[str, int, int], None]

__all__ = [
    "ImportFailed",
    "ImportReport",
    "Progress",
    "import_tables",
    "remove_dead_runs",
]


@dataclass
class ImportReport:
    """What an import wrote (or, with dry_run, would write), by table."""

    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    dry_run: bool = False

    def summary(self) -> str:
        verb = "would create" if self.dry_run else "created"
        parts = [
            f"{name}: {verb} {self.created.get(name, 0)}, "
            f"{'would update' if self.dry_run else 'updated'} {self.updated.get(name, 0)}"
            for name in TABLES_BY_NAME
            if name in self.created or name in self.updated
        ]
        return "; ".join(parts) if parts else "nothing to import"


def import_tables(
    tables: Tables,
    *,
    dry_run: bool = False,
    synthetic: bool = False,
    progress: Progress | None = None,
    checkpoint: Checkpoint | None = None,
) -> ImportReport:
    """Import exchange tables into the registry, all or nothing (validate only with dry_run).

    ``checkpoint`` is called with the name of each point of the landing (tests stop there).
    """
    parsed = validate_tables(tables)
    report = ImportReport(dry_run=dry_run)
    steps = [name for name in TABLES_BY_NAME if parsed.get(name)]
    total = len(steps) + (0 if dry_run else 1)
    planner = Planner(report, synthetic)
    for index, name in enumerate(steps):
        if progress:
            progress(name, index, total)
        getattr(planner, f"plan_{name}")(parsed[name])
        planner.raise_if_errors()
    if not dry_run:
        if progress:
            progress("writing", len(steps), total)
        land(planner.plan, checkpoint)
    if progress:
        progress("done", total, total)
    return report
