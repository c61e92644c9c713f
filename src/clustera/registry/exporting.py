"""Exporting the registry in the exchange schema: CSV, JSON or Parquet, deterministic.

The same registry always gives the same bytes: rows sorted by key, columns in
schema order, floats in their shortest round-trip form.
"""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.db.models import QuerySet

from clustera.io.spreadsheet import neutralise_formula
from clustera.registry import models
from clustera.registry.schema import FORMAT_NAME, FORMAT_VERSION, TABLES, TABLES_BY_NAME

Row = dict[str, Any]


def _term_labels(model: Any) -> dict[int, str]:
    """Bare codes where unambiguous, SCHEME:code where a code exists in several schemes."""
    terms = list(model.objects.values_list("id", "scheme", "code"))
    counts: dict[str, int] = defaultdict(int)
    for _, _, code in terms:
        counts[code] += 1
    return {pk: code if counts[code] == 1 else f"{scheme}:{code}" for pk, scheme, code in terms}


def _links(through: Any, owner: str, target: str) -> dict[int, list[int]]:
    out: dict[int, list[int]] = defaultdict(list)
    for owner_id, target_id in through.objects.values_list(owner, target):
        out[owner_id].append(target_id)
    return out


def _joined(ids: list[int], labels: dict[int, str]) -> list[str]:
    return sorted(labels[i] for i in ids)


def _regions() -> Iterator[Row]:
    parents = dict(models.Region.objects.values_list("id", "code"))
    for r in models.Region.objects.order_by("nuts_version", "code"):
        yield {
            "code": r.code,
            "nuts_version": r.nuts_version,
            "level": r.level,
            "name": r.name,
            "parent": parents.get(r.parent_id, "") if r.parent_id else "",
            "country": r.country,
            "geometry": r.geometry,
            "label_lon": r.label_lon,
            "label_lat": r.label_lat,
            "population": r.population,
            "area_km2": r.area_km2,
        }


def _terms(model: Any) -> Iterator[Row]:
    codes = dict(model.objects.values_list("id", "code"))
    for t in model.objects.order_by("scheme", "code"):
        yield {
            "scheme": t.scheme,
            "code": t.code,
            "name": t.name,
            "parent": codes[t.parent_id] if t.parent_id else "",
            "level": t.level,
        }


def organisation_rows(queryset: QuerySet[models.Organisation] | None = None) -> Iterator[Row]:
    """Organisations as exchange rows (all of them, or those of ``queryset``)."""
    queryset = models.Organisation.objects.all() if queryset is None else queryset
    regions = dict(models.Region.objects.values_list("id", "code"))
    activity_labels = _term_labels(models.Activity)
    technology_labels = _term_labels(models.Technology)
    ecosystem_labels = _term_labels(models.Ecosystem)
    activities = _links(models.Organisation.activities.through, "organisation_id", "activity_id")
    technologies = _links(
        models.Organisation.technologies.through, "organisation_id", "technology_id"
    )
    ecosystems = _links(models.Organisation.ecosystems.through, "organisation_id", "ecosystem_id")
    for o in queryset.order_by("key"):
        yield {
            "id": o.key,
            "name": o.name,
            "type": o.type,
            "description": o.description,
            "website": o.website,
            "address": o.address,
            "city": o.city,
            "region": regions.get(o.region_id, "") if o.region_id else "",
            "country": o.country,
            "lat": o.lat,
            "lon": o.lon,
            "size_class": o.size_class,
            "employees": o.employees,
            "founded": o.founded,
            "nace": _joined(activities.get(o.pk, []), activity_labels),
            "technologies": _joined(technologies.get(o.pk, []), technology_labels),
            "ecosystems": _joined(ecosystems.get(o.pk, []), ecosystem_labels),
            "languages": list(o.languages),
            "is_public": o.is_public,
        }


def _clusters(keys: dict[int, str]) -> Iterator[Row]:
    priorities = _links(
        models.ClusterProfile.s3_priorities.through, "clusterprofile_id", "s3priority_id"
    )
    labels = _term_labels(models.S3Priority)
    profiles = sorted(models.ClusterProfile.objects.all(), key=lambda p: keys[p.organisation_id])
    for p in profiles:
        yield {
            "organisation": keys[p.organisation_id],
            "label": p.label,
            "label_date": p.label_date.isoformat() if p.label_date else "",
            "year_founded": p.year_founded,
            "management_staff": p.management_staff,
            "s3_priorities": _joined(priorities.get(p.pk, []), labels),
            "members_count": p.members_count,
            "sme_members_count": p.sme_members_count,
        }


def _memberships(keys: dict[int, str]) -> Iterator[Row]:
    rows = [
        {"cluster": keys[c], "member": keys[m], "since": s}
        for c, m, s in models.ClusterMembership.objects.values_list(
            "cluster_id", "member_id", "since"
        )
    ]
    yield from sorted(rows, key=lambda r: (r["cluster"], r["member"]))


