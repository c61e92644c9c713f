"""Taxonomy pickers: reserved XLSForm list names whose choices come from the platform.

A question ``select_one trl`` or ``select_multiple technology`` is an ordinary XLSForm select,
so ODK and KoboToolbox accept the file, but Clustera reads the list name as a taxonomy kind and
stores codes from that taxonomy. The choices sheet must still hold the list (other tools refuse a
select on a missing list): a single placeholder row such as ``technology | _platform`` is enough,
and its rows are ignored on import. TRL, service types and languages are fixed vocabularies and
ship here with English, French and German labels; technologies, NACE codes and regions change
with the platform's code lists and are passed in at validation time.

>>> TAXONOMY_LISTS
('technology', 'nace', 'region', 'trl', 'service_type', 'language')
>>> [c.name for c in BUILTIN_CHOICES["trl"]][:3]
['1', '2', '3']
>>> SERVICE_TYPE_CODES["pilot_line"]
'pilot line'
"""

from __future__ import annotations

from clustera.questionnaires.model import Choice

__all__ = ["BUILTIN_CHOICES", "PLACEHOLDER", "SERVICE_TYPE_CODES", "TAXONOMY_LISTS"]

TAXONOMY_LISTS: tuple[str, ...] = (
    "technology",
    "nace",
    "region",
    "trl",
    "service_type",
    "language",
)
PLACEHOLDER = "_platform"
"""The choice name of the placeholder row written for lists the platform fills at run time."""

_TRL = (
    ("basic principles observed", "principes de base observés", "Grundprinzipien beobachtet"),
    (
        "technology concept formulated",
        "concept technologique formulé",
        "Technologiekonzept formuliert",
    ),
    (
        "experimental proof of concept",
        "preuve expérimentale du concept",
        "experimenteller Funktionsnachweis",
    ),
    (
        "technology validated in lab",
        "technologie validée en laboratoire",
        "Technologie im Labor validiert",
    ),
    (
        "technology validated in relevant environment",
        "technologie validée en environnement pertinent",
        "Technologie in relevanter Umgebung validiert",
    ),
    (
        "technology demonstrated in relevant environment",
        "technologie démontrée en environnement pertinent",
        "Technologie in relevanter Umgebung demonstriert",
    ),
    (
        "system prototype demonstrated in operational environment",
        "prototype démontré en environnement opérationnel",
        "Prototyp im Einsatzumfeld demonstriert",
    ),
    (
        "system complete and qualified",
        "système complet et qualifié",
        "System vollständig und qualifiziert",
    ),
    (
        "actual system proven in operational environment",
        "système réel éprouvé en environnement opérationnel",
        "System im Einsatz bewährt",
    ),
)
_SERVICES = (
    (
        "equipment",
        "Access to equipment and facilities",
        "Accès aux équipements",
        "Zugang zu Anlagen",
    ),
    (
        "testing",
        "Testing, validation and certification",
        "Essais, validation et certification",
        "Prüfung, Validierung und Zertifizierung",
    ),
    ("prototyping", "Prototyping", "Prototypage", "Prototypenbau"),
    (
        "pilot_line",
        "Pilot production / pilot lines",
        "Production pilote / lignes pilotes",
        "Pilotfertigung / Pilotlinien",
    ),
    ("training", "Training", "Formation", "Schulung"),
)
_LANGUAGES = (
    ("bg", "български"), ("cs", "čeština"), ("da", "dansk"), ("de", "Deutsch"),
    ("el", "ελληνικά"), ("en", "English"), ("es", "español"), ("et", "eesti"),
    ("fi", "suomi"), ("fr", "français"), ("ga", "Gaeilge"), ("hr", "hrvatski"),
    ("hu", "magyar"), ("it", "italiano"), ("lt", "lietuvių"), ("lv", "latviešu"),
    ("mt", "Malti"), ("nl", "Nederlands"), ("pl", "polski"), ("pt", "português"),
    ("ro", "română"), ("sk", "slovenčina"), ("sl", "slovenščina"), ("sv", "svenska"),
)  # fmt: skip

SERVICE_TYPE_CODES: dict[str, str] = {"pilot_line": "pilot line"}
"""Choice names that differ from the registry's service-type codes (XLSForm names have no spaces)."""

BUILTIN_CHOICES: dict[str, tuple[Choice, ...]] = {
    "trl": tuple(
        Choice(
            str(level),
            {"en": f"TRL {level}: {en}", "fr": f"TRL {level} : {fr}", "de": f"TRL {level}: {de}"},
        )
        for level, (en, fr, de) in enumerate(_TRL, start=1)
    ),
    "service_type": tuple(
        Choice(name, {"en": en, "fr": fr, "de": de}) for name, en, fr, de in _SERVICES
    ),
    "language": tuple(
        Choice(code, {"en": name, "fr": name, "de": name}) for code, name in _LANGUAGES
    ),
}
"""Choices of the fixed picker vocabularies, labelled in English, French and German."""
