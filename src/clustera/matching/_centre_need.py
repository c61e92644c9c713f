"""How the centre finder reads a need's words and an offer's own text.

A need in words ("laser testing for our prototype") says a technology and, often,
a kind of service: the service words become the service-type criterion, the rest
is matched against the offers' technologies. An offer is matched on its own words,
never on its centre's name ("Testing at the Laser Centre" is not a laser service).
"""

from __future__ import annotations

import re
from typing import NamedTuple

from clustera.matching._content import expand_aliases

__all__ = ["SERVICE_WORDS", "NeedWords", "read_need", "strip_names"]

#: Words of a need that ask for a service type rather than a technology.
SERVICE_WORDS: dict[str, str] = {
    "pilot lines": "pilot line",
    "pilot line": "pilot line",
    "pilot plant": "pilot line",
    "pilot": "pilot line",
    "testing": "testing",
    "tests": "testing",
    "test": "testing",
    "prototyping": "prototyping",
    "prototypes": "prototyping",
    "prototype": "prototyping",
    "training": "training",
    "courses": "training",
    "course": "training",
    "equipment": "equipment",
}
# Words that say nothing about the technology: left out of the technology match.
_FILLER = ("need", "needs", "looking", "help", "service", "services", "centre", "centres")
_SERVICE_PATTERN = re.compile(
    r"(?<![\w-])("
    + "|".join(re.escape(w) for w in sorted(SERVICE_WORDS, key=len, reverse=True))
    + r")(?![\w-])",
    re.IGNORECASE,
)
_FILLER_PATTERN = re.compile(r"(?<![\w-])(" + "|".join(_FILLER) + r")(?![\w-])", re.IGNORECASE)
_WORD = re.compile(r"[^\W_]{3,}")


class NeedWords(NamedTuple):
    """A need's words: those naming a technology (thesaurus-expanded) and the service types."""

    technology_text: str
    service_types: tuple[str, ...]


def read_need(text: str) -> NeedWords:
    """Split a need's words into its technology words and the service types it asks for.

    >>> read_need("Laser testing for a prototype")
    NeedWords(technology_text='Laser for a photonics', service_types=('testing', 'prototyping'))
    >>> read_need("pilot line")
    NeedWords(technology_text='', service_types=('pilot line',))
    """
    found = dict.fromkeys(
        SERVICE_WORDS[m.group(1).lower()] for m in _SERVICE_PATTERN.finditer(text)
    )
    rest = _FILLER_PATTERN.sub(" ", _SERVICE_PATTERN.sub(" ", text))
    rest = " ".join(rest.split())
    return NeedWords(expand_aliases(rest) if rest else "", tuple(found))


def strip_names(text: str, name: str) -> str:
    """``text`` without the words of ``name`` (3 letters or more, any case).

    >>> strip_names("Testing at Laser Centre Aachen", "Laser Centre Aachen GmbH")
    'Testing at'
    """
    words = {w.lower() for w in _WORD.findall(name)}
    if not words:
        return text
    pattern = re.compile(
        r"(?<![\w-])(" + "|".join(re.escape(w) for w in sorted(words)) + r")(?![\w-])",
        re.IGNORECASE,
    )
    return " ".join(pattern.sub(" ", text).split())
