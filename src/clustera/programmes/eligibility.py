"""Whether a consortium may apply to a call, with every shortfall explained in words."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from clustera.errors import InvalidInputError
from clustera.texts import N_, Message

__all__ = [
    "EU_MEMBER_STATES",
    "Eligibility",
    "EligibilityRules",
    "Participant",
    "check_eligibility",
]

#: The 27 EU Member States by their ISO 3166-1 alpha-2 codes (Greece as GR, as the registry
#: stores countries; Eurostat's EL is accepted as a synonym by ``check_eligibility``).
EU_MEMBER_STATES: frozenset[str] = frozenset(
    "AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK".split()
)


@dataclass(frozen=True)
class EligibilityRules:
    """A call's eligibility rules.

    ``organisation_types`` empty means any type; ``countries`` is the set of countries whose
    organisations may take part; ``min_partners`` counts every organisation of the consortium,
    the lead included; ``min_countries`` counts their distinct countries.
    """

    organisation_types: frozenset[str]
    countries: frozenset[str]
    min_partners: int = 1
    min_countries: int = 1

    def __post_init__(self) -> None:
        if self.min_partners < 1:
            raise InvalidInputError(
                "needs at least 1 partner", field="min_partners", value=self.min_partners
            )
        if self.min_countries < 1:
            raise InvalidInputError(
                "needs at least 1 country", field="min_countries", value=self.min_countries
            )
        if self.min_countries > self.min_partners:
            raise InvalidInputError(
                f"cannot need more countries than partners ({self.min_partners})",
                field="min_countries",
                value=self.min_countries,
            )
        if not self.countries:
            raise InvalidInputError("no eligible country", field="countries", value="")


@dataclass(frozen=True)
class Participant:
    """One organisation of a consortium: its name, type and country code."""

    name: str
    type: str
    country: str


@dataclass(frozen=True)
class Eligibility:
    """The verdict: eligible or not, the problems in words, and the counts they rest on.

    The problems are :class:`~clustera.texts.Message` objects: English text that pages show
    in the reader's language (``clustera.registry.messages.translated``)."""

    eligible: bool
    problems: tuple[Message, ...]
    partners: int
    countries: int


def _normalise(country: str) -> str:
    code = country.strip().upper()
    return "GR" if code == "EL" else code


def check_eligibility(rules: EligibilityRules, consortium: Sequence[Participant]) -> Eligibility:
    """Check a consortium (lead first, then the partners that accepted) against ``rules``.

    Organisations of an ineligible type or country are named and not counted towards the
    minimum numbers of partners and countries.

    >>> rules = EligibilityRules(frozenset(), frozenset({"AT", "DE", "FR"}), 3, 3)
    >>> verdict = check_eligibility(
    ...     rules, [Participant("A", "cluster", "AT"), Participant("B", "sme", "AT"),
    ...             Participant("C", "cluster", "DE")])
    >>> verdict.problems
    ('needs 3 countries, has 2',)
    """
    countries = frozenset(_normalise(c) for c in rules.countries)
    problems: list[Message] = []
    counted: list[Participant] = []
    for participant in consortium:
        country = _normalise(participant.country)
        name = participant.name
        if country not in countries:
            shown = country or Message(N_("(none)"))
            template = N_("%(name)s: country %(country)s is not eligible")
            problems.append(Message(template, name=name, country=shown))
        elif rules.organisation_types and participant.type not in rules.organisation_types:
            template = N_("%(name)s: organisation type %(type)s is not eligible")
            problems.append(Message(template, name=name, type=repr(participant.type)))
        else:
            counted.append(participant)
    distinct = len({_normalise(p.country) for p in counted})
    if len(counted) < rules.min_partners:
        template = N_("needs %(needed)s eligible partners, has %(count)s")
        problems.append(Message(template, needed=rules.min_partners, count=len(counted)))
    if distinct < rules.min_countries:
        template = N_("needs %(needed)s countries, has %(count)s")
        problems.append(Message(template, needed=rules.min_countries, count=distinct))
    return Eligibility(not problems, tuple(problems), len(counted), distinct)
