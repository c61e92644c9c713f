"""Pure-core plumbing for texts shown in several languages (no Django here).

- :func:`pick_version`: the one fallback rule of multilingual texts (news items and their
  translations, events and theirs): the version in the reader's language, else the original
  with a notice.
- :class:`Message`, :func:`N_` and :func:`Nn_`: a message of the pure core (eligibility
  problems, partner-suggestion and centre-finder reasons, questionnaire validation errors):
  its English text, made of a template and its parameters. The core never translates; the
  Django layer does (``clustera.registry.messages.translated``: gettext on the template, then
  ``%`` with the parameters). ``N_``/``Nn_`` only mark templates so that extraction
  (``xgettext --keyword=N_ --keyword=Nn_:1,2``, ``clustera.portal.catalogues``) puts them in
  the catalogue of the app that shows them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

__all__ = ["Message", "N_", "Nn_", "Version", "base_language", "pick_version"]

T = TypeVar("T")


def N_(template: str) -> str:  # noqa: N802 (gettext's conventional name for a no-op marker)
    """Mark ``template`` for extraction; returns it unchanged (translated later, on display)."""
    return template


def Nn_(singular: str, plural: str) -> tuple[str, str]:  # noqa: N802
    """Mark a singular and plural template pair for extraction (``Message(..., count=n)``)."""
    return singular, plural


class Message(str):
    """A message of the pure core: its English text, and the template and parameters it was
    made of, so that the Django layer can show it in the reader's language.

    A ``Message`` *is* its English text (a ``str``): the API, logs, CSV files, the CLI and
    comparisons keep working unchanged. ``template`` is a ``%(name)s`` template marked with
    :func:`N_` (or a pair marked with :func:`Nn_` and ``count``, for plurals); parameters that
    are themselves ``Message`` objects are translated too.

    >>> reason = Message(Nn_("%(count)s project", "%(count)s projects"), count=2)
    >>> reason, reason == "2 projects"
    ('2 projects', True)
    >>> Message(N_("in %(region)s"), region="BE21").params
    {'region': 'BE21'}
    """

    template: str
    plural: str | None
    params: dict[str, Any]

    def __new__(
        cls, template: str | tuple[str, str], params: Mapping[str, Any] | None = None, **more: Any
    ) -> Message:
        values = {**(params or {}), **more}
        singular, plural = (template, None) if isinstance(template, str) else template
        chosen = singular if plural is None or values.get("count") == 1 else plural
        self = super().__new__(cls, chosen % values if values else chosen)
        self.template, self.plural, self.params = singular, plural, values
        return self

    def __reduce__(self) -> tuple[Any, ...]:
        template = self.template if self.plural is None else (self.template, self.plural)
        return (Message, (template, self.params))

    def localise(self, gettext: Any, ngettext: Any) -> str:
        """The text in the language of ``gettext``/``ngettext`` (e.g. Django's)."""
        values = {
            key: value.localise(gettext, ngettext) if isinstance(value, Message) else value
            for key, value in self.params.items()
        }
        if self.plural is not None:
            template = ngettext(self.template, self.plural, int(values.get("count", 0)))
        else:
            template = gettext(self.template)
        return template % values if values else template


def base_language(code: str | None) -> str:
    """``"fr"`` for ``"fr"``, ``"fr-be"``, ``"fr_BE"`` or ``"FR"``; ``""`` for nothing."""
    return (code or "").replace("_", "-").split("-")[0].lower()


@dataclass(frozen=True)
class Version(Generic[T]):
    """The version of a text to show: ``translation`` (None: show the original), the language
    shown, and ``fallback`` when the reader's language was not available."""

    translation: T | None
    language: str
    fallback: bool


def pick_version(wanted: str, original: str, versions: Iterable[tuple[str, T]]) -> Version[T]:
    """The version of a text to show a reader of ``wanted``: the original when it is in that
    language, else the translation in it (``versions``: ``(language, translation)`` pairs,
    read only when needed), else the original with ``fallback`` set.

    >>> pick_version("fr-BE", "fr", [])
    Version(translation=None, language='fr', fallback=False)
    >>> pick_version("de", "en", [("fr", "F"), ("de", "D")])
    Version(translation='D', language='de', fallback=False)
    >>> pick_version("de", "en", [("fr", "F")])
    Version(translation=None, language='en', fallback=True)
    """
    language, source = base_language(wanted), base_language(original)
    if language == source:
        return Version(None, source, False)
    for version_language, translation in versions:
        if base_language(version_language) == language:
            return Version(translation, language, False)
    return Version(None, source, True)
