"""Whole-portal backup and restore: every table of every app, the media and the fitted models.

One ``.tar.gz`` file per backup (see docs/operations/backup.md); SQLite through its
online backup API, PostgreSQL through ``pg_dump``/``pg_restore``.
"""

from clustera.portal.backup.archive import read_manifest
from clustera.portal.backup.service import (
    BackupSummary,
    RestoreSummary,
    create_backup,
    default_path,
    restore_backup,
)

__all__ = [
    "BackupSummary",
    "RestoreSummary",
    "create_backup",
    "default_path",
    "read_manifest",
    "restore_backup",
]
