"""The financing table of an investment proposal: budget lines summed by partner, year and
funding source, with totals that add up by construction."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from clustera.errors import InvalidInputError

__all__ = ["BudgetItem", "FinancingTable", "financing_table"]


@dataclass(frozen=True)
class BudgetItem:
    """One budget line: a partner's spending in one year from one funding source."""

    partner: str
    year: int
    source: str
    amount: Decimal


@dataclass(frozen=True)
class FinancingTable:
    """Amounts by (partner, year) row and funding-source column, with every total."""

    sources: tuple[str, ...]
    rows: tuple[tuple[str, int, tuple[Decimal, ...], Decimal], ...]
    source_totals: tuple[Decimal, ...]
    total: Decimal


def financing_table(items: Sequence[BudgetItem], sources: Sequence[str]) -> FinancingTable:
    """Sum budget lines into the financing table; ``sources`` fixes the columns' order.

    >>> t = financing_table([BudgetItem("A", 2027, "erdf", Decimal("100")),
    ...                      BudgetItem("A", 2027, "own", Decimal("25")),
    ...                      BudgetItem("B", 2028, "erdf", Decimal("50"))], ["erdf", "own"])
    >>> [(p, y, [str(a) for a in amounts], str(total)) for p, y, amounts, total in t.rows]
    [('A', 2027, ['100', '25'], '125'), ('B', 2028, ['50', '0'], '50')]
    >>> [str(a) for a in t.source_totals], str(t.total)
    (['150', '25'], '175')
    """
    column = {source: position for position, source in enumerate(sources)}
    cells: dict[tuple[str, int], list[Decimal]] = {}
    for item in items:
        if item.source not in column:
            raise InvalidInputError("unknown funding source", field="source", value=item.source)
        if item.amount < 0:
            raise InvalidInputError(
                "amounts cannot be negative", field="amount", value=str(item.amount)
            )
        row = cells.setdefault((item.partner, item.year), [Decimal(0)] * len(sources))
        row[column[item.source]] += item.amount
    rows = tuple(
        (partner, year, tuple(amounts), sum(amounts, Decimal(0)))
        for (partner, year), amounts in sorted(cells.items())
    )
    source_totals = tuple(
        sum((row[2][position] for row in rows), Decimal(0)) for position in range(len(sources))
    )
    return FinancingTable(tuple(sources), rows, source_totals, sum(source_totals, Decimal(0)))
