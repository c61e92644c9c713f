"""The field's everyday words for technologies, in English, French and German.

One thesaurus, read from ``data/technology_thesaurus.csv`` (columns ``concept``,
``kind``, ``language``, ``term``), serves three uses. ``kind`` is ``name`` (the
technology's name in an official list or a language), ``everyday`` (a word that
means as much or more: "3D printing", "IoT", "electronics") or ``narrower`` (a
part of the field: "laser", "machine learning", "fuel cells").

- **query expansion**: a need or a search typed as "3D printing", "impression 3D"
  or "3D-Druck" also looks for *additive manufacturing* (:func:`expand_query` for
  the directory, which widens names and everyday words only; :func:`expand_aliases`
  for the centre finder, which also adds the field of a narrower word);
- **tags**: the terms of kind ``name`` are the names a technology carries in the
  official lists (KETs, ATI, the synthetic world's), so a search for a concept
  also finds the organisations tagged with it (:meth:`Thesaurus.concept_of_label`);
- **one technology under two schemes**: two technology terms are the same
  technology when their names lead to the same concept (KETs "Advanced
  manufacturing technologies" and ATI "Advanced manufacturing"), or, for names
  the thesaurus does not know, when their normalised names are equal
  (:func:`technology_key`).

Terms are matched as whole words, ignoring case, accents and the separators
between words ("3D printing", "3d-printing"); the longest term wins.

>>> expand_aliases("3D printing of titanium parts")
'3D printing of titanium parts additive manufacturing'
>>> [hit.concept for hit in expand_query("Impression 3D et KI à Lyon").hits]
['additive manufacturing', 'artificial intelligence']
>>> expand_query("Impression 3D et KI à Lyon").rest
'et à Lyon'
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

from clustera.errors import DataFormatError, DuplicateError

__all__ = [
    "DEFAULT_THESAURUS",
    "TECHNOLOGY_ALIASES",
    "WIDENING_KINDS",
    "ExpandedQuery",
    "Hit",
    "Thesaurus",
    "expand_aliases",
    "expand_query",
    "fold",
    "load_thesaurus",
    "normalise_label",
    "technology_key",
]

DEFAULT_THESAURUS = Path(__file__).parent / "data" / "technology_thesaurus.csv"
_KINDS = ("name", "everyday", "narrower")
#: The kinds a search widens: a name or a word that means as much or more ("3D printing",
#: "electronics"), not a narrower one ("laser" is photonics, but a photonics cluster is not a
#: laser maker).
WIDENING_KINDS = ("name", "everyday")
_TOKEN = re.compile(r"\w+", re.UNICODE)


def _strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def fold(text: str) -> str:
    """``text`` in lower case without accents, one character for one (positions are kept).

    >>> fold("Réalité Augmentée")
    'realite augmentee'
    """
    out = []
    for char in text:
        lower = char.lower()
        bare = _strip_accents(lower)
        out.append(bare if len(bare) == 1 else lower if len(lower) == 1 else char)
    return "".join(out)


@lru_cache(maxsize=16_384)  # pages fold the same few hundred term names again and again
def normalise_label(label: str) -> str:
    """A name compared across lists: folded, words separated by one space.

    >>> normalise_label("Micro- and nanoelectronics")
    'micro and nanoelectronics'
    """
    return " ".join(_TOKEN.findall(fold(label)))


@dataclass(frozen=True)
class Hit:
    """A term found in a text: where, the text as typed, and the concept it stands for."""

    start: int
    end: int
    phrase: str
    concept: str
    kind: str


@dataclass(frozen=True)
class ExpandedQuery:
    """A query split into the thesaurus terms it holds and the words around them."""

    text: str
    rest: str
    hits: tuple[Hit, ...] = ()

    @property
    def concepts(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(hit.concept for hit in self.hits))


@dataclass
class Thesaurus:
    """Terms (folded) -> concept, and each concept's names in the official lists."""

    terms: dict[str, tuple[str, str]] = field(default_factory=dict)
    names: dict[str, set[str]] = field(default_factory=dict)
    _pattern: re.Pattern[str] | None = None

    def add(self, concept: str, kind: str, term: str, *, where: str = "") -> None:
        key = normalise_label(term)
        if not key or not concept:
            raise DataFormatError("empty concept or term", source=where, value=term)
        known = self.terms.get(key)
        if known is not None and known[0] != concept:
            raise DuplicateError(
                f"term already stands for {known[0]!r}", source=where, field="term", value=term
            )
        self.terms[key] = (concept, kind)
        self.names.setdefault(concept, {normalise_label(concept)})
        if kind == "name":
            self.names[concept].add(key)
        self._pattern = None

    @property
    def pattern(self) -> re.Pattern[str]:
        if self._pattern is None:
            alternatives = sorted(self.terms, key=len, reverse=True)
            body = "|".join(r"[\W_]+".join(map(re.escape, key.split(" "))) for key in alternatives)
            self._pattern = re.compile(rf"(?<![\w'’-])({body})(?![\w-])")
        return self._pattern

    def find(self, text: str, kinds: tuple[str, ...] = _KINDS) -> list[Hit]:
        """The terms of ``kinds`` in ``text``, left to right, the longest where two overlap."""
        hits = []
        for match in self.pattern.finditer(fold(text)):
            concept, kind = self.terms[normalise_label(match.group(1))]
            if kind not in kinds:
                continue
            hits.append(
                Hit(match.start(), match.end(), text[match.start() : match.end()], concept, kind)
            )
        return hits

    def concept_of_label(self, label: str) -> str | None:
        """The concept whose official names include ``label`` (any list, any language)."""
        key = normalise_label(label)
        for concept, names in self.names.items():
            if key in names:
                return concept
        return None

    @property
    def aliases(self) -> dict[str, str]:
        """Every term (folded) that is not the concept's own name -> the concept."""
        return {
            term: concept
            for term, (concept, _) in self.terms.items()
            if term != normalise_label(concept)
        }


