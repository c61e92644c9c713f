"""Planning the tables that hang on organisations: clusters, memberships, offers, services,
projects, participations and contacts (the other half of :mod:`clustera.registry.import_plan`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from clustera.errors import InvalidInputError
from clustera.registry import models
from clustera.registry.exchange_files import Record
from clustera.registry.references import CodeResolver
from clustera.registry.staging import Plan

Rows = list[tuple[Record, dict[str, Any]]]

_CLUSTER_FIELDS = list(models.CLUSTER_PROFILE_FIELDS)


class LinkPlanning:
    """The planner's methods for the tables whose rows refer to organisations."""

    codes: CodeResolver
    plan: Plan
    keys: dict[Any, dict[str, int]]

    def error(self, record: Record, field_name: str, value: Any, message: str) -> None:
        raise NotImplementedError

    def raise_if_errors(self) -> None:
        raise NotImplementedError

    def count(self, table: str, created: int, updated: int) -> None:
        raise NotImplementedError

    def terms(self, model: Any, record: Record, field_name: str, codes: Iterable[str]) -> list[int]:
        raise NotImplementedError

    def _organisation(self, record: Record, field_name: str, key: str) -> int | None:
        try:
            return self.codes.organisation_id(key)
        except InvalidInputError as exc:
            self.error(record, field_name, key, exc.message)
            return None

    def plan_clusters(self, rows: Rows) -> None:
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
                    organisation_id=organisation_id, **{f: row[f] for f in _CLUSTER_FIELDS}
                )
            )
            priorities[organisation_id] = self.terms(
                models.S3Priority, record, "s3_priorities", row["s3_priorities"]
            )
        self.raise_if_errors()
        existing = dict(
            models.ClusterProfile.objects.filter(
                organisation_id__in=[pk for pk in priorities if pk > 0]
            ).values_list("organisation_id", "id")
        )
        new = [p for p in profiles if p.organisation_id not in existing]
        changed = [p for p in profiles if p.organisation_id in existing]
        for profile in new:
            profile.pk = self.plan.new_id(models.ClusterProfile)
        for profile in changed:
            profile.pk = existing[profile.organisation_id]
        self.plan.insert(models.ClusterProfile, new)
        self.plan.update(models.ClusterProfile, changed, _CLUSTER_FIELDS)
        self.count("clusters", len(new), len(changed))
        profile_ids = {p.organisation_id: p.pk for p in profiles}
        through = models.ClusterProfile.s3_priorities.through
        self.plan.clear(through, "clusterprofile_id", list(existing.values()))
        self.plan.insert(
            through,
            [
                through(clusterprofile_id=profile_ids[org], s3priority_id=term)
                for org, terms in priorities.items()
                for term in terms
            ],
            with_pk=False,
        )

    def plan_memberships(self, rows: Rows) -> None:
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

    def plan_offers(self, rows: Rows) -> None:
        fields = ["organisation_id", "kind", "title", "description", "created"]
        items, relations = [], {}
        for record, row in rows:
            items.append(
                models.Offer(
                    key=row["id"],
                    organisation_id=self._organisation(record, "organisation", row["organisation"]),
                    kind=row["kind"],
                    title=row["title"],
                    description=row["description"],
                    created=row["created"],
                )
            )
            relations[row["id"]] = (
                self.terms(models.Technology, record, "technologies", row["technologies"]),
                self.terms(models.Activity, record, "nace", row["nace"]),
            )
        self.raise_if_errors()
        existing = self._upsert_keyed(models.Offer, "offers", items, fields)
        ids = self.keys[models.Offer]
        for position, relation, column in (
            (0, "technologies", "technology_id"),
            (1, "activities", "activity_id"),
        ):
            through = getattr(models.Offer, relation).through
            self.plan.clear(through, "offer_id", existing)
            self.plan.insert(
                through,
                [
                    through(offer_id=ids[key], **{column: term})
                    for key, terms in relations.items()
                    for term in terms[position]
                ],
                with_pk=False,
            )

    def plan_services(self, rows: Rows) -> None:
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
            technology = self.terms(
                models.Technology,
                record,
                "technology",
                [row["technology"]] if row["technology"] else [],
            )
            items.append(
                models.Service(
                    key=row["id"],
                    organisation_id=organisation_id,
                    technology_id=technology[0] if technology else None,
                    **{f: row[f] for f in fields if not f.endswith("_id")},
                )
            )
        self.raise_if_errors()
        self._upsert_keyed(models.Service, "services", items, fields)

    def plan_projects(self, rows: Rows) -> None:
        fields = ["title", "programme", "start_year", "description", "source"]
        items = [models.Project(key=row["id"], **{f: row[f] for f in fields}) for _, row in rows]
        self._upsert_keyed(models.Project, "projects", items, fields)

    def plan_participations(self, rows: Rows) -> None:
        projects = dict(
            models.Project.objects.filter(key__in={row["project"] for _, row in rows}).values_list(
                "key", "id"
            )
        )
        projects.update(self.keys.get(models.Project, {}))
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

    def plan_contacts(self, rows: Rows) -> None:
        wanted = {}
        for record, row in rows:
            organisation_id = self._organisation(record, "organisation", row["organisation"])
            if organisation_id is not None:
                personal = True if row["is_personal_data"] is None else row["is_personal_data"]
                wanted[(organisation_id, row["email"])] = {
                    "name": row["name"],
                    "role": row["role"],
                    "is_personal_data": personal,
                }
        self.raise_if_errors()
        self._upsert_pairs(models.Contact, "contacts", ("organisation_id", "email"), wanted)

    def _upsert_pairs(
        self,
        model: Any,
        table: str,
        key: tuple[str, str],
        wanted: dict[tuple[Any, Any], dict[str, Any]],
    ) -> None:
        """Plan the creation or update of rows identified by a two-column key."""
        first = {k[0] for k in wanted if k[0] > 0}
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
        self.plan.insert(model, new, with_pk=False)
        if changed:
            self.plan.update(model, changed, list(next(iter(wanted.values()))))
        self.count(table, len(new), len(changed))

    def _upsert_keyed(
        self, model: Any, table: str, items: list[Any], fields: list[str]
    ) -> list[int]:
        """Plan the creation or update of rows by their key; return the existing rows' ids."""
        existing = dict(
            model.objects.filter(key__in=[i.key for i in items]).values_list("key", "id")
        )
        for item in items:
            item.pk = existing.get(item.key) or self.plan.new_id(model)
        self.plan.insert(model, [i for i in items if i.key not in existing])
        self.plan.update(model, [i for i in items if i.key in existing], fields)
        self.keys[model] = {i.key: i.pk for i in items}
        self.count(table, len(items) - len(existing), len(existing))
        return list(existing.values())
