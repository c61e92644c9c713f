"""The indicator registry: every indicator's name, title, summary, docs page and computation.

``clustera analyse``, the observatory's methods pages and its map all read this
one registry, so an indicator is named, titled and documented in one place.
Each entry runs a public function of :mod:`clustera.analytics` on a labelled
table (regions x activities, or (year, region) x activities) with the options
of ``clustera analyse``, and turns its result into one table to write.

>>> import pandas as pd
>>> from clustera.analytics.indicators import INDICATORS
>>> X = pd.DataFrame([[5, 3], [1, 4]], index=["r1", "r2"], columns=["a", "b"])
>>> lq = INDICATORS["location-quotient"]
>>> lq.title, lq.docs
('Location quotient', 'indicators/location-quotient.md')
>>> round(float(lq.table(X).loc["r1", "a"]), 4)
1.3542
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import pandas as pd

from clustera.analytics.clusters import cluster_stars
from clustera.analytics.complexity import ComplexityResult, complexity
from clustera.analytics.density import relatedness_density
from clustera.analytics.diversification import diversification_opportunities
from clustera.analytics.indices import (
    localisation_indices,
    related_unrelated_variety,
    specialisation_indices,
)
from clustera.analytics.outlook import OutlookResult, complexity_outlook
from clustera.analytics.relatedness import RELATEDNESS_METHODS, co_occurrence, relatedness
from clustera.analytics.specialisation import (
    diversity,
    location_quotient,
    rca_binary,
    symmetric_rca,
    ubiquity,
)
from clustera.errors import InvalidInputError

__all__ = ["DEFAULT_OPTIONS", "INDICATORS", "Indicator", "Options", "Table"]

Options = Mapping[str, Any]
Table = pd.DataFrame | pd.Series

DEFAULT_OPTIONS: Mapping[str, Any] = MappingProxyType(
    {
        "threshold": 1.0,
        "method": None,
        "convention": "growthlab",
        "self_loops": False,
        "scale": 1.0,
        "preset": "ECO2009",
        "categories": None,
        "establishments": None,
        "groups": None,
    }
)
"""The options every indicator is computed with unless given (those of ``clustera analyse``)."""


def _as_table(result: Any) -> Table:
    if isinstance(result, pd.DataFrame | pd.Series):
        return result
    raise TypeError(f"expected a DataFrame or Series, got {type(result).__name__}")


@dataclass(frozen=True)
class Indicator:
    """One indicator of the registry.

    Parameters
    ----------
    name : str
        Registry key and ``clustera analyse`` name, e.g. ``"location-quotient"``.
    title : str
        Title of its methods page and of the map's legend.
    summary : str
        One line for ``clustera analyse --help``, naming the options it reads.
    docs : str
        Its documentation page, relative to ``docs/``.
    function : callable
        The public function of :mod:`clustera.analytics` it runs (documented and checked).
    apply : callable
        ``apply(table, options)``: the function's result for a table and options.
    tabulate : callable
        Result to the one table ``clustera analyse`` writes (the result itself by default).
    requires : tuple of str
        Options without a default that it needs (e.g. ``("groups",)``).
    slug : str
        Address of its methods page (``/observatory/methods/<slug>/``); the name when empty.
    counts : bool
        It counts things (co-occurrences, stars). A count is defined where nothing is
        present: 0, never more; a ratio is not, and comes out NaN there (the masking rule).
    """

    name: str
    title: str
    summary: str
    docs: str
    function: Callable[..., Any]
    apply: Callable[[pd.DataFrame, Options], Any]
    tabulate: Callable[[Any], Table] = _as_table
    requires: tuple[str, ...] = ()
    slug: str = field(default="")
    counts: bool = False

    def __post_init__(self) -> None:
        if not self.slug:
            object.__setattr__(self, "slug", self.name)

    def compute(self, table: pd.DataFrame, **options: Any) -> Any:
        """The indicator's result for ``table`` (options default to :data:`DEFAULT_OPTIONS`)."""
        chosen = {**DEFAULT_OPTIONS, **options}
        for option in self.requires:
            if chosen.get(option) is None:
                raise InvalidInputError(f"{self.name} needs the {option!r} option", field=option)
        return self.apply(table, chosen)

    def table(self, table: pd.DataFrame, **options: Any) -> Table:
        """The result as the one table ``clustera analyse`` writes."""
        return self.tabulate(self.compute(table, **options))


def _complexity_table(result: ComplexityResult) -> pd.DataFrame:
    stacked: pd.Series = pd.concat(
        {"eci": result.eci.rename("value"), "pci": result.pci.rename("value")},
        names=["indicator", "code"],
    )
    return stacked.to_frame()


