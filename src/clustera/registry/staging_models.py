"""The staging table of batched imports (ADR 0003, point 4; :mod:`clustera.registry.staging`)."""

from __future__ import annotations

from django.db import models


class ImportRun(models.Model):
    """An import writing into the staging table: which process, since when, last sign of life.

    A run whose process is gone (``kill -9``, a crash) is dead: the next import, or
    ``clustera registry import --cleanup``, deletes it and its staged rows. So is a ``moved``
    run, whose staged rows are deleted in short transactions after the move committed.
    """

    pid = models.PositiveIntegerField()
    host = models.CharField(max_length=255)
    started = models.DateTimeField()
    heartbeat = models.DateTimeField(help_text="Renewed while the run writes its batches")
    moved = models.BooleanField(
        default=False, help_text="Its rows are in the registry; the staged copies are garbage"
    )

    def __str__(self) -> str:
        return f"import {self.pk} (pid {self.pid} on {self.host})"


class StagedRow(models.Model):
    """One row of a real table waiting for its import's final move, as JSON by column name.

    ``step`` is the position of the row's operation (insert, update, clear) in the run's plan.
    """

    run = models.ForeignKey(ImportRun, on_delete=models.CASCADE, db_index=False)
    step = models.PositiveIntegerField()
    data = models.JSONField()

    class Meta:
        indexes = [models.Index(fields=["run", "step"], name="registry_staged_run_step")]

    def __str__(self) -> str:
        return f"staged row {self.pk} of {self.run_id}"
