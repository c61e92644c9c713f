"""Planning an import: every code resolved and every write decided, with nothing written.

The planner reads the database (no transaction open) and turns validated exchange rows into
the :class:`~clustera.registry.staging.Plan` that :func:`clustera.registry.staging.land`
writes. Rows the import creates get placeholder ids at once, so later tables (clusters,
memberships, offers...) refer to them as to existing rows. Errors name file, line, field and
value, as they did when the import wrote as it went.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from clustera.errors import InvalidInputError
from clustera.registry import models
from clustera.registry.exchange_files import MAX_ERRORS, ImportFailed, Record
from clustera.registry.import_plan_links import LinkPlanning
from clustera.registry.references import CodeResolver
from clustera.registry.staging import Plan

Rows = list[tuple[Record, dict[str, Any]]]

_REGION_FIELDS = [
    "level",
    "name",
    "country",
    "geometry",
    "label_lon",
    "label_lat",
    "population",
    "area_km2",
]
_ORGANISATION_FIELDS = [
    "name",
    "type",
    "description",
    "website",
    "address",
    "city",
    "country",
    "lat",
    "lon",
    "size_class",
    "employees",
    "founded",
    "languages",
    "is_public",
]


class Planner(LinkPlanning):
    """Builds the plan of an import table by table; ``report`` counts what it will write."""

    def __init__(self, report: Any, synthetic: bool) -> None:
        self.report = report
        self.synthetic = synthetic
        self.errors: list[InvalidInputError] = []
        self.codes = CodeResolver()
        self.plan = Plan()
        self.keys: dict[Any, dict[str, int]] = {}  # new and existing ids of keyed rows

    def error(self, record: Record, field_name: str, value: Any, message: str) -> None:
        self.errors.append(
            InvalidInputError(
                message, source=record.source, line=record.line, field=field_name, value=value
            )
        )

    def raise_if_errors(self) -> None:
        if self.errors:
            raise ImportFailed(self.errors[:MAX_ERRORS])

    def count(self, table: str, created: int, updated: int) -> None:
        self.report.created[table] = self.report.created.get(table, 0) + created
        self.report.updated[table] = self.report.updated.get(table, 0) + updated

    # -- regions and taxonomies ------------------------------------------------------------
    def plan_regions(self, rows: Rows) -> None:
        versions = {row["nuts_version"] for _, row in rows}
        ids = {
            (code, version): pk
            for pk, code, version in models.Region.objects.filter(
                nuts_version__in=versions
            ).values_list("id", "code", "nuts_version")
        }
        new, changed = [], []
        for _, row in rows:
            key = (row["code"], row["nuts_version"])
            region = models.Region(
                pk=ids.get(key),
                code=key[0],
                nuts_version=key[1],
                **{f: row[f] for f in _REGION_FIELDS},
            )
            if region.pk is None:
                region.pk = ids[key] = self.plan.new_id(models.Region)
                self.codes.add_region(key[0], key[1], region.pk)
                new.append(region)
            else:
                changed.append(region)
        regions = {(r.code, r.nuts_version): r for r in new + changed}
        for record, row in rows:
            if row["parent"]:
                parent = ids.get((row["parent"], row["nuts_version"]))
                if parent is None:
                    self.error(
                        record,
                        "parent",
                        row["parent"],
                        f"no region with this code in NUTS version {row['nuts_version']}",
                    )
                    continue
                regions[(row["code"], row["nuts_version"])].parent_id = parent
        self.plan.insert(models.Region, new)
        self.plan.update(models.Region, changed, [*_REGION_FIELDS, "parent_id"])
        self.count("regions", len(new), len(changed))

    def _plan_terms(self, model: Any, table: str, rows: Rows) -> None:
        schemes = {row["scheme"] for _, row in rows}
        ids = {
            (scheme, code): pk
            for pk, scheme, code in model.objects.filter(scheme__in=schemes).values_list(
                "id", "scheme", "code"
            )
        }
        new, changed, terms = [], [], {}
        for _, row in rows:
            key = (row["scheme"], row["code"])
            level = row["level"] if row["level"] is not None else 0
            term = model(pk=ids.get(key), scheme=key[0], code=key[1], name=row["name"], level=level)
            if term.pk is None:
                term.pk = ids[key] = self.plan.new_id(model)
                self.codes.add_term(model, key[0], key[1], term.pk)
                new.append(term)
            else:
                changed.append(term)
            terms[key] = term
        for record, row in rows:
            if row["parent"]:
                parent = ids.get((row["scheme"], row["parent"]))
                if parent is None:
                    self.error(
                        record, "parent", row["parent"], f"no code in scheme {row['scheme']}"
                    )
                    continue
                terms[(row["scheme"], row["code"])].parent_id = parent
        self.plan.insert(model, new)
        self.plan.update(model, changed, ["name", "level", "parent_id"])
        self.count(table, len(new), len(changed))

    def plan_activities(self, rows: Rows) -> None:
        self._plan_terms(models.Activity, "activities", rows)

    def plan_technologies(self, rows: Rows) -> None:
        self._plan_terms(models.Technology, "technologies", rows)

    def plan_ecosystems(self, rows: Rows) -> None:
        self._plan_terms(models.Ecosystem, "ecosystems", rows)

    def plan_s3_priorities(self, rows: Rows) -> None:
        self._plan_terms(models.S3Priority, "s3_priorities", rows)

    # -- organisations -----------------------------------------------------------------------
    def terms(self, model: Any, record: Record, field_name: str, codes: Iterable[str]) -> list[int]:
        ids = []
        for code in codes:
            try:
                ids.append(self.codes.term_id(model, code))
            except InvalidInputError as exc:
                self.error(record, field_name, code, exc.message)
        return ids

    def _organisation_links(self, record: Record, row: dict[str, Any]) -> dict[str, list[int]]:
        return {
            "activities": self.terms(models.Activity, record, "nace", row["nace"]),
            "technologies": self.terms(
                models.Technology, record, "technologies", row["technologies"]
            ),
            "ecosystems": self.terms(models.Ecosystem, record, "ecosystems", row["ecosystems"]),
        }

    def _region(self, record: Record, code: str | None) -> int | None:
        if not code:
            return None
        try:
            return self.codes.region_id(code)
        except InvalidInputError as exc:
            self.error(record, "region", code, exc.message)
            return None

    def plan_organisations(self, rows: Rows) -> None:
        existing = dict(
            models.Organisation.objects.filter(key__in=[row["id"] for _, row in rows]).values_list(
                "key", "id"
            )
        )
        new, changed, links = [], [], {}
        for record, row in rows:
            values = {f: row[f] for f in _ORGANISATION_FIELDS}
            values["is_public"] = True if row["is_public"] is None else row["is_public"]
            for coordinate, bound in (("lat", 90), ("lon", 180)):
                if values[coordinate] is not None and abs(values[coordinate]) > bound:
                    self.error(record, coordinate, values[coordinate], f"outside -{bound}..{bound}")
            organisation = models.Organisation(
                pk=existing.get(row["id"]),
                key=row["id"],
                region_id=self._region(record, row["region"]),
                is_synthetic=self.synthetic,
                **values,
            )
            links[row["id"]] = self._organisation_links(record, row)
            if organisation.pk is None:
                organisation.pk = self.plan.new_id(models.Organisation)
                new.append(organisation)
            else:
                changed.append(organisation)
        self.raise_if_errors()
        self.plan.insert(models.Organisation, new)
        self.plan.update(models.Organisation, changed, [*_ORGANISATION_FIELDS, "region_id"])
        self.count("organisations", len(new), len(changed))
        for organisation in new + changed:
            self.codes.set_organisation(organisation.key, organisation.pk, organisation.type)
        ids = {o.key: o.pk for o in new + changed}
        for relation, column in (
            ("activities", "activity_id"),
            ("technologies", "technology_id"),
            ("ecosystems", "ecosystem_id"),
        ):
            through = getattr(models.Organisation, relation).through
            self.plan.clear(through, "organisation_id", list(existing.values()))
            self.plan.insert(
                through,
                [
                    through(organisation_id=ids[key], **{column: term})
                    for key, relations in links.items()
                    for term in relations[relation]
                ],
                with_pk=False,
            )
