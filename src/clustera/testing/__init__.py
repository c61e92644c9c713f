"""Helpers for Clustera's own tests and benchmarks, and conformance checks for extensions.

``check_indicator`` and ``check_importer`` are the contracts an indicator or an
importer keeps; run them in the extension's own tests (see ``docs/extending.md``).
Importing this package does not import Django: the database part of
``check_importer`` loads it when asked for.
"""

from clustera.testing.importers import check_importer, importer_checks
from clustera.testing.indicators import check_indicator, indicator_checks
from clustera.testing.shared import require_shared, shared_dir

__all__ = [
    "check_importer",
    "check_indicator",
    "importer_checks",
    "indicator_checks",
    "require_shared",
    "shared_dir",
]