def _offers(keys: dict[int, str]) -> Iterator[Row]:
    technologies = _links(models.Offer.technologies.through, "offer_id", "technology_id")
    activities = _links(models.Offer.activities.through, "offer_id", "activity_id")
    technology_labels = _term_labels(models.Technology)
    activity_labels = _term_labels(models.Activity)
    for o in models.Offer.objects.order_by("key"):
        yield {
            "id": o.key,
            "organisation": keys[o.organisation_id],
            "kind": o.kind,
            "title": o.title,
            "description": o.description,
            "technologies": _joined(technologies.get(o.pk, []), technology_labels),
            "nace": _joined(activities.get(o.pk, []), activity_labels),
            "created": o.created.isoformat() if o.created else "",
        }


def _services(keys: dict[int, str]) -> Iterator[Row]:
    technology_labels = _term_labels(models.Technology)
    for s in models.Service.objects.order_by("key"):
        yield {
            "id": s.key,
            "organisation": keys[s.organisation_id],
            "kind": s.kind,
            "name": s.name,
            "description": s.description,
            "technology": technology_labels[s.technology_id] if s.technology_id else "",
            "trl_min": s.trl_min,
            "trl_max": s.trl_max,
            "access_conditions": s.access_conditions,
            "languages": list(s.languages),
        }


def _contacts(keys: dict[int, str]) -> Iterator[Row]:
    rows = [
        {
            "organisation": keys[c.organisation_id],
            "name": c.name,
            "email": c.email,
            "role": c.role,
            "is_personal_data": c.is_personal_data,
        }
        for c in models.Contact.objects.all()
    ]
    yield from sorted(rows, key=lambda r: (r["organisation"], r["email"]))


def _projects() -> Iterator[Row]:
    for p in models.Project.objects.order_by("key"):
        yield {
            "id": p.key,
            "title": p.title,
            "programme": p.programme,
            "start_year": p.start_year,
            "description": p.description,
            "source": p.source,
        }


def _participations(keys: dict[int, str]) -> Iterator[Row]:
    projects = dict(models.Project.objects.values_list("id", "key"))
    rows = [
        {"project": projects[p], "organisation": keys[o], "role": r}
        for p, o, r in models.Participation.objects.values_list(
            "project_id", "organisation_id", "role"
        )
    ]
    yield from sorted(rows, key=lambda r: (r["project"], r["organisation"]))


def export_tables(include_contacts: bool = True) -> dict[str, list[Row]]:
    """Every registry table as exchange rows, in schema order."""
    keys = dict(models.Organisation.objects.values_list("id", "key"))
    tables: dict[str, list[Row]] = {
        "regions": list(_regions()),
        "activities": list(_terms(models.Activity)),
        "technologies": list(_terms(models.Technology)),
        "ecosystems": list(_terms(models.Ecosystem)),
        "s3_priorities": list(_terms(models.S3Priority)),
        "organisations": list(organisation_rows()),
        "clusters": list(_clusters(keys)),
        "memberships": list(_memberships(keys)),
        "offers": list(_offers(keys)),
        "services": list(_services(keys)),
        "projects": list(_projects()),
        "participations": list(_participations(keys)),
    }
    if include_contacts:
        tables["contacts"] = list(_contacts(keys))
    return tables


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return neutralise_formula(";".join(str(v) for v in value))
    if isinstance(value, str):
        return neutralise_formula(value)  # an organisation admin's "=cmd|..." stays text
    return str(value)


def write_csv(table_name: str, rows: list[Row], out: io.TextIOBase | Any) -> None:
    """One table as CSV in schema column order."""
    columns = TABLES_BY_NAME[table_name].column_names
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row[c]) for c in columns])


def to_json(tables: dict[str, list[Row]]) -> str:
    """The exchange JSON document for some tables."""
    document: dict[str, Any] = {"format": FORMAT_NAME, "version": FORMAT_VERSION}
    for table in TABLES:
        if table.name in tables:
            document[table.name] = tables[table.name]
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


def write_parquet(table_name: str, rows: list[Row], path: Path) -> None:
    """One table as Parquet (multi-valued cells as lists of strings)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    columns = TABLES_BY_NAME[table_name].column_names
    data = {c: [row[c] for row in rows] for c in columns}
    pq.write_table(pa.table(data), path)


def export_to(
    path: Path, fmt: str, table: str | None = None, include_contacts: bool = True
) -> list[Path]:
    """Write the registry (or one table) to ``path``; return the files written."""
    tables = export_tables(include_contacts=include_contacts)
    if table is not None:
        tables = {table: tables[table]}
    if fmt == "json":
        path.write_text(to_json(tables), encoding="utf-8")
        return [path]
    if len(tables) == 1 and path.suffix:
        ((name, rows),) = tables.items()
        if fmt == "csv":
            with path.open("w", encoding="utf-8", newline="") as out:
                write_csv(name, rows, out)
        else:
            write_parquet(name, rows, path)
        return [path]
    path.mkdir(parents=True, exist_ok=True)
    written = []
    for name, rows in tables.items():
        target = path / f"{name}.{'csv' if fmt == 'csv' else 'parquet'}"
        if fmt == "csv":
            with target.open("w", encoding="utf-8", newline="") as out:
                write_csv(name, rows, out)
        else:
            write_parquet(name, rows, target)
        written.append(target)
    return written
