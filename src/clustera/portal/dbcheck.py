"""Exit 0 when the PostgreSQL server of a URL answers, 1 otherwise (used by `make test`)."""

from __future__ import annotations

import sys
from urllib.parse import urlparse


def reachable(url: str) -> bool:
    """True when a connection to the server's maintenance database succeeds."""
    import psycopg

    parsed = urlparse(url)
    try:
        with psycopg.connect(
            host=parsed.hostname or "127.0.0.1",
            port=parsed.port or 5432,
            user=parsed.username or "postgres",
            password=parsed.password or None,
            dbname="postgres",
            connect_timeout=3,
        ):
            return True
    except psycopg.Error as exc:
        print(
            f"PostgreSQL not reachable at {parsed.hostname}:{parsed.port}: {exc}", file=sys.stderr
        )
        return False


if __name__ == "__main__":
    sys.exit(0 if reachable(sys.argv[1]) else 1)
