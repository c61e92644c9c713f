"""Forms for editing profiles and publishing offers."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from clustera.registry import models


class OrganisationForm(forms.ModelForm):
    """The fields an organisation's admins maintain themselves."""

    website = forms.URLField(assume_scheme="https", required=False, max_length=400)

    class Meta:
        model = models.Organisation
        fields = [
            "name",
            "description",
            "website",
            "address",
            "city",
            "size_class",
            "employees",
            "founded",
            "technologies",
            "activities",
            "ecosystems",
            "is_public",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "technologies": forms.SelectMultiple(attrs={"size": 8}),
            "activities": forms.SelectMultiple(attrs={"size": 8}),
            "ecosystems": forms.SelectMultiple(attrs={"size": 6}),
        }

    def profile_changes(self) -> dict[str, Any]:
        """The cleaned fields as ``services.update_organisation`` takes them (terms as codes)."""
        data = dict(self.cleaned_data)
        terms = {"technologies": "technologies", "activities": "nace", "ecosystems": "ecosystems"}
        changes = {k: v for k, v in data.items() if k not in terms}
        for field, name in terms.items():
            changes[name] = [f"{t.scheme}:{t.code}" for t in data.get(field) or []]
        return changes


class OfferForm(forms.Form):
    """An offer or request of the Enterprise Europe Network types."""

    kind = forms.ChoiceField(label=_("Type"), choices=models.OfferKind.choices)
    title = forms.CharField(label=_("Title"), max_length=300)
    description = forms.CharField(
        label=_("Description"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        max_length=5000,
    )
    technologies = forms.ModelMultipleChoiceField(
        label=_("Technologies"),
        queryset=models.Technology.objects.order_by("scheme", "name"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Offers of the opposite type with the same technologies match it."),
    )
    activities = forms.ModelMultipleChoiceField(
        label=_("Sectors (NACE)"),
        queryset=models.Activity.objects.order_by("code"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )

    def offer_data(self) -> dict[str, Any]:
        """The cleaned fields as the offer services take them (terms as codes)."""
        data = dict(self.cleaned_data)
        for name in ("technologies", "activities"):
            data[name] = [f"{t.scheme}:{t.code}" for t in data.get(name) or []]
        return data


class NewOrganisationForm(forms.ModelForm):
    """What a user gives to create an organisation (the rest is edited on its profile)."""

    website = forms.URLField(assume_scheme="https", required=False, max_length=400)

    class Meta:
        model = models.Organisation
        fields = ["name", "type", "country", "website", "city", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}
        help_texts = {
            "country": "Two-letter code, e.g. DE, FR, XA in the synthetic world.",
            "description": "What the organisation does; at least 100 characters for validation.",
        }
