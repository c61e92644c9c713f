"""Unique brand words for synthetic organisations, one per organisation number.

A brand is decoded from a permuted organisation number in a mixed radix of
syllables, so every number gets its own word without a global lookup table,
which lets organisations be generated in independent chunks.
"""

from __future__ import annotations

import re

__all__ = ["brand", "slug", "title_case"]

_ONSETS = (
    "b",
    "br",
    "d",
    "dr",
    "f",
    "g",
    "gr",
    "k",
    "kl",
    "l",
    "m",
    "n",
    "p",
    "r",
    "s",
    "st",
    "t",
    "tr",
    "v",
    "z",
)
_VOWELS = ("a", "e", "i", "o", "u", "ia", "ei", "au")
_CODAS = ("", "n", "r", "s", "l", "m", "x")
_SYLLABLES = len(_ONSETS) * len(_VOWELS)
_MULTIPLIER = 104_729  # a prime dividing neither space size, so the map is a permutation


def _space(syllables: int) -> int:
    return int(_SYLLABLES**syllables * len(_CODAS))


def brand(number: int, *, seed: int, population: int) -> str:
    """The brand word of organisation ``number`` (0-based) among ``population`` organisations.

    Distinct numbers give distinct words: maximal consonant and vowel runs decode
    each word back to its syllables.

    Examples
    --------
    >>> brand(0, seed=0, population=10) != brand(1, seed=0, population=10)
    True
    >>> len({brand(n, seed=3, population=5000) for n in range(5000)})
    5000
    """
    syllables = 2 if population <= _space(2) // 2 else 3
    space = _space(syllables)
    index = (number * _MULTIPLIER + seed * 7_919 + 12_345) % space
    index, coda = divmod(index, len(_CODAS))
    parts = []
    for _ in range(syllables):
        index, syllable = divmod(index, _SYLLABLES)
        onset, vowel = divmod(syllable, len(_VOWELS))
        parts.append(_ONSETS[onset] + _VOWELS[vowel])
    return ("".join(parts) + _CODAS[coda]).capitalize()


def slug(text: str) -> str:
    """Lower-case ASCII words joined by hyphens, for web addresses.

    >>> slug("Brauma Optics & Co.")
    'brauma-optics-co'
    """
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


_SMALL_WORDS = frozenset({"and", "of", "for", "in", "the", "with"})


def title_case(text: str) -> str:
    """Capitalise the words of a name, except short linking words.

    >>> title_case("micro- and nanoelectronics for the internet of things")
    'Micro- and Nanoelectronics for the Internet of Things'
    """
    words = text.split(" ")
    return " ".join(
        word if (index and word in _SMALL_WORDS) else word[:1].upper() + word[1:]
        for index, word in enumerate(words)
    )