def load_thesaurus(path: str | Path | None = None) -> Thesaurus:
    """Read a thesaurus CSV (``concept,kind,language,term``); the shipped one by default.

    Raises
    ------
    DataFormatError
        Missing columns or an unknown kind, naming the file and line.
    DuplicateError
        A term listed under two concepts.
    """
    if path is None:
        return _default()
    return _read(Path(path))


@cache
def _default() -> Thesaurus:
    return _read(DEFAULT_THESAURUS)


def _read(path: Path) -> Thesaurus:
    source = str(path)
    thesaurus = Thesaurus()
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = {"concept", "kind", "term"} - set(reader.fieldnames or ())
        if missing:
            raise DataFormatError(f"missing column(s) {sorted(missing)}", source=source, line=1)
        for line, row in enumerate(reader, start=2):
            kind = (row.get("kind") or "").strip()
            if kind not in _KINDS:
                raise DataFormatError(
                    f"kind must be one of {_KINDS}", source=source, line=line, field="kind",
                    value=kind,
                )  # fmt: skip
            concept = (row.get("concept") or "").strip().lower()
            thesaurus.add(concept, kind, row.get("term") or "", where=f"{source}:{line}")
    return thesaurus


def expand_query(text: str, thesaurus: Thesaurus | None = None) -> ExpandedQuery:
    """``text`` split into the thesaurus terms it holds and the other words.

    A search then looks for each hit as typed, as its concept's name, or as a tag
    of that concept, and for the other words (``rest``) as they are. Only names and
    words that mean as much are hits (``WIDENING_KINDS``): "laser" stays a word.
    """
    found = (thesaurus or load_thesaurus()).find(text, WIDENING_KINDS)
    pieces, position = [], 0
    for hit in found:
        pieces.append(text[position : hit.start])
        position = hit.end
    pieces.append(text[position:])
    rest = " ".join(" ".join(pieces).split())
    return ExpandedQuery(text=text, rest=rest, hits=tuple(found))


def expand_aliases(text: str, thesaurus: Thesaurus | None = None) -> str:
    """``text`` followed by the technology names its everyday words stand for.

    Examples
    --------
    >>> expand_aliases("AI for robots; cloud")
    'AI for robots; cloud artificial intelligence robotics cloud computing'
    >>> expand_aliases("chair design")  # "ai" inside a word is not an alias
    'chair design'
    >>> expand_aliases("Wasserstoff und Brennstoffzellen")
    'Wasserstoff und Brennstoffzellen hydrogen'
    """
    hits = (thesaurus or load_thesaurus()).find(text)
    found = dict.fromkeys(
        hit.concept for hit in hits if normalise_label(hit.phrase) != normalise_label(hit.concept)
    )
    return " ".join([text, *found]) if found else text


def technology_key(name: str, thesaurus: Thesaurus | None = None) -> str:
    """What makes two technology terms the same technology: its concept, else its normalised name.

    >>> technology_key("Advanced manufacturing technologies") == technology_key("Advanced manufacturing")
    True
    >>> technology_key("Surface technology and coating")
    'surface technology and coating'
    """
    return (thesaurus or load_thesaurus()).concept_of_label(name) or normalise_label(name)


#: Everyday word (folded) -> the technology it stands for (the centre finder's old name).
TECHNOLOGY_ALIASES: dict[str, str] = load_thesaurus().aliases