def _outlook_table(result: OutlookResult) -> pd.DataFrame:
    stacked = pd.Series(result.cog.rename_axis(columns="activity").stack(), name="cog")
    coi = result.coi.rename("coi").reset_index()
    keys = [column for column in coi.columns if column != "coi"]
    merged: pd.DataFrame = stacked.reset_index().merge(coi, on=keys, how="left")
    return merged


def _relatedness(X: pd.DataFrame, o: Options) -> pd.DataFrame:
    return relatedness(X, o["method"] or "proximity", self_loops=o["self_loops"])


def _density(X: pd.DataFrame, o: Options) -> pd.DataFrame:
    return relatedness_density(X, relatedness(X, o["method"] or "proximity"), scale=o["scale"])


def _stars(X: pd.DataFrame, o: Options) -> Any:
    return cluster_stars(
        X, categories=o["categories"], preset=o["preset"], establishments=o["establishments"]
    )


_ENTRIES = (
    Indicator(
        "location-quotient",
        "Location quotient",
        "Balassa RCA / LQ",
        "indicators/location-quotient.md",
        location_quotient,
        lambda X, o: location_quotient(X),
    ),
    Indicator(
        "rca-binary",
        "Binary RCA (presence)",
        "presence, RCA >= threshold",
        "indicators/location-quotient.md",
        rca_binary,
        lambda X, o: rca_binary(X, o["threshold"]),
    ),
    Indicator(
        "symmetric-rca",
        "Symmetric RCA",
        "(RCA - 1)/(RCA + 1)",
        "indicators/location-quotient.md",
        symmetric_rca,
        lambda X, o: symmetric_rca(X),
    ),
    Indicator(
        "specialisation-indices",
        "Specialisation indices",
        "Krugman, Hoover, Herfindahl, entropy, diversity per region",
        "indicators/specialisation-indices.md",
        specialisation_indices,
        lambda X, o: specialisation_indices(X, threshold=o["threshold"]),
    ),
    Indicator(
        "localisation-indices",
        "Localisation indices",
        "Hoover localisation per activity",
        "indicators/localisation.md",
        localisation_indices,
        lambda X, o: localisation_indices(X),
    ),
    Indicator(
        "diversity",
        "Diversity",
        "activities with RCA >= threshold",
        "indicators/diversity-ubiquity.md",
        diversity,
        lambda X, o: diversity(X, o["threshold"]),
    ),
    Indicator(
        "ubiquity",
        "Ubiquity",
        "regions with RCA >= threshold",
        "indicators/diversity-ubiquity.md",
        ubiquity,
        lambda X, o: ubiquity(X, o["threshold"]),
    ),
    Indicator(
        "variety",
        "Related and unrelated variety",
        "related/unrelated variety (needs --groups)",
        "indicators/related-unrelated-variety.md",
        related_unrelated_variety,
        lambda X, o: related_unrelated_variety(X, o["groups"]),
        requires=("groups",),
    ),
    Indicator(
        "co-occurrence",
        "Co-occurrence",
        "C = M^T M of a presence table",
        "indicators/relatedness.md",
        co_occurrence,
        lambda X, o: co_occurrence(X),
        counts=True,
    ),
    Indicator(
        "relatedness",
        "Relatedness",
        f"{', '.join(RELATEDNESS_METHODS)} (--method)",
        "indicators/relatedness.md",
        relatedness,
        _relatedness,
    ),
    Indicator(
        "relatedness-density",
        "Relatedness density",
        "density of related activities (--method, --scale)",
        "indicators/relatedness-density.md",
        relatedness_density,
        _density,
    ),
    Indicator(
        "complexity",
        "Economic complexity",
        "ECI and PCI (--method, --convention)",
        "indicators/complexity.md",
        complexity,
        lambda X, o: complexity(X, method=o["method"] or "eigenvector", convention=o["convention"]),
        _complexity_table,
        slug="economic-complexity",
    ),
    Indicator(
        "complexity-outlook",
        "Complexity outlook",
        "COI and COG (--convention)",
        "indicators/complexity-outlook.md",
        complexity_outlook,
        lambda X, o: complexity_outlook(X, convention=o["convention"]),
        _outlook_table,
    ),
    Indicator(
        "cluster-stars",
        "Cluster stars",
        "cluster mapping stars (--preset, --categories)",
        "indicators/cluster-stars.md",
        cluster_stars,
        _stars,
        lambda result: _as_table(result.table),
        counts=True,
    ),
    Indicator(
        "diversification",
        "Smart-specialisation diagram",
        "Balland et al. (2019) relatedness x complexity options",
        "indicators/diversification.md",
        diversification_opportunities,
        lambda X, o: diversification_opportunities(
            X, relatedness_method=o["method"] or "association"
        ),
    ),
)

INDICATORS: Mapping[str, Indicator] = MappingProxyType({entry.name: entry for entry in _ENTRIES})
"""The built-in indicators by name, in the order ``clustera analyse --help`` lists them."""
