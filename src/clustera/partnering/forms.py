"""Forms of the partner search and the technology-centre finder."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from clustera.registry.fields import TermChoiceField
from clustera.registry.models import OrganisationType, Technology

SERVICE_TYPES = [
    ("equipment", _("Equipment")),
    ("testing", _("Testing")),
    ("prototyping", _("Prototyping")),
    ("pilot line", _("Pilot line")),
    ("training", _("Training")),
]


class CentreNeedForm(forms.Form):
    """What an SME needs from a technology centre."""

    technology = TermChoiceField(
        Technology.objects.all(),
        required=False,
        to_field_name="code",
        empty_label=_("Any technology"),
    )
    text = forms.CharField(required=False, max_length=500, label=_("Describe the need"))
    service_type = forms.MultipleChoiceField(
        label=_("Kind of service"),
        choices=SERVICE_TYPES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    trl = forms.IntegerField(required=False, min_value=1, max_value=9, label="TRL")
    region = forms.CharField(required=False, max_length=16, label=_("Your region (code)"))
    language = forms.CharField(required=False, max_length=20, label=_("Language (e.g. en)"))


class PartnerSearchForm(forms.Form):
    """Filters applied to the ranked suggestions."""

    context = forms.ChoiceField(required=False, label=_("For a call or theme"))
    type = forms.ChoiceField(
        required=False, choices=[("", _("Any type")), *OrganisationType.choices]
    )
    country = forms.CharField(required=False, max_length=2, label=_("Country"))
    region = forms.CharField(
        required=False, max_length=10, label=_("Region (code, e.g. DE3 or DE30)")
    )
    q = forms.CharField(required=False, max_length=200, label=_("Words"))
    prefer = forms.ChoiceField(
        required=False,
        label=_("Prefer partners"),
        choices=[
            ("", _("Anywhere")),
            ("cross-border", _("In other countries")),
            ("same-country", _("In our country")),
            ("cross-region", _("In other regions (interregional)")),
        ],
    )
    new_only = forms.BooleanField(
        required=False, label=_("Only organisations we never worked with")
    )
    include_own_clusters = forms.BooleanField(
        required=False, label=_("Include members of my clusters")
    )

    def __init__(self, *args: object, contexts: list[str], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["context"].choices = [("", _("Any"))] + [(c, c) for c in contexts]
