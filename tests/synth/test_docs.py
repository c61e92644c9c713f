"""docs/synth.md documents every table and column of the contract."""

from __future__ import annotations

import re
from pathlib import Path

from clustera.synth import TABLE_SCHEMAS

DOC = Path(__file__).resolve().parents[2] / "docs" / "synth.md"


def test_every_column_is_documented_in_its_table_row():
    rows = {}
    for line in DOC.read_text(encoding="utf-8").splitlines():
        match = re.match(r"\| `(\w+)` \| (.*) \|$", line)
        if match:
            rows[match.group(1)] = match.group(2)
    for table, schema in TABLE_SCHEMAS.items():
        assert table in rows, f"table {table} is not documented"
        for column in schema.names:
            assert re.search(rf"(^|[ ,(]){column}\b", rows[table]), (
                f"{table}.{column} is not documented"
            )
