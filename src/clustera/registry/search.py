"""Full-text search of organisations: SQLite FTS5 on the embedded default, GIN on PostgreSQL.

The FTS5 table is an external-content index kept in step by triggers. SQLite
rebuilds a table when a migration alters it, dropping its triggers, so
``ensure_search_index`` runs after every ``migrate`` and restores them.
"""

from __future__ import annotations

import re
from typing import Any

from django.db import connection
from django.db.models import QuerySet

from clustera.taxonomies.thesaurus import expand_query, technology_key

_FTS_TABLE = "registry_organisation_fts"
_FIELDS = ("name", "description", "city")
_WORD = re.compile(r"\w+", re.UNICODE)

_SQLITE_DDL = [
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {_FTS_TABLE} USING fts5("
    "name, description, city, content='registry_organisation', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 2')",
    f"CREATE TRIGGER IF NOT EXISTS registry_organisation_fts_ai AFTER INSERT ON registry_organisation "
    f"BEGIN INSERT INTO {_FTS_TABLE}(rowid, name, description, city) "
    "VALUES (new.id, new.name, new.description, new.city); END",
    f"CREATE TRIGGER IF NOT EXISTS registry_organisation_fts_ad AFTER DELETE ON registry_organisation "
    f"BEGIN INSERT INTO {_FTS_TABLE}({_FTS_TABLE}, rowid, name, description, city) "
    "VALUES ('delete', old.id, old.name, old.description, old.city); END",
    f"CREATE TRIGGER IF NOT EXISTS registry_organisation_fts_au AFTER UPDATE ON registry_organisation "
    f"BEGIN INSERT INTO {_FTS_TABLE}({_FTS_TABLE}, rowid, name, description, city) "
    "VALUES ('delete', old.id, old.name, old.description, old.city); "
    f"INSERT INTO {_FTS_TABLE}(rowid, name, description, city) "
    "VALUES (new.id, new.name, new.description, new.city); END",
]

_POSTGRES_VECTOR = (
    "(setweight(to_tsvector('simple', coalesce(name, '')), 'A') || "
    "setweight(to_tsvector('simple', coalesce(description, '') || ' ' || coalesce(city, '')), 'B'))"
)
_POSTGRES_DDL = [
    "CREATE INDEX IF NOT EXISTS registry_organisation_search_gin ON registry_organisation "
    f"USING gin ({_POSTGRES_VECTOR})",
]
#: Ids of the organisations matching a raw tsquery, through the GIN index (same expression).
_POSTGRES_MATCH = (
    f"SELECT id FROM registry_organisation WHERE {_POSTGRES_VECTOR} @@ to_tsquery('simple', %s)"
)


def ensure_search_index(using: str = "default", **_: Any) -> None:
    """Create the full-text index objects if missing; rebuild the FTS5 index if triggers were lost."""
    from django.db import connections

    conn = connections[using]
    with conn.cursor() as cursor:
        if conn.vendor == "sqlite":
            cursor.execute(
                "SELECT count(*) FROM sqlite_master WHERE type='trigger' "
                "AND name LIKE 'registry_organisation_fts_%'"
            )
            had_triggers = cursor.fetchone()[0] == 3
            for statement in _SQLITE_DDL:
                cursor.execute(statement)
            if not had_triggers:
                cursor.execute(f"INSERT INTO {_FTS_TABLE}({_FTS_TABLE}) VALUES ('rebuild')")
        elif conn.vendor == "postgresql":
            for statement in _POSTGRES_DDL:
                cursor.execute(statement)


def _terms(text: str) -> list[str]:
    return _WORD.findall(text.lower())[:12]


def _sqlite_rank(table: str, best: list[int]) -> Any:
    """Each row's place in ``best`` (the best first; rows not in it last), as one SQL expression.

    One ``instr`` over a list of ids instead of a CASE with a WHEN per id: the same order, but
    building 500 WHEN clauses cost about 40 ms of Python per query (ten per directory page).
    """
    from django.db.models import IntegerField
    from django.db.models.expressions import RawSQL

    positions = "," + ",".join(str(int(pk)) for pk in best) + ","
    place = f"""instr(%s, ',' || "{table}"."id" || ',')"""
    return RawSQL(  # noqa: S611 - ids are ints, the list is a parameter, the table ours
        f"CASE WHEN {place} = 0 THEN {len(positions) + 1} ELSE {place} END",
        (positions, positions),
        output_field=IntegerField(),
    )


def search_organisations(queryset: QuerySet[Any], text: str, ranked: bool = True) -> QuerySet[Any]:
    """Organisations matching every word of ``text`` (prefix match), best matches first.

    ``ranked=False`` only filters (facet counts need no order, and on SQLite building the
    order is most of a search's cost).
    """
    terms = _terms(text)
    if not terms:
        return queryset
    if connection.vendor == "sqlite":
        match = " ".join(f'"{term}"*' for term in terms)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT rowid FROM {_FTS_TABLE} WHERE {_FTS_TABLE} MATCH %s "
                f"ORDER BY bm25({_FTS_TABLE}, 10.0, 1.0, 2.0) LIMIT 5000",
                [match],
            )
            found = [row[0] for row in cursor.fetchall()]
        if not found:
            return queryset.none()
        if not ranked:
            return queryset.filter(pk__in=found)
        return (
            queryset.filter(pk__in=found)
            .annotate(search_rank=_sqlite_rank(queryset.model._meta.db_table, found[:500]))
            .order_by("search_rank", "name")
        )
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
        from django.db.models.expressions import RawSQL

        vector = SearchVector("name", config="simple", weight="A") + SearchVector(
            "description", "city", config="simple", weight="B"
        )
        raw = " & ".join(f"{term}:*" for term in terms)
        query = SearchQuery(raw, config="simple", search_type="raw")
        # The match through the GIN index's own expression (a scan of 100,000 rows otherwise);
        # the rank only for the rows that match.
        matching = queryset.filter(pk__in=RawSQL(_POSTGRES_MATCH, [raw]))  # noqa: S611
        if not ranked:
            return matching
        return matching.annotate(search_rank=SearchRank(vector, query)).order_by(
            "-search_rank", "name"
        )
    condition = queryset
    for term in terms:
        condition = condition.filter(name__icontains=term) | condition.filter(
            description__icontains=term
        )
    return condition


