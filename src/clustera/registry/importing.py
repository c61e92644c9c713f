"""Importing registry tables: every row lands, or none does.

Rows are parsed and checked first; then, inside one transaction, each table is
upserted by its key and its references resolved. Any error rolls the whole
import back and is reported with its file, line, field and value.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from clustera.errors import InvalidInputError
from clustera.registry import models
from clustera.registry.exchange_files import (
    MAX_ERRORS,
    ImportFailed,
    Record,
    Tables,
    validate_tables,
)
from clustera.registry.references import CodeResolver
from clustera.registry.schema import TABLES_BY_NAME

Progress = Callable[[str, int, int], None]


class _DryRun(Exception):
    pass


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
) -> ImportReport:
    """Import exchange tables into the registry in one transaction (validate only with dry_run)."""
    parsed = validate_tables(tables)
    report = ImportReport(dry_run=dry_run)
    steps = [name for name in TABLES_BY_NAME if parsed.get(name)]
    try:
        with transaction.atomic():
            loader = _Loader(report, synthetic)
            for index, name in enumerate(steps):
                if progress:
                    progress(name, index, len(steps))
                getattr(loader, f"load_{name}")(parsed[name])
                loader.raise_if_errors()
            if progress:
                progress("done", len(steps), len(steps))
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return report


class _Loader:
    def __init__(self, report: ImportReport, synthetic: bool) -> None:
        self.report = report
        self.synthetic = synthetic
        self.errors: list[InvalidInputError] = []
        self.codes = CodeResolver()

    def error(self, record: Record, field_name: str, value: Any, message: str) -> None:
        self.errors.append(
            InvalidInputError(
                message, source=record.source, line=record.line, field=field_name, value=value
            )
        )

    def raise_if_errors(self) -> None:
        if self.errors:
            raise ImportFailed(self.errors[:MAX_ERRORS])

    def _count(self, table: str, created: int, updated: int) -> None:
        self.report.created[table] = self.report.created.get(table, 0) + created
        self.report.updated[table] = self.report.updated.get(table, 0) + updated

    # -- regions and taxonomies -------------------------------------------------
    def load_regions(self, rows: list[tuple[Record, dict[str, Any]]]) -> None:
        fields = [
            "level",
            "name",
            "country",
            "geometry",
            "label_lon",
            "label_lat",
            "population",
            "area_km2",
        ]
        existing = {
            (r.code, r.nuts_version): r
            for r in models.Region.objects.filter(code__in=[row["code"] for _, row in rows])
        }
        new, changed = [], []
        for _, row in rows:
            values = {f: row[f] for f in fields}
            current = existing.get((row["code"], row["nuts_version"]))
            if current is None:
                new.append(
                    models.Region(code=row["code"], nuts_version=row["nuts_version"], **values)
                )
            else:
                for f, v in values.items():
                    setattr(current, f, v)
                changed.append(current)
        models.Region.objects.bulk_create(new, batch_size=500)
        models.Region.objects.bulk_update(changed, fields, batch_size=500)
        self._count("regions", len(new), len(changed))
        ids = {
            (r.code, r.nuts_version): r
            for r in models.Region.objects.filter(
                nuts_version__in={row["nuts_version"] for _, row in rows}
            )
        }
        with_parent = []
        for record, row in rows:
            region = ids[(row["code"], row["nuts_version"])]
            parent = None
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
            region.parent = parent
            with_parent.append(region)
        models.Region.objects.bulk_update(with_parent, ["parent"], batch_size=500)
        self.codes.forget_regions()

    def _load_terms(
        self, model: Any, table: str, rows: list[tuple[Record, dict[str, Any]]]
    ) -> None:
        schemes = {row["scheme"] for _, row in rows}
        existing = {(t.scheme, t.code): t for t in model.objects.filter(scheme__in=schemes)}
        new, changed = [], []
        for _, row in rows:
            current = existing.get((row["scheme"], row["code"]))
            level = row["level"] if row["level"] is not None else 0
            if current is None:
                new.append(
                    model(scheme=row["scheme"], code=row["code"], name=row["name"], level=level)
                )
            else:
                current.name, current.level = row["name"], level
                changed.append(current)
        model.objects.bulk_create(new, batch_size=500)
        model.objects.bulk_update(changed, ["name", "level"], batch_size=500)
        self._count(table, len(new), len(changed))
        terms = {(t.scheme, t.code): t for t in model.objects.filter(scheme__in=schemes)}
        linked = []
        for record, row in rows:
            term = terms[(row["scheme"], row["code"])]
            parent = terms.get((row["scheme"], row["parent"])) if row["parent"] else None
            if row["parent"] and parent is None:
                self.error(record, "parent", row["parent"], f"no code in scheme {row['scheme']}")
                continue
            term.parent = parent
            linked.append(term)
        model.objects.bulk_update(linked, ["parent"], batch_size=500)
        self.codes.forget(model)

    def load_activities(self, rows: list[tuple[Record, dict[str, Any]]]) -> None:
        self._load_terms(models.Activity, "activities", rows)

    def load_technologies(self, rows: list[tuple[Record, dict[str, Any]]]) -> None:
        self._load_terms(models.Technology, "technologies", rows)

    def load_ecosystems(self, rows: list[tuple[Record, dict[str, Any]]]) -> None:
        self._load_terms(models.Ecosystem, "ecosystems", rows)

    def load_s3_priorities(self, rows: list[tuple[Record, dict[str, Any]]]) -> None:
        self._load_terms(models.S3Priority, "s3_priorities", rows)

    # -- organisations and what hangs on them -----------------------------------
    def _terms(
        self, model: Any, record: Record, field_name: str, codes: Iterable[str]
    ) -> list[int]:
        ids = []
        for code in codes:
            try:
                ids.append(self.codes.term_id(model, code))
            except InvalidInputError as exc:
                self.error(record, field_name, code, exc.message)
        return ids

    def load_organisations(self, rows: list[tuple[Record, dict[str, Any]]]) -> None:
        scalar = [
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
        existing = dict(
            models.Organisation.objects.filter(key__in=[row["id"] for _, row in rows]).values_list(
                "key", "id"
            )
        )
        new, changed = [], []
        links: dict[str, tuple[Record, dict[str, list[int]]]] = {}
        for record, row in rows:
            values = {f: row[f] for f in scalar}
            values["is_public"] = True if row["is_public"] is None else row["is_public"]
            region_id = None
            if row["region"]:
                try:
                    region_id = self.codes.region_id(row["region"])
                except InvalidInputError as exc:
                    self.error(record, "region", row["region"], exc.message)
            for coordinate, bound in (("lat", 90), ("lon", 180)):
                if values[coordinate] is not None and abs(values[coordinate]) > bound:
                    self.error(record, coordinate, values[coordinate], f"outside -{bound}..{bound}")
            links[row["id"]] = (
                record,
                {
                    "activities": self._terms(models.Activity, record, "nace", row["nace"]),
                    "technologies": self._terms(
                        models.Technology, record, "technologies", row["technologies"]
                    ),
                    "ecosystems": self._terms(
                        models.Ecosystem, record, "ecosystems", row["ecosystems"]
                    ),
                },
            )
            organisation = models.Organisation(
                key=row["id"], region_id=region_id, is_synthetic=self.synthetic, **values
            )
            if row["id"] in existing:
                organisation.pk = existing[row["id"]]
                changed.append(organisation)
            else:
                new.append(organisation)
        self.raise_if_errors()
        models.Organisation.objects.bulk_create(new, batch_size=500)
        models.Organisation.objects.bulk_update(changed, [*scalar, "region_id"], batch_size=500)
        self._count("organisations", len(new), len(changed))
        self.codes.forget_organisations()
        ids = {key: self.codes.organisation_id(key) for key in links}
        for relation, column in (
            ("activities", "activity_id"),
            ("technologies", "technology_id"),
            ("ecosystems", "ecosystem_id"),
        ):
            through = getattr(models.Organisation, relation).through
            through.objects.filter(organisation_id__in=[ids[k] for k in existing]).delete()
            through.objects.bulk_create(
                [
                    through(organisation_id=ids[key], **{column: term})
                    for key, (_, relations) in links.items()
                    for term in relations[relation]
                ],
                batch_size=1000,
            )

    def _organisation(self, record: Record, field_name: str, key: str) -> int | None:
        try:
            return self.codes.organisation_id(key)
        except InvalidInputError as exc:
            self.error(record, field_name, key, exc.message)
            return None

    def load_clusters(self, rows: list[tuple[Record, dict[str, Any]]]) -> None:
        fields = [
            "label",
            "label_date",
            "year_founded",
            "management_staff",
            "members_count",
            "sme_members_count",
        ]
        profiles, priorities = [], {}
        for record, row in rows:
            organisation_id = self._organisation(record, "organisation", row["organisation"])
            if organisation_id is None:
                continue
            if self.codes.organisation_type(organisation_id) != "cluster":
                self.error(
                    record,
                    "organisation",
                    row["organisation"],
                    "a cluster profile belongs to an organisation of type 'cluster'",
                )
                continue
            profiles.append(
                models.ClusterProfile(
                    organisation_id=organisation_id, **{f: row[f] for f in fields}
                )
            )
            priorities[organisation_id] = self._terms(
                models.S3Priority, record, "s3_priorities", row["s3_priorities"]
            )
        self.raise_if_errors()
        existing = dict(
            models.ClusterProfile.objects.filter(organisation_id__in=priorities).values_list(
                "organisation_id", "id"
            )
        )
        for profile in profiles:
            profile.pk = existing.get(profile.organisation_id)
        models.ClusterProfile.objects.bulk_create(
            [p for p in profiles if p.pk is None], batch_size=500
        )
        models.ClusterProfile.objects.bulk_update(
            [p for p in profiles if p.pk in existing.values()], fields, batch_size=500
        )
        self._count("clusters", len(profiles) - len(existing), len(existing))
        profile_ids = dict(
            models.ClusterProfile.objects.filter(organisation_id__in=priorities).values_list(
                "organisation_id", "id"
            )
        )
        through = models.ClusterProfile.s3_priorities.through
        through.objects.filter(clusterprofile_id__in=profile_ids.values()).delete()
        through.objects.bulk_create(
            [
                through(clusterprofile_id=profile_ids[org], s3priority_id=term)
                for org, terms in priorities.items()
                for term in terms
            ],
            batch_size=1000,
        )

    def load_memberships(self, rows: list[tuple[Record, dict[str, Any]]]) -> None:
        wanted = {}
        for record, row in rows:
            cluster = self._organisation(record, "cluster", row["cluster"])
            member = self._organisation(record, "member", row["member"])
            if cluster is None or member is None:
                continue
            if cluster == member:
                self.error(
                    record, "member", row["member"], "an organisation cannot be its own member"
                )
                continue
            cluster_type = self.codes.organisation_type(cluster)
            if cluster_type != "cluster":
                self.error(
                    record,
                    "cluster",
                    row["cluster"],
                    f"members join an organisation of type 'cluster', not {cluster_type!r}",
                )
                continue
            wanted[(cluster, member)] = row["since"]
        self.raise_if_errors()
        self._upsert_pairs(
            models.ClusterMembership,
            "memberships",
            ("cluster_id", "member_id"),
            {pair: {"since": since} for pair, since in wanted.items()},
        )

    def load_offers(self, rows: list[tuple[Record, dict[str, Any]]]) -> None:
        fields = ["organisation_id", "kind", "title", "description", "created"]
        items, relations = [], {}
        for record, row in rows:
            organisation_id = self._organisation(record, "organisation", row["organisation"])
            offer = models.Offer(
                key=row["id"],
                organisation_id=organisation_id,
                kind=row["kind"],
                title=row["title"],
                description=row["description"],
                created=row["created"],
            )
            relations[row["id"]] = (
                self._terms(models.Technology, record, "technologies", row["technologies"]),
                self._terms(models.Activity, record, "nace", row["nace"]),
            )
            items.append(offer)
        self.raise_if_errors()
        self._upsert_keyed(models.Offer, "offers", items, fields)
        ids = dict(models.Offer.objects.filter(key__in=relations).values_list("key", "id"))
        for position, relation, column in (
            (0, "technologies", "technology_id"),
            (1, "activities", "activity_id"),
        ):
            through = getattr(models.Offer, relation).through
            through.objects.filter(offer_id__in=ids.values()).delete()
            through.objects.bulk_create(
                [
                    through(offer_id=ids[key], **{column: term})
                    for key, terms in relations.items()
                    for term in terms[position]
                ],
                batch_size=1000,
            )

    def load_services(self, rows: list[tuple[Record, dict[str, Any]]]) -> None:
        fields = [
            "organisation_id",
            "kind",
            "name",
            "description",
            "technology_id",
            "trl_min",
            "trl_max",
            "access_conditions",
            "languages",
        ]
        items = []
        for record, row in rows:
            organisation_id = self._organisation(record, "organisation", row["organisation"])
            technology = self._terms(
                models.Technology,
                record,
                "technology",
                [row["technology"]] if row["technology"] else [],
            )
            items.append(
                models.Service(
                    key=row["id"],
                    organisation_id=organisation_id,
                    kind=row["kind"],
                    name=row["name"],
                    description=row["description"],
                    technology_id=technology[0] if technology else None,
                    trl_min=row["trl_min"],
                    trl_max=row["trl_max"],
                    access_conditions=row["access_conditions"],
                    languages=row["languages"],
                )
            )
        self.raise_if_errors()
        self._upsert_keyed(models.Service, "services", items, fields)

    def load_projects(self, rows: list[tuple[Record, dict[str, Any]]]) -> None:
        fields = ["title", "programme", "start_year", "description", "source"]
        items = [models.Project(key=row["id"], **{f: row[f] for f in fields}) for _, row in rows]
        self._upsert_keyed(models.Project, "projects", items, fields)

    def load_participations(self, rows: list[tuple[Record, dict[str, Any]]]) -> None:
        projects = dict(
            models.Project.objects.filter(key__in={row["project"] for _, row in rows}).values_list(
                "key", "id"
            )
        )
        wanted: dict[tuple[int, int], str] = {}
        for record, row in rows:
            project_id = projects.get(row["project"])
            if project_id is None:
                self.error(record, "project", row["project"], "no project with this id")
            organisation_id = self._organisation(record, "organisation", row["organisation"])
            if project_id is not None and organisation_id is not None:
                wanted[(project_id, organisation_id)] = row["role"]
        self.raise_if_errors()
        self._upsert_pairs(
            models.Participation,
            "participations",
            ("project_id", "organisation_id"),
            {pair: {"role": role} for pair, role in wanted.items()},
        )

    def load_contacts(self, rows: list[tuple[Record, dict[str, Any]]]) -> None:
        wanted = {}
        for record, row in rows:
            organisation_id = self._organisation(record, "organisation", row["organisation"])
            if organisation_id is not None:
                personal = True if row["is_personal_data"] is None else row["is_personal_data"]
                wanted[(organisation_id, row["email"])] = (row["name"], row["role"], personal)
        self.raise_if_errors()
        self._upsert_pairs(
            models.Contact,
            "contacts",
            ("organisation_id", "email"),
            {
                pair: {"name": name, "role": role, "is_personal_data": personal}
                for pair, (name, role, personal) in wanted.items()
            },
        )

    def _upsert_pairs(
        self,
        model: Any,
        table: str,
        key: tuple[str, str],
        wanted: dict[tuple[Any, Any], dict[str, Any]],
    ) -> None:
        """Create or update rows identified by a two-column key."""
        first = {k[0] for k in wanted}
        existing = {
            (getattr(row, key[0]), getattr(row, key[1])): row
            for row in model.objects.filter(**{f"{key[0]}__in": first})
        }
        new, changed = [], []
        for pair, values in wanted.items():
            row = existing.get(pair)
            if row is None:
                new.append(model(**{key[0]: pair[0], key[1]: pair[1]}, **values))
            else:
                for name, value in values.items():
                    setattr(row, name, value)
                changed.append(row)
        model.objects.bulk_create(new, batch_size=1000)
        if changed:
            model.objects.bulk_update(changed, list(next(iter(wanted.values()))), batch_size=1000)
        self._count(table, len(new), len(changed))

    def _upsert_keyed(self, model: Any, table: str, items: list[Any], fields: list[str]) -> None:
        existing = dict(
            model.objects.filter(key__in=[i.key for i in items]).values_list("key", "id")
        )
        for item in items:
            item.pk = existing.get(item.key)
        model.objects.bulk_create([i for i in items if i.pk is None], batch_size=500)
        model.objects.bulk_update([i for i in items if i.pk is not None], fields, batch_size=500)
        self._count(table, len(items) - len(existing), len(existing))
