"""Forms of the survey builder: a new survey, its settings, a page or group, a question.

Texts shown to respondents (labels, help, messages, choices) get one field per language of the
survey (``label_en``, ``label_fr``...). Choices are written one a line as ``name = label``: the
default language's box sets the names and their order, the other boxes translate them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from clustera.questionnaires import TAXONOMY_LISTS, Choice, Definition, Group, Question

TYPE_CHOICES = [
    ("select_one", _("Single choice")),
    ("select_multiple", _("Multiple choice")),
    ("integer", _("Whole number")),
    ("decimal", _("Decimal number")),
    ("text", _("Text")),
    ("date", _("Date")),
    ("file", _("File upload")),
    ("note", _("Note (text shown, no answer)")),
]
APPEARANCE_CHOICES = [
    ("", _("Standard")),
    ("multiline", _("Long text (a multi-line box; text questions)")),
    ("likert", _("Likert scale (single choice)")),
    ("minimal", _("Drop-down list (choice questions)")),
]
GROUP_APPEARANCE_CHOICES = [
    ("", _("Questions one after another")),
    ("field-list", _("All questions on one screen")),
    ("table-list", _("Matrix: rows × one scale (single-choice questions on one list)")),
]
SOURCE_CHOICES = [("", _("The choices below"))] + [
    (name, format_lazy("{}: {}", _("Platform list"), name.replace("_", " ")))
    for name in TAXONOMY_LISTS
]


def _lines(text: str, field: str) -> list[tuple[str, str]]:
    """``name = label`` lines (a line without ``=`` is its own name and label)."""
    pairs = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        name, sep, label = line.partition("=")
        name, label = name.strip(), label.strip() if sep else line.strip()
        if not name:
            raise forms.ValidationError(
                _("line %(number)s has no choice name before '='"),
                params={"number": number},
                code="choice",
            )
        pairs.append((name, label))
    return pairs


class _Translated(forms.Form):
    """A form with some fields repeated per language (``<field>_<code>``)."""

    translated: tuple[tuple[str, Any, bool], ...] = ()

    def __init__(self, *args: Any, languages: Mapping[str, str], default: str, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.languages = languages
        self.default = default
        for field, label, textarea in self.translated:
            for code, name in languages.items():
                widget = forms.Textarea(attrs={"rows": 4}) if textarea else forms.TextInput()
                self.fields[f"{field}_{code}"] = forms.CharField(
                    label=f"{label} ({name})", required=False, max_length=4000, widget=widget
                )

    def per_language(self, field: str) -> dict[str, str]:
        """``{code: text}`` of a translated field, empty texts left out."""
        values = {code: self.cleaned_data.get(f"{field}_{code}", "") for code in self.languages}
        return {code: text.strip() for code, text in values.items() if text and text.strip()}

    def plain_fields(self) -> list[forms.BoundField]:
        """The fields that are not per language, in declaration order."""
        per = {f"{field}_{code}" for field, _l, _t in self.translated for code in self.languages}
        return [self[name] for name in self.fields if name not in per]

    def language_rows(self) -> list[tuple[str, str, list[forms.BoundField]]]:
        """The translated fields grouped by language, for the template."""
        return [
            (code, name, [self[f"{field}_{code}"] for field, _l, _t in self.translated])
            for code, name in self.languages.items()
        ]


def _languages_field(**initial: str) -> forms.CharField:
    return forms.CharField(
        label=_("Languages"),
        max_length=100,
        help_text=_("Language codes separated by spaces, e.g. 'en fr de'"),
        **initial,
    )


def _default_language_field(**initial: str) -> forms.CharField:
    return forms.CharField(label=_("Default language"), max_length=3, **initial)


def _description_field() -> forms.CharField:
    return forms.CharField(
        label=_("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Why the answers are collected; shown on the consent step"),
    )


def _language_codes(text: str) -> list[str]:
    """The codes of a languages box (spaces or commas between them), each once, in order."""
    codes = text.replace(",", " ").lower().split()
    if not codes:
        raise forms.ValidationError(_("Give at least one language code."), code="required")
    return list(dict.fromkeys(codes))


class NewSurveyForm(forms.Form):
    slug = forms.SlugField(
        label=_("Address"),
        max_length=80,
        help_text=_("The survey is answered at /surveys/<address>/ (lower-case, digits, '-')"),
    )
    title = forms.CharField(label=_("Title"), max_length=300)
    languages = _languages_field(initial="en")
    default_language = _default_language_field(initial="en")
    description = _description_field()

    def clean_languages(self) -> list[str]:
        return _language_codes(self.cleaned_data["languages"])


class SettingsForm(_Translated):
    translated = (("title", _("Title"), False),)
    languages_codes = _languages_field()
    default_language = _default_language_field()
    description = _description_field()

    def clean_languages_codes(self) -> list[str]:
        return _language_codes(self.cleaned_data["languages_codes"])


class GroupForm(_Translated):
    """A page (a top-level group) or a group inside a page."""

    translated = (("label", _("Heading"), False),)
    name = forms.CharField(
        label=_("Name"), max_length=80, help_text=_("Letters, digits and _; unique in the survey")
    )
    relevant = forms.CharField(
        label=_("Shown only when (condition)"),
        required=False,
        max_length=2000,
        help_text=_("An XLSForm expression on earlier answers, e.g. ${used} = 'yes'"),
    )
    appearance = forms.ChoiceField(
        label=_("Layout"), choices=GROUP_APPEARANCE_CHOICES, required=False
    )

    def item(self) -> Group:
        data = self.cleaned_data
        return Group(
            name=data["name"].strip(),
            label=self.per_language("label"),
            relevant=data["relevant"].strip(),
            appearance=data["appearance"],
        )

    @classmethod
    def initial_for(cls, group: Group) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "name": group.name,
            "relevant": group.relevant,
            "appearance": group.appearance,
        }
        initial |= {f"label_{code}": text for code, text in group.label.items()}
        return initial


class QuestionForm(_Translated):
    translated = (
        ("label", _("Question"), False),
        ("hint", _("Help"), False),
        ("constraint_message", _("Message when the constraint fails"), False),
        ("choices", _("Choices, one a line: name = label"), True),
    )
    name = forms.CharField(
        label=_("Name"),
        max_length=80,
        help_text=_("Letters, digits and _; the column name in exports and ${name} in conditions"),
    )
    type = forms.ChoiceField(label=_("Type"), choices=TYPE_CHOICES)
    appearance = forms.ChoiceField(
        label=_("Appearance"), choices=APPEARANCE_CHOICES, required=False
    )
    source = forms.ChoiceField(
        label=_("Choices from"),
        choices=SOURCE_CHOICES,
        required=False,
        help_text=_("Platform lists store codes of the registry's taxonomies"),
    )
    list_name = forms.CharField(
        label=_("Choice list name"),
        required=False,
        max_length=80,
        help_text=_("Questions with the same list share its choices (a matrix needs one list)"),
    )
    required = forms.BooleanField(label=_("Required"), required=False)
    required_if = forms.CharField(
        label=_("Required only when (condition)"), required=False, max_length=2000
    )
    relevant = forms.CharField(
        label=_("Shown only when (condition)"),
        required=False,
        max_length=2000,
        help_text=_("An expression on earlier answers, e.g. ${used} = 'yes'"),
    )
    constraint = forms.CharField(
        label=_("Constraint"),
        required=False,
        max_length=2000,
        help_text=_("An expression the answer (.) must satisfy, e.g. . >= 0 and . <= 365"),
    )
    default = forms.CharField(
        label=_("Default answer"),
        required=False,
        max_length=300,
        help_text=_("Shown filled in; choice names separated by spaces for a multiple choice"),
    )
    max_file_size = forms.DecimalField(
        label=_("Largest file (MB)"), required=False, min_value=0, max_digits=6, decimal_places=2
    )
    personal_data = forms.BooleanField(label=_("Personal data"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("type", "")
        if kind.startswith("select") and not data.get("source"):
            try:
                self.choice_pairs = {
                    code: _lines(self.data.get(self.add_prefix(f"choices_{code}"), ""), code)
                    for code in self.languages
                }
            except forms.ValidationError as error:
                self.add_error(f"choices_{self.default}", error)
                return data
            names = [name for name, _label in self.choice_pairs[self.default]]
            if not names:
                self.add_error(
                    f"choices_{self.default}",
                    forms.ValidationError(_("Give at least one choice."), code="required"),
                )
            for code, pairs in self.choice_pairs.items():
                unknown = [name for name, _label in pairs if name not in names]
                if code != self.default and unknown:
                    self.add_error(
                        f"choices_{code}",
                        forms.ValidationError(
                            _("%(names)s: not a choice of the default language's list"),
                            params={"names": ", ".join(unknown)},
                            code="choice",
                        ),
                    )
        return data

    def item(self) -> Question:
        data = self.cleaned_data
        kind, source = data["type"], data.get("source") or ""
        select = kind.startswith("select")
        list_name = None
        if select:
            list_name = source or (data.get("list_name") or "").strip() or data["name"].strip()
        parameters = {}
        if kind == "file" and data.get("max_file_size"):
            parameters["max-file-size"] = f"{data['max_file_size']:g}"
        required = data["required_if"].strip() or ("yes" if data["required"] else "")
        return Question(
            name=data["name"].strip(),
            type=kind,
            label=self.per_language("label"),
            hint=self.per_language("hint"),
            required=required,
            constraint=data["constraint"].strip(),
            constraint_message=self.per_language("constraint_message"),
            relevant=data["relevant"].strip(),
            list_name=list_name,
            appearance=data["appearance"],
            parameters=parameters,
            taxonomy=source or None,
            personal_data=bool(data["personal_data"]),
            default=data["default"].strip(),
        )

    def choices(self) -> list[Choice] | None:
        """The choices written in the form (``None`` for a platform list or no choice question)."""
        if not self.cleaned_data["type"].startswith("select") or self.cleaned_data.get("source"):
            return None
        labels: dict[str, dict[str, str]] = {}
        for code, pairs in self.choice_pairs.items():
            for name, label in pairs:
                if label:
                    labels.setdefault(name, {})[code] = label
        return [Choice(name, labels.get(name, {})) for name, _l in self.choice_pairs[self.default]]

    @classmethod
    def initial_for(cls, definition: Definition, question: Question) -> dict[str, Any]:
        required = question.required.strip().lower()
        flag = required in ("yes", "true", "true()", "1")
        initial: dict[str, Any] = {
            "name": question.name,
            "type": question.type,
            "appearance": question.appearance,
            "source": question.taxonomy or "",
            "list_name": "" if question.list_name in (None, question.name) else question.list_name,
            "required": flag,
            "required_if": ""
            if flag or required in ("", "no", "false", "false()", "0")
            else question.required,
            "relevant": question.relevant,
            "constraint": question.constraint,
            "default": question.default,
            "max_file_size": question.parameters.get("max-file-size"),
            "personal_data": question.personal_data,
        }
        for field in ("label", "hint", "constraint_message"):
            values: Mapping[str, str] = getattr(question, field)
            initial |= {f"{field}_{code}": text for code, text in values.items()}
        if not question.taxonomy:
            for code in definition.languages:
                initial[f"choices_{code}"] = "\n".join(
                    f"{c.name} = {c.label.get(code, '')}".rstrip()
                    for c in definition.choices(question)
                )
        return initial


ERROR_FIELDS = {
    "relevant": "relevant",
    "constraint": "constraint",
    "required": "required_if",
    "default": "default",
    "name": "name",
    "list_name": "list_name",
    "parent": None,
}


def error_field(form: forms.Form, field: str | None, default: str) -> str | None:
    """The form field a service error names (``choices`` goes to the default language's box)."""
    if field in ("choices", "label", "hint", "constraint_message"):
        return f"{field}_{default}"
    if field and field.startswith("title_") and field in form.fields:
        return field
    mapped = ERROR_FIELDS.get(field or "", None)
    return mapped if mapped in form.fields else None


def language_codes(languages: Sequence[str]) -> str:
    """Codes as the settings form shows them."""
    return " ".join(languages)
