"""Concordances from patent classes (IPC, CPC) to technologies.

A concordance is a list of rules ``pattern -> technology (weight)``. A class
symbol matches a rule when its padded form starts with the rule's pattern.
Within one technology the longest matching pattern decides the weight, so a
longer rule with weight 0 carves an exception out of a shorter one. A symbol
may match several technologies (KETs overlap); its share is then multiplied
by each technology's weight, so fractional weights that sum to 1 split it and
weights of 1 count it fully in each.

The file format is documented in ``docs/data/concordances.md``; the WIPO
35-field concordance (Schmoch 2008) ships as SQL ``LIKE`` patterns in PATSTAT's
padded format and is read by :func:`read_wipo_ipc_concordance`.

References
----------
Schmoch, U. (2008). *Concept of a technology classification for country
comparisons*. Final report to WIPO, Fraunhofer ISI (updated 2019).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from clustera.errors import DataFormatError, InvalidInputError

__all__ = [
    "TechnologyConcordance",
    "normalise_patent_class",
    "read_concordance",
    "read_wipo_ipc_concordance",
]

_SYMBOL = re.compile(r"^([A-HY])(\d{2})?([A-Z])?\s*(\d{1,4})?(?:\s*/\s*(\d{1,6}))?$")


def normalise_patent_class(symbol: str) -> str:
    """Return an IPC/CPC symbol, or a prefix of one, in PATSTAT's padded format.

    The subclass takes 4 characters, the main group is right-aligned in 4
    characters, then ``/`` and the subgroup. A trailing SQL ``%`` is dropped.

    >>> normalise_patent_class("H01L21/02")
    'H01L  21/02'
    >>> normalise_patent_class("H04N 3%"), normalise_patent_class("B82Y")
    ('H04N   3', 'B82Y')
    """
    text = symbol.strip().rstrip("%").upper()
    match = _SYMBOL.match(text)
    if match is None or (match.group(4) and not match.group(3)):
        raise InvalidInputError(
            "not an IPC/CPC symbol or prefix such as 'H01L 21/02'", value=symbol
        )
    section, klass, subclass, group, subgroup = match.groups()
    padded = section + (klass or "") + (subclass or "")
    if group is not None:
        padded += group.rjust(4)
        if subgroup is not None:
            padded += "/" + subgroup
    return padded


@dataclass(frozen=True)
class TechnologyConcordance:
    """Rules mapping patent classes to technologies, with their weights.

    Attributes
    ----------
    rules : pandas.DataFrame
        Columns ``pattern`` (padded prefix), ``technology`` and ``weight``.
    technologies : pandas.DataFrame
        Indexed by ``technology``; column ``name`` (and ``group`` when given).
    scheme : str
        ``"IPC"`` or ``"CPC"``.
    name : str
        What the concordance is, for provenance (``"WIPO IPC-technology 35 fields"``).
    """

    rules: pd.DataFrame
    technologies: pd.DataFrame
    scheme: str = "IPC"
    name: str = ""

    def match(self, symbols: pd.Series | list[str]) -> pd.DataFrame:
        """Return every (class, technology, weight) that the symbols match.

        Parameters
        ----------
        symbols : Series or list of str
            Class symbols in any spacing (``H01L21/02``, ``H01L  21/02``) or
            prefixes (``H01L``).

        Returns
        -------
        pandas.DataFrame
            Columns ``class`` (as given), ``technology``, ``weight``; symbols
            that match nothing are absent, rules of weight 0 too.

        Examples
        --------
        >>> rules = pd.DataFrame({"pattern": ["H01L", "H01L  21/67"],
        ...                       "technology": ["SEMI", "SEMI"], "weight": [1.0, 0.0]})
        >>> concordance = TechnologyConcordance(rules, pd.DataFrame(index=["SEMI"]))
        >>> concordance.match(["H01L 21/02", "H01L21/677"])["class"].tolist()
        ['H01L 21/02']
        """
        unique = pd.Series(pd.unique(pd.Series(list(symbols), dtype=str)), dtype=str)
        padded = pd.Series([normalise_patent_class(symbol) for symbol in unique], dtype=str)
        pieces = []
        for length, rules in self.rules.groupby(self.rules["pattern"].str.len()):
            prefixes = pd.DataFrame(
                {"class": unique, "pattern": padded.str.slice(0, int(str(length)))}
            )
            pieces.append(prefixes.merge(rules, on="pattern"))
        if not pieces:
            return pd.DataFrame({"class": [], "technology": [], "weight": []})
        matched = pd.concat(pieces, ignore_index=True)
        matched["length"] = matched["pattern"].str.len()
        longest = matched.sort_values("length").drop_duplicates(
            ["class", "technology"], keep="last"
        )
        longest = longest[longest["weight"] > 0]
        return (
            longest[["class", "technology", "weight"]]
            .sort_values(["class", "technology"])
            .reset_index(drop=True)
        )

    def apply(
        self, table: pd.DataFrame, class_column: str = "class", share_column: str = "class_share"
    ) -> pd.DataFrame:
        """Replace the class column of a patent table by technologies.

        Each row is repeated for every technology its class matches, with
        ``share_column`` multiplied by the rule's weight; the technology goes
        in ``class_column`` so the result feeds the same counting functions.
        Rows whose class matches nothing are dropped.
        """
        for column in (class_column, share_column):
            if column not in table.columns:
                raise InvalidInputError("missing column in the patent table", field=column)
        matches = self.match(table[class_column]).rename(columns={"class": class_column})
        result = table.merge(matches, on=class_column)
        result[share_column] = result[share_column] * result["weight"]
        result[class_column] = result["technology"]
        return result.drop(columns=["technology", "weight"]).reset_index(drop=True)


def read_concordance(path: str | Path, name: str | None = None) -> TechnologyConcordance:
    """Read a concordance file in Clustera's documented format.

    CSV columns: ``scheme`` (``IPC`` or ``CPC``, one value per file),
    ``pattern`` (a class prefix in any spacing, optional trailing ``%``),
    ``technology`` (an identifier), ``technology_name``, and optionally
    ``weight`` (default 1, between 0 and 1) and ``group``.

    Raises
    ------
    DataFormatError
        Missing columns, mixed schemes, a bad pattern or weight (with its line).
    """
    source = str(path)
    raw = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = {"scheme", "pattern", "technology", "technology_name"} - set(raw.columns)
    if missing:
        raise DataFormatError(
            f"missing concordance column(s) {sorted(missing)}", source=source, line=1
        )
    schemes = set(raw["scheme"].str.strip().str.upper())
    if len(schemes) != 1 or not schemes <= {"IPC", "CPC"}:
        raise DataFormatError(
            "one scheme per file, IPC or CPC", source=source, field="scheme", value=sorted(schemes)
        )
    patterns, weights = [], []
    for row_number, row in enumerate(raw.itertuples(index=False)):
        line = row_number + 2
        try:
            patterns.append(normalise_patent_class(str(row.pattern)))
        except InvalidInputError:
            raise DataFormatError(
                "not a class prefix", source=source, line=line, field="pattern", value=row.pattern
            ) from None
        text = str(getattr(row, "weight", "") or "1")
        try:
            weight = float(text)
        except ValueError:
            weight = -1.0
        if not 0.0 <= weight <= 1.0:
            raise DataFormatError(
                "weight must be a number in [0, 1]",
                source=source,
                line=line,
                field="weight",
                value=text,
            )
        weights.append(weight)
    rules = pd.DataFrame(
        {"pattern": patterns, "technology": raw["technology"].str.strip(), "weight": weights}
    )
    columns = ["technology", "technology_name"] + (["group"] if "group" in raw.columns else [])
    technologies = (
        raw[columns]
        .drop_duplicates("technology")
        .rename(columns={"technology_name": "name"})
        .set_index("technology")
    )
    return TechnologyConcordance(rules, technologies, schemes.pop(), name or Path(path).stem)


def read_wipo_ipc_concordance(path: str | Path) -> TechnologyConcordance:
    """Read the WIPO IPC-to-35-technology-fields concordance (PATSTAT ``LIKE`` patterns).

    Columns ``field_nr, sector, field_name, ipc``; technologies are the field
    numbers as strings (``"8"`` Semiconductors), grouped by ``sector`` (5
    sectors). Each class counts fully (weight 1) in its field.
    """
    source = str(path)
    raw = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = {"field_nr", "sector", "field_name", "ipc"} - set(raw.columns)
    if missing:
        raise DataFormatError(
            f"missing WIPO concordance column(s) {sorted(missing)}", source=source, line=1
        )
    patterns = []
    for row_number, pattern in enumerate(raw["ipc"]):
        try:
            patterns.append(normalise_patent_class(pattern))
        except InvalidInputError:
            raise DataFormatError(
                "not an IPC LIKE pattern",
                source=source,
                line=row_number + 2,
                field="ipc",
                value=pattern,
            ) from None
    fields = raw["field_nr"].str.strip()
    rules = pd.DataFrame({"pattern": patterns, "technology": fields, "weight": 1.0})
    technologies = pd.DataFrame(
        {
            "name": raw["field_name"].str.strip().tolist(),
            "group": raw["sector"].str.strip().tolist(),
        },
        index=pd.Index(fields.tolist(), name="technology"),
    )
    technologies = technologies[~technologies.index.duplicated()]
    return TechnologyConcordance(
        rules, technologies, "IPC", "WIPO IPC-technology concordance, 35 fields"
    )
