"""Forms of the partner search and the technology-centre finder."""

from __future__ import annotations

from django import forms

from clustera.registry.models import OrganisationType, Technology

SERVICE_TYPES = [
    ("equipment", "Equipment"),
    ("testing", "Testing"),
    ("prototyping", "Prototyping"),
    ("pilot line", "Pilot line"),
    ("training", "Training"),
]


class CentreNeedForm(forms.Form):
    """What an SME needs from a technology centre."""

    technology = forms.ModelChoiceField(
        Technology.objects.all(), required=False, to_field_name="code", empty_label="Any technology"
    )
    text = forms.CharField(required=False, max_length=500, label="Describe the need")
    service_type = forms.MultipleChoiceField(
        choices=SERVICE_TYPES, required=False, widget=forms.CheckboxSelectMultiple
    )
    trl = forms.IntegerField(required=False, min_value=1, max_value=9, label="TRL")
    region = forms.CharField(required=False, max_length=16, label="Your region (code)")
    language = forms.CharField(required=False, max_length=20, label="Language (e.g. en)")


class PartnerSearchForm(forms.Form):
    """Filters applied to the ranked suggestions."""

    context = forms.ChoiceField(required=False, label="For a call or theme")
    type = forms.ChoiceField(required=False, choices=[("", "Any type"), *OrganisationType.choices])
    country = forms.CharField(required=False, max_length=2)
    q = forms.CharField(required=False, max_length=200, label="Words")
    prefer = forms.ChoiceField(
        required=False,
        label="Prefer partners",
        choices=[
            ("", "Anywhere"),
            ("cross-border", "In other countries"),
            ("same-country", "In our country"),
            ("cross-region", "In other regions (interregional)"),
        ],
    )
    new_only = forms.BooleanField(required=False, label="Only organisations we never worked with")

    def __init__(self, *args: object, contexts: list[str], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["context"].choices = [("", "Any")] + [(c, c) for c in contexts]
