"""``check_importer``: the contract every registry importer keeps, as a test suite.

An importer turns one file (or folder) into registry exchange tables
(:data:`clustera.registry.exchange_files.Tables`) and writes nothing; the
registry then lands the tables all or none. The checks run the importer on a
valid sample and on an invalid one that its author supplies, and the first
broken rule fails with an ``AssertionError`` naming the importer and the rule:

* it is documented (a docstring whose first line says what it reads);
* the valid sample gives tables of the exchange schema whose rows all parse,
  each record naming the file it came from;
* it gives the same tables twice and leaves the file unchanged;
* a missing file and the invalid sample raise a :mod:`clustera.errors` type
  naming the file and the line or field (at reading or at validation);
* with ``database=True`` (Django configured, a test database): it writes no
  registry row itself, a dry run of the valid tables succeeds, and importing the
  invalid sample leaves no registry row behind.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from clustera.errors import InvalidInputError
from clustera.registry.exchange_files import (
    Importer,
    ImportFailed,
    Record,
    Tables,
    load_importer,
    validate_tables,
)
from clustera.registry.schema import TABLES_BY_NAME, check_header

__all__ = ["check_importer", "importer_checks"]


class _Samples:
    """The importer under test, its two samples, and the tables of the valid one, read once."""

    def __init__(self, importer: Importer, name: str, valid: Path, invalid: Path) -> None:
        self.importer = importer
        self.name = name
        self.valid = Path(valid)
        self.invalid = Path(invalid)
        self._tables: Tables | None = None

    @property
    def tables(self) -> Tables:
        if self._tables is None:
            self._tables = self.importer(self.valid)
        return self._tables


def _fingerprint(path: Path) -> str:
    digest = hashlib.sha256()
    files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    for file in files:
        digest.update(str(file.relative_to(path.parent)).encode())
        digest.update(file.read_bytes())
    return digest.hexdigest()


def _first_error(samples: _Samples, path: Path) -> InvalidInputError | None:
    """The first error of reading and validating ``path``; None when it all passes."""
    try:
        validate_tables(samples.importer(path))
    except ImportFailed as failed:
        return failed.errors[0]
    except InvalidInputError as error:
        return error
    return None


def check_documented(samples: _Samples) -> None:
    """The importer has a docstring whose first line says what it reads."""
    doc = (samples.importer.__doc__ or "").strip()
    assert doc, "it has no docstring (`clustera registry importers` shows its first line)"


def check_reads_valid(samples: _Samples) -> None:
    """The valid sample gives exchange tables whose every row parses, naming the file."""
    tables = samples.tables
    assert isinstance(tables, dict), f"it returned {type(tables).__name__}, not exchange tables"
    unknown = sorted(set(tables) - set(TABLES_BY_NAME))
    assert not unknown, (
        f"it returned unknown tables {unknown}; expected some of {list(TABLES_BY_NAME)}"
    )
    records = [record for rows in tables.values() for record in rows]
    assert records, "it returned no records from the valid sample"
    for name, rows in tables.items():
        for record in rows:
            assert isinstance(record, Record), (
                f"a {name} row is {type(record).__name__}, not Record"
            )
            assert samples.valid.name in str(record.source), (
                f"a {name} record names {record.source!r}, not the file {samples.valid.name!r}"
            )
            try:
                check_header(TABLES_BY_NAME[name], list(record.values), record.source)
            except InvalidInputError as error:
                raise AssertionError(f"a {name} record does not fit the schema: {error}") from None
    try:
        validate_tables(tables)
    except ImportFailed as failed:
        raise AssertionError(f"rows of the valid sample do not parse: {failed}") from None


def check_repeatable(samples: _Samples) -> None:
    """Reading the valid sample twice gives the same tables and leaves the file unchanged."""
    before = _fingerprint(samples.valid)
    first = samples.importer(samples.valid)
    again = samples.importer(samples.valid)
    assert first == again, "two reads of the same file gave different tables"
    assert _fingerprint(samples.valid) == before, "it changed the file it read"


def check_refuses_missing_file(samples: _Samples) -> None:
    """A path that does not exist raises a clustera.errors type naming it."""
    missing = samples.valid.parent / f"missing-{samples.valid.name}"
    try:
        samples.importer(missing)
    except InvalidInputError as error:
        assert missing.name in str(error), f"its error does not name the path: {error}"
        return
    except Exception as error:  # noqa: BLE001 - the rule is about the type raised
        raise AssertionError(
            f"a missing file raised {type(error).__name__} ({error}), not a clustera.errors type"
        ) from None
    raise AssertionError(f"it read {missing}, which does not exist, without an error")


def check_refuses_invalid(samples: _Samples) -> None:
    """The invalid sample fails with an error naming the file and the line or field."""
    try:
        error = _first_error(samples, samples.invalid)
    except Exception as other:  # noqa: BLE001 - the rule is about the type raised
        raise AssertionError(
            f"the invalid sample raised {type(other).__name__} ({other}), "
            "not a clustera.errors type"
        ) from None
    assert error is not None, f"it accepted the invalid sample {samples.invalid.name}"
    assert samples.invalid.name in str(error.source), (
        f"its error does not name the file {samples.invalid.name!r}: {error}"
    )
    assert error.line is not None or error.field is not None, (
        f"its error names neither a line nor a field: {error}"
    )


def _row_counts() -> dict[str, int]:
    from django.apps import apps

    return {
        model._meta.label: model.objects.count()
        for model in apps.get_app_config("registry").get_models()
    }


def check_all_or_nothing(samples: _Samples) -> None:
    """It writes nothing itself; the valid tables pass a dry run; the invalid ones land nothing."""
    from clustera.registry.importing import import_tables

    before = _row_counts()
    tables = samples.importer(samples.valid)
    assert _row_counts() == before, "the importer wrote to the database itself"
    import_tables(tables, dry_run=True)
    assert _row_counts() == before, "a dry run wrote to the database"
    try:
        import_tables(samples.importer(samples.invalid))
    except (InvalidInputError, ImportFailed):
        pass
    else:
        raise AssertionError(f"the invalid sample {samples.invalid.name} was imported")
    assert _row_counts() == before, "a failed import left rows behind"


_CHECKS: tuple[Callable[[_Samples], None], ...] = (
    check_documented,
    check_reads_valid,
    check_repeatable,
    check_refuses_missing_file,
    check_refuses_invalid,
)


def importer_checks(
    importer: Importer | str, valid: Path, invalid: Path, *, database: bool = False
) -> Iterator[tuple[str, Callable[[], None]]]:
    """Each check of :func:`check_importer` as (rule name, zero-argument callable), for pytest."""
    function: Any = load_importer(importer) if isinstance(importer, str) else importer
    name = importer if isinstance(importer, str) else getattr(function, "__name__", "importer")
    samples = _Samples(function, name, valid, invalid)
    for check in (*_CHECKS, check_all_or_nothing) if database else _CHECKS:
        yield check.__name__, _bound(check, samples)


def _bound(check: Callable[[_Samples], None], samples: _Samples) -> Callable[[], None]:
    def run() -> None:
        try:
            check(samples)
        except AssertionError as error:
            raise AssertionError(f"importer {samples.name!r}, {check.__name__}: {error}") from None

    return run


def check_importer(
    importer: Importer | str, valid: Path, invalid: Path, *, database: bool = False
) -> None:
    """Check that a registry importer keeps Clustera's importer contract.

    Parameters
    ----------
    importer : callable or str
        The importer (``importer(path) -> Tables``), or the name it is registered under in
        the ``clustera.importers`` entry-point group (which checks the registration too).
    valid, invalid : Path
        A sample the importer must read, and one it must refuse (e.g. a bad cell).
    database : bool, default False
        Also check the all-or-nothing import against the database: needs Django set up
        and a test database (``pytest.mark.django_db``).

    Raises
    ------
    AssertionError
        At the first broken rule, naming the importer and the rule.

    References
    ----------
    Buitinck, L., et al. (2013). API design for machine learning software: experiences
    from the scikit-learn project. arXiv:1309.0238 (conformance checks, ``check_estimator``).

    Examples
    --------
    >>> import tempfile
    >>> from clustera.testing.registry_data import write_registry, ORGANISATIONS
    >>> folder = Path(tempfile.mkdtemp())
    >>> valid = write_registry(folder / "valid")
    >>> bad = ORGANISATIONS.replace(",cluster,", ",spaceship,")
    >>> invalid = write_registry(folder / "invalid", **{"organisations.csv": bad})
    >>> check_importer("exchange", valid, invalid)
    """
    for _, check in importer_checks(importer, valid, invalid, database=database):
        check()
