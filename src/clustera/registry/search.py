"""Full-text search of organisations: SQLite FTS5 on the embedded default, GIN on PostgreSQL.

The FTS5 table is an external-content index kept in step by triggers. SQLite
rebuilds a table when a migration alters it, dropping its triggers, so
``ensure_search_index`` runs after every ``migrate`` and restores them.
"""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import BooleanField, F, FloatField, Func, IntegerField, QuerySet, Value

from clustera.taxonomies.thesaurus import expand_query, technology_key

_FTS_TABLE = "registry_organisation_fts"
_FIELDS = ("name", "description", "city")
_WORD = re.compile(r"\w+", re.UNICODE)
#: A search keeps (and ranks) at most this many matches: the first ones the index finds.
SEARCH_LIMIT = 1_000
#: Without a limit, SQLite still stops at this many matches (ranking more costs seconds).
_SQLITE_MOST = 5_000

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

#: The searched document; the GIN index and every match use this same expression.
_VECTOR_TEMPLATE = (
    "(setweight(to_tsvector('simple', coalesce({name}, '')), 'A') || "
    "setweight(to_tsvector('simple', coalesce({description}, '') || ' ' || coalesce({city}, '')), "
    "'B'))"
)
_POSTGRES_VECTOR = _VECTOR_TEMPLATE.format(name="name", description="description", city="city")
#: PostgreSQL keeps each organisation's document as a stored, generated column with a GIN index:
#: matching and ranking read it instead of parsing every description again (a ranked search
#: over 1,000 matches: 200 ms when computed, a few ms when stored). Not a model field: the
#: database computes it, Django never writes it.
_POSTGRES_DDL = [
    "ALTER TABLE registry_organisation ADD COLUMN IF NOT EXISTS search_vector tsvector "
    f"GENERATED ALWAYS AS ({_POSTGRES_VECTOR}) STORED",
    "CREATE INDEX IF NOT EXISTS registry_organisation_search_vector ON registry_organisation "
    "USING gin (search_vector)",
    # the expression index it replaces
    "DROP INDEX IF EXISTS registry_organisation_search_gin",
]


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


class _SqlitePlace(Func):
    """Each row's place in a list of ids (the best first; rows not in it last).

    One ``instr`` over the list instead of a CASE with a WHEN per id: the same order, but
    building 500 WHEN clauses cost about 40 ms of Python per query (ten per directory page).
    The id column is resolved by Django, so the expression holds in subqueries too.
    """

    output_field = IntegerField()

    def __init__(self, best: list[int]) -> None:
        self.positions = "," + ",".join(str(int(pk)) for pk in best) + ","
        super().__init__(F("pk"))

    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list[Any]]:
        column, params = compiler.compile(self.get_source_expressions()[0])
        place = f"instr(%s, ',' || {column} || ',')"
        last = len(self.positions) + 1
        sql = f"CASE WHEN {place} = 0 THEN {last} ELSE {place} END"
        return sql, [self.positions, *params, self.positions, *params]


def _sqlite_search(
    queryset: QuerySet[Any], terms: list[str], ranked: bool, limit: int | None
) -> QuerySet[Any]:
    """FTS5: the first ``limit`` matches among ``queryset``'s rows, ranked by bm25.

    One query: the FTS match, the caller's filters (``rowid IN``) and the limit together, and
    bm25 computed only for the rows returned (``ORDER BY bm25`` would score every match).
    The unary ``+`` keeps the ``rowid IN`` test out of FTS5's own plan: FTS5 would run the whole
    match again for each id of the subquery (80 ms instead of 1 ms for 1,450 public rows).
    """
    match = " ".join(f'"{term}"*' for term in terms)
    try:
        among, params = queryset.order_by().values("pk").query.sql_with_params()
    except EmptyResultSet:  # a filter that can match nothing (an unknown region, say)
        return queryset.none()
    score = f"bm25({_FTS_TABLE}, 10.0, 1.0, 2.0)" if ranked else "0"
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT rowid, {score} FROM {_FTS_TABLE} WHERE {_FTS_TABLE} MATCH %s "  # noqa: S608
            f"AND +rowid IN ({among}) LIMIT {int(limit or _SQLITE_MOST)}",
            [match, *params],
        )
        found = cursor.fetchall()
    if not found:
        return queryset.none()
    matching = queryset.filter(pk__in=[pk for pk, _ in found])
    if not ranked:
        return matching
    best = [pk for pk, _ in sorted(found, key=lambda row: (row[1], row[0]))]
    return matching.annotate(search_rank=_SqlitePlace(best)).order_by("search_rank", "name", "pk")


