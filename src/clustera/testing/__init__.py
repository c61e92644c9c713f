"""Helpers for Clustera's own tests and benchmarks, and conformance checks for extensions."""

from clustera.testing.shared import require_shared, shared_dir

__all__ = ["require_shared", "shared_dir"]
