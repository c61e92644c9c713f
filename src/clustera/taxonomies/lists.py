"""Named lists of technologies and ecosystems: KETs, ATI, the 14 industrial ecosystems.

Each reader returns one table indexed by the list's identifier with a ``name``
column, so the registry can load them the same way. None of these lists
carries a patent or NACE concordance: those are loaded separately with
:func:`clustera.taxonomies.read_concordance`.

References
----------
European Commission (2012). *A European strategy for Key Enabling Technologies*, COM(2012) 341.
European Commission (2021). *Annual Single Market Report 2021*, SWD(2021) 351 (the 14 ecosystems).
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import pandas as pd

from clustera.errors import DataFormatError, DuplicateError

__all__ = ["TechnologyList", "read_technology_list"]

TechnologyList = Literal["kets", "ati", "ecosystems", "pat_ep_rtec", "generic"]

# list kind -> (identifier column, name column, note column or None)
_LAYOUTS: dict[str, tuple[str, str, str | None]] = {
    "kets": ("ket_id", "ket_name", "ipc_concordance_status"),
    "ati": ("ati_id", "technology", "source_status"),
    "ecosystems": ("ecosystem_id", "ecosystem_name", None),
    "pat_ep_rtec": ("ipc_code", "label", None),
    "generic": ("id", "name", "note"),
}


def read_technology_list(path: str | Path, kind: TechnologyList | None = None) -> pd.DataFrame:
    """Read a KETs, ATI, industrial-ecosystem (or generic ``id,name``) list.

    Parameters
    ----------
    path : str or Path
        CSV file.
    kind : {"kets", "ati", "ecosystems", "pat_ep_rtec", "generic"}, optional
        Detected from the header when omitted.

    Returns
    -------
    pandas.DataFrame
        Index ``id`` (str); columns ``name`` and ``note`` (empty string when
        the list has none). ``attrs["kind"]`` names the list.

    Raises
    ------
    DataFormatError
        Unknown layout; DuplicateError for a repeated identifier.
    """
    source = str(path)
    raw = pd.read_csv(path, dtype=str, keep_default_na=False)
    if kind is None:
        for candidate, (id_column, name_column, _) in _LAYOUTS.items():
            if {id_column, name_column} <= set(raw.columns):
                kind = candidate  # type: ignore[assignment]
                break
    if kind is None or kind not in _LAYOUTS:
        raise DataFormatError(
            "not a known technology list layout (e.g. 'ket_id,ket_name' or 'id,name')",
            source=source, line=1, value=",".join(raw.columns),
        )  # fmt: skip
    id_column, name_column, note_column = _LAYOUTS[kind]
    if not {id_column, name_column} <= set(raw.columns):
        raise DataFormatError(
            f"a {kind} list needs columns {id_column!r} and {name_column!r}",
            source=source, line=1, value=",".join(raw.columns),
        )  # fmt: skip
    identifiers = raw[id_column].str.strip()
    duplicated = identifiers[identifiers.duplicated()]
    if len(duplicated):
        first = int(duplicated.index[0])
        raise DuplicateError(
            "repeated identifier",
            source=source,
            line=first + 2,
            field=id_column,
            value=duplicated.iloc[0],
        )
    notes = raw[note_column].str.strip() if note_column and note_column in raw.columns else ""
    table = pd.DataFrame(
        {"name": raw[name_column].str.strip().tolist(), "note": notes},
        index=pd.Index(identifiers.tolist(), name="id"),
    )
    table.attrs["kind"] = kind
    table.attrs["source"] = source
    return table
