"""NUTS code lists and their hierarchy (versions 2016, 2021, 2024).

A NUTS code is the 2-letter country code followed by one character per level:
``DE`` (level 0), ``DE1`` (1), ``DE11`` (2), ``DE111`` (3). The level and the
parent therefore follow from the code itself; names and typologies come from
the GISCO files. Country codes are NUTS's own (``EL`` Greece, ``UK``).

References
----------
Regulation (EC) No 1059/2003 on the establishment of a common classification
of territorial units for statistics (NUTS), as amended by Delegated
Regulations (EU) 2016/2066 (NUTS 2016), 2019/1755 (NUTS 2021) and 2023/674 (NUTS 2024).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

import pandas as pd

from clustera.errors import DataFormatError, DuplicateError, InvalidInputError, UnknownCodeError

__all__ = [
    "NUTS_VERSIONS",
    "NutsCodeList",
    "NutsRegion",
    "nuts_country",
    "nuts_level",
    "nuts_parent",
    "read_nuts_codes",
]

NUTS_VERSIONS = ("2016", "2021", "2024")

_CODE = re.compile(r"^[A-Z]{2}[0-9A-Z]{0,3}$")


def nuts_level(code: str) -> int:
    """Return the NUTS level (0-3) of a code, from its length.

    >>> nuts_level("DE"), nuts_level("DE1"), nuts_level("DE11"), nuts_level("DE111")
    (0, 1, 2, 3)
    """
    if not isinstance(code, str) or not _CODE.match(code):
        raise UnknownCodeError("not a NUTS code (2 letters + up to 3 characters)", value=code)
    return len(code) - 2


def nuts_parent(code: str) -> str | None:
    """Return the code one level up, or None for a country.

    >>> nuts_parent("DE111"), nuts_parent("DE")
    ('DE11', None)
    """
    return code[:-1] if nuts_level(code) > 0 else None


def nuts_country(code: str) -> str:
    """Return the NUTS country code (``EL`` for Greece, as NUTS writes it).

    >>> nuts_country("EL30")
    'EL'
    """
    nuts_level(code)
    return code[:2]


@dataclass(frozen=True)
class NutsRegion:
    """One NUTS region in one version of the classification."""

    code: str
    level: int
    country: str
    parent: str | None
    name: str
    name_native: str
    version: str
    mountain_type: str = ""
    urban_type: str = ""
    coastal_type: str = ""


class NutsCodeList:
    """The regions of one NUTS version, with parent/children look-ups.

    Parameters
    ----------
    regions : iterable of NutsRegion
        All regions of one version; codes must be unique.
    version : str
        ``"2016"``, ``"2021"`` or ``"2024"``.

    Examples
    --------
    >>> regions = [NutsRegion("DE", 0, "DE", None, "Deutschland", "Deutschland", "2021"),
    ...            NutsRegion("DE1", 1, "DE", "DE", "Baden-Württemberg", "Baden-Württemberg", "2021"),
    ...            NutsRegion("DE11", 2, "DE", "DE1", "Stuttgart", "Stuttgart", "2021")]
    >>> codes = NutsCodeList(regions, "2021")
    >>> codes.ancestors("DE11"), codes.at_level(2)
    (['DE1', 'DE'], ['DE11'])
    """

    def __init__(self, regions: Iterable[NutsRegion], version: str) -> None:
        if version not in NUTS_VERSIONS:
            raise InvalidInputError(
                f"NUTS version must be one of {NUTS_VERSIONS}", field="version", value=version
            )
        self.version = version
        self._regions: dict[str, NutsRegion] = {}
        for region in regions:
            if region.code in self._regions:
                raise DuplicateError("NUTS code listed twice", field="code", value=region.code)
            self._regions[region.code] = region

    @classmethod
    def from_codes(cls, codes: Iterable[str], version: str) -> NutsCodeList:
        """Build a code list from bare codes (no names), e.g. the sources of a converter.

        >>> NutsCodeList.from_codes(["DE11", "DE12"], "2016")["DE12"].parent
        'DE1'
        """
        regions = [
            NutsRegion(code, nuts_level(code), code[:2], nuts_parent(code), "", "", version)
            for code in sorted(set(codes))
        ]
        return cls(regions, version)

    def __len__(self) -> int:
        return len(self._regions)

    def __iter__(self) -> Iterator[NutsRegion]:
        return iter(self._regions.values())

    def __contains__(self, code: object) -> bool:
        return code in self._regions

    def __getitem__(self, code: str) -> NutsRegion:
        try:
            return self._regions[code]
        except KeyError:
            raise UnknownCodeError(
                f"not a NUTS {self.version} code", field="code", value=code
            ) from None

    def at_level(self, level: int) -> list[str]:
        """Return the sorted codes of one level."""
        return sorted(code for code, region in self._regions.items() if region.level == level)

    def children(self, code: str) -> list[str]:
        """Return the sorted codes whose parent is ``code``."""
        self[code]
        return sorted(c for c, region in self._regions.items() if region.parent == code)

    def ancestors(self, code: str) -> list[str]:
        """Return the parent, grandparent, ... up to the country."""
        result = []
        parent = self[code].parent
        while parent is not None:
            result.append(parent)
            parent = (
                self._regions[parent].parent if parent in self._regions else nuts_parent(parent)
            )
        return result

    def to_frame(self) -> pd.DataFrame:
        """Return the code list as a table indexed by ``code``."""
        rows = [asdict(region) for region in self._regions.values()]
        return pd.DataFrame(rows).set_index("code").sort_index()


def _clean(text: object) -> str:
    # GISCO 2021 names of NO0B/NO0B1 carry embedded newlines and padding.
    if text is None or (isinstance(text, float) and pd.isna(text)):
        return ""
    return " ".join(str(text).split())


def _typology(value: object) -> str:
    text = _clean(value)
    return text[:-2] if text.endswith(".0") else text


def _region(properties: dict[str, object], version: str, source: str, where: int) -> NutsRegion:
    code = _clean(properties.get("NUTS_ID", properties.get("id")))
    try:
        level = nuts_level(code)
    except UnknownCodeError:
        raise DataFormatError(
            "not a NUTS code", source=source, line=where, field="NUTS_ID", value=code
        ) from None
    declared = properties.get("LEVL_CODE")
    if declared not in (None, "") and int(str(declared)) != level:
        raise DataFormatError(
            f"LEVL_CODE disagrees with the code length (level {level})",
            source=source,
            line=where,
            field="LEVL_CODE",
            value=declared,
        )
    name = _clean(properties.get("NAME_LATN", properties.get("na")))
    return NutsRegion(
        code=code,
        level=level,
        country=_clean(properties.get("CNTR_CODE")) or code[:2],
        parent=nuts_parent(code),
        name=name,
        name_native=_clean(properties.get("NUTS_NAME")) or name,
        version=version,
        mountain_type=_typology(properties.get("MOUNT_TYPE")),
        urban_type=_typology(properties.get("URBN_TYPE")),
        coastal_type=_typology(properties.get("COAST_TYPE")),
    )


def read_nuts_codes(path: str | Path, version: str) -> NutsCodeList:
    """Read a NUTS code list from a GISCO CSV, a GISCO GeoJSON or a Nuts2json file.

    Parameters
    ----------
    path : str or Path
        A CSV with GISCO's columns (``NUTS_ID, LEVL_CODE, CNTR_CODE, NAME_LATN,
        NUTS_NAME, ...``), a GISCO ``NUTS_RG``/``NUTS_LB`` GeoJSON, or a
        Nuts2json GeoJSON (properties ``id``, ``na``).
    version : {"2016", "2021", "2024"}
        The NUTS version the file belongs to (files do not say it reliably).

    Returns
    -------
    NutsCodeList
        Names are stripped of GISCO's embedded newlines; a level given in the
        file must agree with the code length.

    Raises
    ------
    DataFormatError
        A bad code or level, with the line (CSV) or feature number (GeoJSON).
    DuplicateError
        A code listed twice.
    """
    source = str(path)
    if version not in NUTS_VERSIONS:
        raise InvalidInputError(
            f"NUTS version must be one of {NUTS_VERSIONS}", field="version", value=version
        )
    regions: list[NutsRegion] = []
    if str(path).lower().endswith((".json", ".geojson")):
        try:
            document = json.loads(Path(path).read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise DataFormatError(
                f"invalid JSON: {exc.msg} (column {exc.colno})", source=source, line=exc.lineno
            ) from exc
        features = document.get("features") if isinstance(document, dict) else None
        if not isinstance(features, list):
            raise DataFormatError(
                "not a GeoJSON FeatureCollection", source=source, field="features"
            )
        for number, feature in enumerate(features, start=1):
            regions.append(_region(feature.get("properties") or {}, version, source, number))
    else:
        table = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        if "NUTS_ID" not in table.columns:
            raise DataFormatError("missing column 'NUTS_ID'", source=source, line=1)
        for number, row in enumerate(table.to_dict("records"), start=2):
            regions.append(_region({str(k): v for k, v in row.items()}, version, source, number))
    seen: set[str] = set()
    for number, region in enumerate(regions, start=1):
        if region.code in seen:
            raise DuplicateError(
                "NUTS code listed twice", source=source, line=number, value=region.code
            )
        seen.add(region.code)
    return NutsCodeList(regions, version)
