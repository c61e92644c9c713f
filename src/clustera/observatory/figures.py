"""The observatory's one rounding rule: how many decimals each kind of figure gets, in tables,
charts, map legends and the region report alike.

Head-counts (employment, organisations, establishments, diversity, stars) are whole numbers;
location quotients have 2 decimals (enough to tell 0.8 from 0.79 at the class limits), growth
and shares in per cent 1, relatedness density (0-100) 1, complexity z-scores 2, concentration
indices 3 (4 for Herfindahl, whose values are small), patent applications 1 (fractional
counting over applicants gives fractions); the gap analysis's unmet needs 1 and spatial access
2. Numbers are formatted for the active language with
grouping (Django's ``number_format``), rounded half up as the ``floatformat:"Ng"`` filter does
(1234.5 people show as 1,235).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import number_format

DECIMALS: dict[str, int] = {
    "count": 0,
    "lq": 2,
    "percent": 1,
    "relatedness": 1,
    "complexity": 2,
    "index": 3,
    "herfindahl": 4,
    "similarity": 3,
    "patents": 1,
    "needs": 1,
    "access": 2,
}
"""Decimals by kind of figure."""

INDICATOR_KINDS: dict[str, str] = {
    "stars": "count",
    "location_quotient": "lq",
    "employment": "count",
    "relatedness_density": "relatedness",
    "complexity": "complexity",
    "patents": "patents",
}
"""The kind of figure of each map indicator (``selectors.MAP_INDICATORS``)."""


def decimals(kind: str) -> int:
    """Decimals of a kind of figure (:data:`DECIMALS`); unknown kinds get 2."""
    return DECIMALS.get(kind, 2)


def format_figure(value: float | None, kind: str) -> str:
    """``value`` rounded by the rule for ``kind`` and formatted for the active language
    (grouped thousands); empty for ``None``."""
    if value is None:
        return ""
    places = decimals(kind)
    rounded = Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
    if rounded == 0:
        rounded = abs(rounded)  # no "-0.00"
    return str(number_format(rounded, places, use_l10n=True, force_grouping=True))


def round_figure(value: float, kind: str) -> float:
    """``value`` rounded half up by the rule for ``kind`` (as shown), as a number."""
    places = decimals(kind)
    return float(Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP))