def technology_ids_by_key() -> dict[str, list[int]]:
    """Technology ids under the key that makes them one technology (``technology_key``).

    KETs "Advanced materials" and ATI "Advanced materials" share a key, so a filter,
    a facet or a search for one of them means both.
    """
    from clustera.registry.models import Technology

    keys: dict[str, list[int]] = {}
    for pk, name in Technology.objects.values_list("id", "name"):
        keys.setdefault(technology_key(name), []).append(pk)
    return keys


def search_with_thesaurus(queryset: QuerySet[Any], text: str, ranked: bool = True) -> QuerySet[Any]:
    """:func:`search_organisations`, understanding the field's everyday words.

    Each thesaurus term of ``text`` ("3D printing", "impression 3D", "KI") matches
    organisations whose text holds it as typed or its technology's name ("additive
    manufacturing"), or that are tagged with that technology; the other words are
    searched as they are. Organisations tagged with the technologies asked for come
    first. Without a thesaurus term, this is :func:`search_organisations` itself.
    """
    from django.db.models import Case, IntegerField, Q, Value, When

    from clustera.registry.models import Organisation

    expanded = expand_query(text)
    if not expanded.hits:
        return search_organisations(queryset, text, ranked=ranked)
    found = search_organisations(queryset, expanded.rest, ranked=False)
    ids = technology_ids_by_key()
    tagged_by: list[Q] = []
    for concept in expanded.concepts:
        phrases = {hit.phrase for hit in expanded.hits if hit.concept == concept} | {concept}
        tagged = Q(
            pk__in=Organisation.technologies.through.objects.filter(
                technology_id__in=ids.get(concept, [])
            ).values("organisation_id")
        )
        tagged_by.append(tagged)
        either = tagged
        for words in sorted(phrases):
            either |= Q(pk__in=search_organisations(queryset, words, ranked=False).values("pk"))
        found = found.filter(either)
    if connection.vendor == "sqlite":
        # One query for the ids, then a plain id list as the full-text search itself gives:
        # SQLite plans ORs of IN-subqueries as scans (measured ~2x slower on a facet page).
        found = queryset.filter(pk__in=list(found.values_list("pk", flat=True)))
    if not ranked:
        return found
    tags = sum(
        (
            Case(When(condition, then=Value(1)), default=Value(0), output_field=IntegerField())
            for condition in tagged_by
        ),
        Value(0),
    )
    return found.annotate(thesaurus_rank=tags).order_by("-thesaurus_rank", "name")
