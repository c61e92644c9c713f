"""Fuzz the HTTP API against its own OpenAPI schema with schemathesis, every check on.

Used by the CI contract test (a few examples per operation) and by ``bench/api_fuzz.py`` (the
long local run). The caller passes the WSGI application, so the fuzzing runs in-process.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.core.failures import Failure, FailureGroup
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import positive_data_acceptance

#: Operations with a rule across parameters that OpenAPI cannot state, with the rule: a request
#: valid by the schema may still be refused with 422 there, so the check that schema-valid
#: requests are accepted is left out for them (every other check still runs).
CROSS_FIELD_RULES: dict[str, str] = {
    "GET /api/match/technology-centres": "a need needs one of technology, text or service_type; "
    "region must be a known region code",
    "GET /api/match/partners": "context must name known programme parts or themes",
    "POST /api/organisations": "type, region and country must be known codes",
    "PATCH /api/organisations/{organisation_id}": "technologies, nace and languages must be "
    "known codes, size_class a known size class, website an http(s) address",
    "POST /api/organisations/{organisation_id}/requests": "a user may not ask twice, nor to "
    "claim or join an organisation they already act for",
    "POST /api/content": "kind, status and language must be known codes, the author "
    "organisation one the caller may write for, a title not blank once stripped",
    "POST /api/follows": "the followed organisation, region or technology must exist",
}


@dataclass
class ContractReport:
    """What a fuzzing run did: cases sent, responses by status, and distinct failures."""

    cases: int = 0
    statuses: dict[int, int] = field(default_factory=dict)
    failures: dict[str, str] = field(default_factory=dict)

    @property
    def server_errors(self) -> int:
        """How many responses had a 5xx status."""
        return sum(n for status, n in self.statuses.items() if status >= 500)

    def summary(self) -> str:
        """One line: cases, server errors and distinct failures."""
        return (
            f"cases={self.cases} server_errors={self.server_errors} "
            f"distinct_failures={len(self.failures)} statuses={dict(sorted(self.statuses.items()))}"
        )


def fuzz_api(
    app: Any,
    *,
    cases_per_operation: int,
    headers: dict[str, str] | None = None,
    schema_path: str = "/api/openapi.json",
    on_operation: Callable[[str], None] | None = None,
) -> ContractReport:
    """Send generated valid and invalid requests to every operation; collect what breaks.

    Deterministic (derandomised hypothesis); failures are keyed by operation and check so a
    report lists each distinct problem once.
    """
    schema = schemathesis.openapi.from_wsgi(schema_path, app)
    report = ContractReport()
    for result in schema.get_all_operations():
        operation = result.ok()  # type: ignore[union-attr]
        if on_operation is not None:
            on_operation(operation.label)
        excluded = [positive_data_acceptance] if operation.label in CROSS_FIELD_RULES else []
        _fuzz_operation(operation, cases_per_operation, headers or {}, excluded, report)
    return report


def _fuzz_operation(
    operation: Any,
    examples: int,
    headers: dict[str, str],
    excluded: list[Any],
    report: ContractReport,
) -> None:
    strategy = st.one_of(
        operation.as_strategy(GenerationMode.POSITIVE),
        operation.as_strategy(GenerationMode.NEGATIVE),
    )

    @given(case=strategy)
    @settings(
        max_examples=examples,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def run(case: Any) -> None:
        report.cases += 1
        try:
            response = case.call_and_validate(headers=headers, excluded_checks=excluded)
        except FailureGroup as group:
            for failure in group.exceptions:
                _record(report, operation.label, failure)
            return
        except Failure as failure:
            _record(report, operation.label, failure)
            return
        report.statuses[response.status_code] = report.statuses.get(response.status_code, 0) + 1

    run()


def _record(report: ContractReport, label: str, failure: Failure) -> None:
    key = f"{label}: {failure.title}"
    report.failures.setdefault(key, failure.message[:500])
    status = getattr(failure, "status_code", None)
    if isinstance(status, int):
        report.statuses[status] = report.statuses.get(status, 0) + 1
