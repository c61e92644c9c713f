"""Collaboration history: who took part in which project, when, and in which programme part."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from clustera.errors import DataFormatError, InvalidInputError

__all__ = ["CollaborationHistory"]

_PARTICIPATION_COLUMNS = ("project_id", "org_id", "year", "programme_parts")
_PROFILE_COLUMNS = ("activity_type", "country")


def _split_parts(value: object) -> tuple[str, ...]:
    if isinstance(value, tuple | list):
        return tuple(sorted({str(part) for part in value if str(part)}))
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ()
    return tuple(sorted({part.strip() for part in str(value).split(";") if part.strip()}))


def _require_columns(frame: pd.DataFrame, columns: tuple[str, ...], source: str) -> None:
    missing = [column for column in columns if column not in frame.columns]
    if missing:
        raise DataFormatError(
            f"missing column(s) {missing}; found {list(frame.columns)}", source=source
        )


@dataclass(frozen=True)
class CollaborationHistory:
    """Past participations of organisations in collaborative projects, with their profiles.

    Parameters
    ----------
    participations
        One row per (project, organisation): ``project_id``, ``org_id``, ``year`` (start
        year, int) and ``programme_parts`` (tuple of programme-part or theme codes).
    organisations
        Profiles indexed by ``org_id``: ``activity_type`` (PRC company, HES higher
        education, REC research, PUB public, OTH), ``country``; optional ``region``,
        ``technologies`` and ``nace`` (tuples of codes), ``description`` (text),
        ``latitude``/``longitude``. Organisations without participations may appear
        (empty profiles still get suggestions).

    Examples
    --------
    >>> participations = pd.DataFrame({"project_id": [1, 1, 2], "org_id": ["a", "b", "a"],
    ...     "year": [2018, 2018, 2019], "programme_parts": ["LEIT", "LEIT", "SC1;LEIT"]})
    >>> history = CollaborationHistory.from_frames(participations)
    >>> history.until(2018).participations.shape[0]
    2
    """

    participations: pd.DataFrame
    organisations: pd.DataFrame

    @classmethod
    def from_frames(
        cls,
        participations: pd.DataFrame,
        organisations: pd.DataFrame | None = None,
        *,
        source: str = "participations",
    ) -> CollaborationHistory:
        """Validate and normalise participations (and optional profiles) into a history."""
        _require_columns(participations, _PARTICIPATION_COLUMNS, source)
        frame = participations.loc[:, list(_PARTICIPATION_COLUMNS)].copy()
        for column in ("project_id", "org_id", "year"):
            bad = frame[column].isna()
            if bad.any():
                line = int(bad.to_numpy().argmax()) + 2
                raise InvalidInputError("empty value", source=source, line=line, field=column)
        try:
            frame["year"] = frame["year"].astype("int64")
        except (TypeError, ValueError) as error:
            raise InvalidInputError(
                f"year must be whole numbers ({error})", source=source, field="year"
            ) from error
        cache: dict[object, tuple[str, ...]] = {}
        normalised = []
        for value in frame["programme_parts"]:
            key = tuple(value) if isinstance(value, list | tuple) else value
            if key not in cache:
                cache[key] = _split_parts(value)
            normalised.append(cache[key])
        frame["programme_parts"] = normalised
        frame = frame.drop_duplicates(["project_id", "org_id"]).reset_index(drop=True)
        if organisations is None:
            organisations = cls._profiles_from(participations)
        else:
            organisations = cls._validate_profiles(organisations)
        return cls(participations=frame, organisations=organisations)

    @staticmethod
    def _profiles_from(participations: pd.DataFrame) -> pd.DataFrame:
        columns = [c for c in _PROFILE_COLUMNS if c in participations.columns]
        if not columns:
            return pd.DataFrame(
                {"activity_type": pd.Series(dtype=object), "country": pd.Series(dtype=object)},
                index=pd.Index(sorted(participations["org_id"].unique()), name="org_id"),
            ).fillna("")
        modal = pd.DataFrame(index=pd.Index(sorted(participations["org_id"].unique())))
        for column in columns:
            counts = participations.groupby(["org_id", column]).size().reset_index(name="n")
            counts = counts.sort_values(["org_id", "n", column], ascending=[True, False, True])
            modal[column] = counts.drop_duplicates("org_id").set_index("org_id")[column]
        for column in _PROFILE_COLUMNS:
            if column not in modal.columns:
                modal[column] = ""
        modal.index.name = "org_id"
        return modal.fillna("")

    @staticmethod
    def _validate_profiles(organisations: pd.DataFrame) -> pd.DataFrame:
        profiles = organisations.copy()
        if "org_id" in profiles.columns:
            profiles = profiles.set_index("org_id")
        if profiles.index.has_duplicates:
            duplicate = profiles.index[profiles.index.duplicated()][0]
            from clustera.errors import DuplicateError

            raise DuplicateError(
                "organisation listed twice", source="organisations", field="org_id", value=duplicate
            )
        for column in _PROFILE_COLUMNS:
            if column not in profiles.columns:
                profiles[column] = ""
            profiles[column] = profiles[column].fillna("").astype(str)
        for column in ("technologies", "nace"):
            if column in profiles.columns:
                profiles[column] = profiles[column].map(_split_parts)
        profiles.index.name = "org_id"
        return profiles

    def until(self, year: int) -> CollaborationHistory:
        """The history of projects starting in ``year`` or before (profiles kept)."""
        kept = self.participations[self.participations["year"] <= year]
        return CollaborationHistory(kept.reset_index(drop=True), self.organisations)

    def in_year(self, year: int) -> pd.DataFrame:
        """Participations of projects starting in ``year``."""
        return self.participations[self.participations["year"] == year].reset_index(drop=True)

    @property
    def last_year(self) -> int:
        """The latest start year in the history."""
        return int(self.participations["year"].max())
