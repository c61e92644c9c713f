"""Checks and normalises the three tables of the gap analysis: needs, offers, regions."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

from clustera.errors import DataFormatError, DuplicateError, InvalidInputError, UnknownCodeError

NEED_COLUMNS = ("region", "technology", "service", "trl")
OFFER_COLUMNS = (
    "centre",
    "lat",
    "lon",
    "technology",
    "service",
    "trl_min",
    "trl_max",
    "capacity",
)
REGION_COLUMNS = ("region", "lat", "lon")


def _require(table: pd.DataFrame, columns: Iterable[str], source: str) -> None:
    if not isinstance(table, pd.DataFrame):
        raise DataFormatError(
            "must be a pandas DataFrame", source=source, value=type(table).__name__
        )
    missing = [column for column in columns if column not in table.columns]
    if missing:
        raise DataFormatError("missing column", source=source, field=missing[0])


def _first_bad(table: pd.DataFrame, bad: np.ndarray, source: str, column: str, why: str) -> None:
    if bad.any():
        row = int(np.flatnonzero(bad)[0])
        value = table[column].iloc[row]
        # numpy scalars print as np.float64(...): show the plain value.
        value = value.item() if isinstance(value, np.generic) else value
        raise InvalidInputError(why, source=source, line=row, field=column, value=value)


def _numbers(table: pd.DataFrame, column: str, source: str) -> np.ndarray:
    values = pd.to_numeric(table[column], errors="coerce").to_numpy(dtype=np.float64)
    _first_bad(table, ~np.isfinite(values), source, column, "must be a finite number")
    return values


def _trl(table: pd.DataFrame, column: str, source: str) -> np.ndarray:
    values = _numbers(table, column, source)
    bad = (values != np.round(values)) | (values < 1) | (values > 9)
    _first_bad(table, bad, source, column, "a TRL is an integer from 1 to 9")
    return values.astype(np.int64)


def _coordinates(table: pd.DataFrame, source: str) -> tuple[np.ndarray, np.ndarray]:
    lat, lon = _numbers(table, "lat", source), _numbers(table, "lon", source)
    _first_bad(table, np.abs(lat) > 90, source, "lat", "latitude must be within [-90, 90]")
    _first_bad(table, np.abs(lon) > 180, source, "lon", "longitude must be within [-180, 180]")
    return lat, lon


def _codes(table: pd.DataFrame, column: str, source: str) -> np.ndarray:
    values = table[column]
    bad = values.isna().to_numpy() | (values.astype(str).str.strip() == "").to_numpy()
    _first_bad(table, bad, source, column, "must not be empty")
    return values.astype(str).to_numpy()


def read_regions(regions: pd.DataFrame) -> pd.DataFrame:
    """Regions as (lat, lon) indexed by unique region code."""
    _require(regions, REGION_COLUMNS, "regions")
    codes = _codes(regions, "region", "regions")
    duplicated = pd.Index(codes).duplicated()
    if duplicated.any():
        row = int(np.flatnonzero(duplicated)[0])
        raise DuplicateError(
            "duplicated region", source="regions", line=row, field="region", value=codes[row]
        )
    lat, lon = _coordinates(regions, "regions")
    return pd.DataFrame({"lat": lat, "lon": lon}, index=pd.Index(codes, name="region"))


def read_needs(needs: pd.DataFrame, regions: pd.Index) -> pd.DataFrame:
    """Needs with region, technology, service, trl, weight (default 1) and language ("" = any)."""
    _require(needs, NEED_COLUMNS, "needs")
    frame = pd.DataFrame(
        {
            "region": _codes(needs, "region", "needs"),
            "technology": _codes(needs, "technology", "needs"),
            "service": _codes(needs, "service", "needs"),
            "trl": _trl(needs, "trl", "needs"),
        }
    )
    unknown = ~frame["region"].isin(regions).to_numpy()
    if unknown.any():
        row = int(np.flatnonzero(unknown)[0])
        raise UnknownCodeError(
            "region not in the regions table",
            source="needs",
            line=row,
            field="region",
            value=frame["region"].iloc[row],
        )
    weight = (
        _numbers(needs, "weight", "needs") if "weight" in needs.columns else np.ones(len(frame))
    )
    _first_bad(needs, weight < 0, "needs", "weight", "a need's weight must be >= 0")
    frame["weight"] = weight
    if "language" in needs.columns:
        language = needs["language"].fillna("").astype(str).str.strip().str.lower()
        frame["language"] = language.to_numpy()
    else:
        frame["language"] = ""
    return frame


def language_set(value: object) -> frozenset[str]:
    """Language codes from ``"en;fr"`` (or ``"en,fr"``) or a collection, lower-cased."""
    if isinstance(value, str):
        parts: Iterable[object] = value.replace(",", ";").split(";")
    elif isinstance(value, Iterable):
        parts = value
    else:
        parts = ()
    return frozenset(str(part).strip().lower() for part in parts if str(part).strip())


def read_offers(offers: pd.DataFrame) -> pd.DataFrame:
    """Offers with centre, technology, service, TRL range, capacity and a language set each."""
    _require(offers, OFFER_COLUMNS, "offers")
    lat, lon = _coordinates(offers, "offers")
    frame = pd.DataFrame(
        {
            "centre": _codes(offers, "centre", "offers"),
            "lat": lat,
            "lon": lon,
            "technology": _codes(offers, "technology", "offers"),
            "service": _codes(offers, "service", "offers"),
            "trl_min": _trl(offers, "trl_min", "offers"),
            "trl_max": _trl(offers, "trl_max", "offers"),
            "capacity": _numbers(offers, "capacity", "offers"),
        }
    )
    _first_bad(
        offers,
        (frame["trl_max"] < frame["trl_min"]).to_numpy(),
        "offers",
        "trl_max",
        "trl_max is below trl_min",
    )
    _first_bad(
        offers, (frame["capacity"] < 0).to_numpy(), "offers", "capacity", "capacity must be >= 0"
    )
    first = frame.groupby("centre", sort=False)[["lat", "lon"]].transform("first")
    _first_bad(
        offers,
        np.asarray((first.to_numpy() != frame[["lat", "lon"]].to_numpy()).any(axis=1)),
        "offers",
        "lat",
        "a centre's offers disagree on its position (lat, lon)",
    )
    languages = (
        offers["languages"].tolist() if "languages" in offers.columns else [""] * len(offers)
    )
    frame["languages"] = pd.Series([language_set(value) for value in languages], dtype=object)
    return frame


def ancestors(hierarchy: Mapping[str, str] | None, technology: str) -> tuple[str, ...]:
    """The technology and its ancestors in ``hierarchy`` (child -> parent), nearest first."""
    chain = [technology]
    while hierarchy is not None and chain[-1] in hierarchy:
        parent = str(hierarchy[chain[-1]])
        if parent in chain:
            raise InvalidInputError(
                "technology hierarchy has a cycle", field="hierarchy", value=parent
            )
        chain.append(parent)
    return tuple(chain)
