"""Full-text search of content items: SQLite FTS5 on the embedded default, PostgreSQL otherwise.

The same design as ``clustera.registry.search``: an external-content FTS5 index kept in step
by triggers, restored by ``ensure_search_index`` after every ``migrate``.
"""

from __future__ import annotations

import re
from typing import Any

from django.db import connection, connections
from django.db.models import Case, IntegerField, QuerySet, Value, When

_TABLE = "content_item_fts"
_WORD = re.compile(r"\w+", re.UNICODE)
_COLUMNS = "title, summary, body"
_NEW = "new.id, new.title, new.summary, new.body"
_OLD = "old.id, old.title, old.summary, old.body"

_SQLITE_DDL = [
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {_TABLE} USING fts5({_COLUMNS}, "
    "content='content_item', content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
    f"CREATE TRIGGER IF NOT EXISTS content_item_fts_ai AFTER INSERT ON content_item "
    f"BEGIN INSERT INTO {_TABLE}(rowid, {_COLUMNS}) VALUES ({_NEW}); END",
    f"CREATE TRIGGER IF NOT EXISTS content_item_fts_ad AFTER DELETE ON content_item "
    f"BEGIN INSERT INTO {_TABLE}({_TABLE}, rowid, {_COLUMNS}) VALUES ('delete', {_OLD}); END",
    f"CREATE TRIGGER IF NOT EXISTS content_item_fts_au AFTER UPDATE ON content_item "
    f"BEGIN INSERT INTO {_TABLE}({_TABLE}, rowid, {_COLUMNS}) VALUES ('delete', {_OLD}); "
    f"INSERT INTO {_TABLE}(rowid, {_COLUMNS}) VALUES ({_NEW}); END",
]


def ensure_search_index(using: str = "default", **_: Any) -> None:
    """Create the FTS5 table and triggers if missing; rebuild the index if triggers were lost."""
    conn = connections[using]
    if conn.vendor != "sqlite":
        return
    with conn.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM sqlite_master WHERE type='table' AND name='content_item'"
        )
        if cursor.fetchone()[0] == 0:
            return
        cursor.execute(
            "SELECT count(*) FROM sqlite_master WHERE type='trigger' "
            "AND name LIKE 'content_item_fts_%'"
        )
        had_triggers = cursor.fetchone()[0] == 3
        for statement in _SQLITE_DDL:
            cursor.execute(statement)
        if not had_triggers:
            cursor.execute(f"INSERT INTO {_TABLE}({_TABLE}) VALUES ('rebuild')")


def search_items(queryset: QuerySet[Any], text: str) -> QuerySet[Any]:
    """Items matching every word of ``text`` (prefix match), best matches first."""
    terms = _WORD.findall(text.lower())[:12]
    if not terms:
        return queryset
    if connection.vendor == "sqlite":
        match = " ".join(f'"{term}"*' for term in terms)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT rowid FROM {_TABLE} WHERE {_TABLE} MATCH %s "
                f"ORDER BY bm25({_TABLE}, 10.0, 3.0, 1.0) LIMIT 2000",
                [match],
            )
            ranked = [row[0] for row in cursor.fetchall()]
        if not ranked:
            return queryset.none()
        order = Case(
            *[When(pk=pk, then=Value(position)) for position, pk in enumerate(ranked[:300])],
            default=Value(len(ranked)),
            output_field=IntegerField(),
        )
        return queryset.filter(pk__in=ranked).annotate(search_rank=order).order_by("search_rank")
    from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

    vector = SearchVector("title", config="simple", weight="A") + SearchVector(
        "summary", "body", config="simple", weight="B"
    )
    query = SearchQuery(
        " & ".join(f"{term}:*" for term in terms), config="simple", search_type="raw"
    )
    return (
        queryset.annotate(search_rank=SearchRank(vector, query))
        .filter(search_rank__gt=0)
        .order_by("-search_rank")
    )
