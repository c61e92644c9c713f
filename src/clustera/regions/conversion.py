"""Move regional series between NUTS versions with the JRC NUTS converter weights.

The JRC converter matrix lists, for each pair of an old and a new region that
overlap, the overlap's area, population (2011, 2021), artificial surface and
built-up volume. With a chosen weight ``w`` the share of old region ``s`` that
goes to new region ``t`` is ``a(s, t) = w(s, t) / sum_t' w(s, t')``.

* Extensive variables (counts, sums) are split: ``y_t = sum_s a(s, t) x_s``.
* Intensive variables (rates, shares) are averaged:
  ``y_t = sum_s w(s, t) x_s / sum_s w(s, t)``.

A new region is missing when any old region that contributes to it with a
positive weight is missing: a gap is never filled with zero.

References
----------
Pigaiani, C., & Batista e Silva, F. (2021). *The NUTS converter*. European
Commission, Joint Research Centre, https://urban.jrc.ec.europa.eu/nutsconverter
(matrices release 2025.08).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd

from clustera.errors import DataFormatError, InvalidInputError, UnknownCodeError

__all__ = [
    "CONVERTER_WEIGHTS",
    "NutsConverter",
    "read_nuts_converter",
    "remap_observations",
    "remap_regions",
]

CONVERTER_WEIGHTS = ("areaKm", "pop11", "pop21", "artif_surf12", "artif_surf18", "bu_vol")


@dataclass(frozen=True)
class NutsConverter:
    """A JRC converter matrix between two NUTS versions.

    Attributes
    ----------
    pairs : pandas.DataFrame
        Columns ``source``, ``target`` and one column per weight in
        :data:`CONVERTER_WEIGHTS`.
    source_version, target_version : str
        For example ``"2021"`` and ``"2024"``.
    """

    pairs: pd.DataFrame
    source_version: str
    target_version: str

    def shares(self, weight: str = "pop21") -> pd.DataFrame:
        """Return ``source, target, share`` where shares of each source sum to 1.

        A source whose weights are all zero (an unpopulated region such as
        ``NO0B`` under a population weight) falls back to area shares.
        """
        if weight not in CONVERTER_WEIGHTS:
            raise InvalidInputError(
                f"weight must be one of {CONVERTER_WEIGHTS}", field="weight", value=weight
            )
        pairs = self.pairs[list(dict.fromkeys(["source", "target", weight, "areaKm"]))].copy()
        totals = pairs.groupby("source")[weight].transform("sum")
        area_totals = pairs.groupby("source")["areaKm"].transform("sum")
        share = np.where(totals > 0, pairs[weight] / totals.where(totals > 0, 1.0), 0.0)
        fallback = np.where(
            area_totals > 0, pairs["areaKm"] / area_totals.where(area_totals > 0, 1.0), 0.0
        )
        pairs["share"] = np.where(totals > 0, share, fallback)
        return pairs[["source", "target", "share"]].reset_index(drop=True)


def read_nuts_converter(path: str | Path) -> NutsConverter:
    """Read a JRC NUTS converter matrix (``code_v2021, code_v2024, uniqueID, areaKm, pop11, ...``).

    The versions come from the two code column names.

    Raises
    ------
    DataFormatError
        Missing columns, a non-numeric or negative weight (with its line).
    """
    source = str(path)
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    code_columns = [column for column in table.columns if column.startswith("code_v")]
    if len(code_columns) != 2:
        raise DataFormatError(
            "expected two columns named code_v<year>",
            source=source,
            line=1,
            value=list(table.columns),
        )
    missing = set(CONVERTER_WEIGHTS) - set(table.columns)
    if missing:
        raise DataFormatError(f"missing weight column(s) {sorted(missing)}", source=source, line=1)
    pairs = pd.DataFrame(
        {"source": table[code_columns[0]].str.strip(), "target": table[code_columns[1]].str.strip()}
    )
    for column in CONVERTER_WEIGHTS:
        numbers = pd.to_numeric(table[column], errors="coerce")
        bad = numbers.isna() | (numbers < 0)
        if bad.any():
            row = int(np.flatnonzero(bad.to_numpy())[0])
            raise DataFormatError(
                "weight is not a non-negative number",
                source=source,
                line=row + 2,
                field=column,
                value=table[column].iloc[row],
            )
        pairs[column] = numbers.astype(np.float64)
    return NutsConverter(pairs, code_columns[0][len("code_v") :], code_columns[1][len("code_v") :])


def remap_regions(
    data: pd.Series | pd.DataFrame,
    converter: NutsConverter,
    weight: str = "pop21",
    kind: Literal["extensive", "intensive"] = "extensive",
    unknown: Literal["raise", "drop"] = "raise",
) -> pd.Series | pd.DataFrame:
    """Convert regional values from the converter's source NUTS version to its target.

    Parameters
    ----------
    data : Series or DataFrame
        Indexed by source-version region codes; a DataFrame's columns (years,
        activities, ...) are converted one by one.
    converter : NutsConverter
        From :func:`read_nuts_converter`.
    weight : str
        ``"areaKm"``, ``"pop11"``, ``"pop21"`` (default), ``"artif_surf12"``,
        ``"artif_surf18"`` or ``"bu_vol"``.
    kind : {"extensive", "intensive"}
        Split counts by shares, or average rates weighted by overlap.
    unknown : {"raise", "drop"}
        What to do with codes absent from the converter (e.g. another level).

    Returns
    -------
    Series or DataFrame
        Indexed by target-version codes (sorted), named ``region``; only
        targets reached by at least one source region appear.

    Examples
    --------
    >>> pairs = pd.DataFrame({"source": ["PT16", "PT16", "PT18"], "target": ["PT19", "PT1D", "PT1D"],
    ...                       "areaKm": [3.0, 1.0, 1.0], "pop11": 1.0, "pop21": [300.0, 100.0, 100.0],
    ...                       "artif_surf12": 1.0, "artif_surf18": 1.0, "bu_vol": 1.0})
    >>> converter = NutsConverter(pairs, "2021", "2024")
    >>> remap_regions(pd.Series({"PT16": 40.0, "PT18": 5.0}), converter).tolist()
    [30.0, 15.0]
    >>> remap_regions(pd.Series({"PT16": 2.0, "PT18": 4.0}), converter, kind="intensive").tolist()
    [2.0, 3.0]
    """
    if kind not in ("extensive", "intensive"):
        raise InvalidInputError("kind must be 'extensive' or 'intensive'", field="kind", value=kind)
    frame = data.to_frame() if isinstance(data, pd.Series) else data
    if frame.index.has_duplicates:
        raise InvalidInputError(
            "region codes repeat in the index",
            value=list(frame.index[frame.index.duplicated()][:5]),
        )
    shares = converter.shares(weight)
    known = frame.index.isin(shares["source"])
    if not known.all():
        if unknown == "raise":
            raise UnknownCodeError(
                f"codes not in the NUTS {converter.source_version} to {converter.target_version} converter",
                value=sorted(map(str, frame.index[~known]))[:10],
            )
        frame = frame[known]
    pairs = shares[shares["source"].isin(frame.index)]
    if kind == "intensive":
        raw = converter.pairs.loc[pairs.index, weight].to_numpy()
        pairs = pairs.assign(share=raw)
    pairs = pairs[pairs["share"] > 0]
    values = frame.loc[pairs["source"]].to_numpy(dtype=np.float64)
    weights = pairs["share"].to_numpy()[:, None]
    contribution = pd.DataFrame(np.nan_to_num(values) * weights, columns=frame.columns)
    gaps = pd.DataFrame(np.isnan(values).astype(np.int64), columns=frame.columns)
    targets = pairs["target"].to_numpy()
    result = contribution.groupby(targets).sum()
    if kind == "intensive":
        result = result.div(pd.Series(weights[:, 0]).groupby(targets).sum(), axis=0)
    result = result.mask(gaps.groupby(targets).sum() > 0)
    result.index.name = "region"
    if isinstance(data, pd.Series):
        series = result.iloc[:, 0]
        series.name = data.name
        return series
    return result


def remap_observations(
    table: pd.DataFrame,
    converter: NutsConverter,
    region_column: str = "geo",
    weight: str = "pop21",
    kind: Literal["extensive", "intensive"] = "extensive",
    unknown: Literal["raise", "drop"] = "raise",
) -> pd.DataFrame:
    """Convert a tidy observation table (as read by ``clustera.io``) to another NUTS version.

    Every column other than the region, ``value``, ``obs_flag`` and
    ``conf_status`` is a key kept as is (``time``, ``nace_r2``, ...). Values
    are combined as in :func:`remap_regions`; a new value carries the union of
    its sources' observation flags, and ``conf_status`` ``"C"`` when any source
    was confidential (its value is then missing too).

    Examples
    --------
    >>> pairs = pd.DataFrame({"source": ["PT16", "PT16", "PT18"], "target": ["PT19", "PT1D", "PT1D"],
    ...                       "areaKm": 1.0, "pop11": 1.0, "pop21": [300.0, 100.0, 100.0],
    ...                       "artif_surf12": 1.0, "artif_surf18": 1.0, "bu_vol": 1.0})
    >>> table = pd.DataFrame({"geo": ["PT16", "PT18"], "time": "2021", "value": [40.0, 5.0],
    ...                       "obs_flag": ["p", "e"], "conf_status": ["", ""]})
    >>> remap_observations(table, NutsConverter(pairs, "2021", "2024")).values.tolist()
    [['PT19', '2021', 30.0, 'p', ''], ['PT1D', '2021', 15.0, 'ep', '']]
    """
    if region_column not in table.columns or "value" not in table.columns:
        raise InvalidInputError(
            "the table needs a region column and a 'value' column",
            field=region_column,
            value=list(table.columns),
        )
    keys = [
        column
        for column in table.columns
        if column not in (region_column, "value", "obs_flag", "conf_status")
    ]
    data = table.assign(source=table[region_column].astype(str))
    shares = converter.shares(weight)
    known = data["source"].isin(shares["source"])
    if not known.all():
        if unknown == "raise":
            raise UnknownCodeError(
                f"codes not in the NUTS {converter.source_version} to {converter.target_version} converter",
                value=sorted(set(data.loc[~known, "source"]))[:10],
            )
        data = data[known]
    if kind == "intensive":
        shares = shares.assign(share=converter.pairs.loc[shares.index, weight].to_numpy())
    merged = data.merge(shares[shares["share"] > 0], on="source")
    merged["weighted"] = merged["value"].to_numpy(dtype=np.float64) * merged["share"].to_numpy()
    merged["missing"] = merged["value"].isna()
    flags = merged["obs_flag"].astype(str) if "obs_flag" in merged.columns else ""
    status = merged["conf_status"].astype(str) if "conf_status" in merged.columns else ""
    merged = merged.assign(obs_flag=flags, confidential=(status == "C"))
    for column in keys:
        merged[column] = merged[column].astype(str)
    grouped = merged.groupby(["target", *keys], sort=False)
    result = grouped.agg(
        value=("weighted", "sum"),
        share=("share", "sum"),
        missing=("missing", "any"),
        confidential=("confidential", "any"),
        obs_flag=("obs_flag", lambda values: "".join(sorted(set("".join(values))))),
    ).reset_index()
    if kind == "intensive":
        result["value"] = result["value"] / result["share"]
    result.loc[result["missing"] | result["confidential"], "value"] = np.nan
    result["conf_status"] = np.where(result["confidential"], "C", "")
    result = result.rename(columns={"target": region_column})
    return result[[region_column, *keys, "value", "obs_flag", "conf_status"]].reset_index(drop=True)