class _StoredVector(Func):
    """An SQL expression on the stored ``search_vector`` column and a raw tsquery.

    The column is found through the row's id (Django resolves the table's alias, which
    differs in subqueries), since it is not a model field.
    """

    sql_template = ""

    def __init__(self, raw: str) -> None:
        super().__init__(F("pk"), Value(raw))

    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list[Any]]:
        (pk, pk_params), (query, query_params) = (
            compiler.compile(expression) for expression in self.get_source_expressions()
        )
        if not pk.endswith('"id"'):
            raise ValueError(f"unexpected id column {pk!r}")
        vector = pk.removesuffix('"id"') + '"search_vector"'
        return self.sql_template.format(vector=vector, query=query), [*pk_params, *query_params]


class _IndexMatch(_StoredVector):
    """The document matches the query (served by the GIN index)."""

    output_field = BooleanField()
    sql_template = "{vector} @@ to_tsquery('simple', {query})"


class _StoredRank(_StoredVector):
    """``ts_rank`` of the stored document (name weighted A, description and city B)."""

    output_field = FloatField()
    sql_template = "ts_rank({vector}, to_tsquery('simple', {query}))"


def _postgres_search(
    queryset: QuerySet[Any], terms: list[str], ranked: bool, limit: int | None
) -> QuerySet[Any]:
    """GIN: the first ``limit`` index matches among ``queryset``'s rows (all: None), ranked.

    Match and rank read the stored ``search_vector`` column; the match is limited inside a
    subquery, so a common prefix ("cluster") ranks at most that many rows.
    """
    raw = " & ".join(f"{term}:*" for term in terms)
    matching = queryset.filter(_IndexMatch(raw))
    if limit is not None:
        matching = queryset.filter(pk__in=matching.order_by().values("pk")[:limit])
    if not ranked:
        return matching
    return matching.annotate(search_rank=_StoredRank(raw)).order_by("-search_rank", "name", "pk")


def search_organisations(
    queryset: QuerySet[Any], text: str, ranked: bool = True, limit: int | None = None
) -> QuerySet[Any]:
    """Organisations matching every word of ``text`` (prefix match), best matches first.

    With ``limit`` (the directory, the API and the site search pass :data:`SEARCH_LIMIT`),
    only the first ``limit`` matches in the index's order are kept and ranked, on SQLite and
    PostgreSQL alike: a search on a common word is answered at once, and the page says so
    (see :func:`search_capped`). Without, every match (SQLite: the first 5,000).
    ``ranked=False`` only filters (facet counts need no order).
    """
    terms = _terms(text)
    if not terms or queryset.query.is_empty():
        return queryset
    if connection.vendor == "sqlite":
        return _sqlite_search(queryset, terms, ranked, limit)
    if connection.vendor == "postgresql":
        return _postgres_search(queryset, terms, ranked, limit)
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


def search_with_thesaurus(
    queryset: QuerySet[Any], text: str, ranked: bool = True, limit: int | None = None
) -> QuerySet[Any]:
    """:func:`search_organisations`, understanding the field's everyday words.

    Each thesaurus term of ``text`` ("3D printing", "impression 3D", "KI") matches
    organisations whose text holds it as typed or its technology's name ("additive
    manufacturing"), or that are tagged with that technology; the other words are
    searched as they are. Organisations tagged with the technologies asked for come
    first. Without a thesaurus term, this is :func:`search_organisations` itself.
    ``limit`` caps each full-text part as :func:`search_organisations` does.
    """
    from django.db.models import Case, IntegerField, Q, Value, When

    from clustera.registry.models import Organisation

    expanded = expand_query(text)
    if not expanded.hits:
        return search_organisations(queryset, text, ranked=ranked, limit=limit)
    found = search_organisations(queryset, expanded.rest, ranked=False, limit=limit)
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
            matched = search_organisations(queryset, words, ranked=False, limit=limit)
            either |= Q(pk__in=matched.values("pk"))
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


def search_capped(count: int) -> bool:
    """Whether a search that found ``count`` organisations may have left matches out."""
    return connection.vendor in ("sqlite", "postgresql") and count >= SEARCH_LIMIT
