"""Messages of the pure core (``clustera.texts.Message``) in the reader's language.

The core returns its messages as English text that remembers its template and parameters;
here Django's catalogues translate the template, then the parameters fill it. Anything that
is not a ``Message`` (plain text, user-written text) is shown as it is. Templates:
``{% load core_messages %}{{ reason|translated }}``.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import translation

from clustera.texts import Message, base_language

__all__ = ["translated"]


def translated(message: object, language: str | None = None) -> str:
    """``message`` in ``language`` (the active language by default); English when the site
    does not speak that language or the catalogues have no translation of its template."""
    if not isinstance(message, Message):
        return str(message)
    if language is None:
        return message.localise(translation.gettext, translation.ngettext)
    language = base_language(language)
    if language not in {code for code, _name in settings.LANGUAGES}:
        return str(message)
    with translation.override(language):
        return message.localise(translation.gettext, translation.ngettext)
