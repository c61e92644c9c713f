"""Forms for editing profiles and publishing offers."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from clustera.registry import models, pickers


def _picker(label: str, help_text: str = "", size: int = 10) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label,
        required=False,
        help_text=help_text,
        widget=forms.SelectMultiple(attrs={"size": size, "data-picker": ""}),
    )


class OrganisationForm(forms.ModelForm):
    """The fields an organisation's admins maintain themselves, with pickers for the codes.

    The pickers are plain ``<select>`` lists (grouped, indented); ``clustera/picker.js``
    adds a search box. Choices are loaded when the form is built.
    """

    website = forms.URLField(
        label=_("Website"), assume_scheme="https", required=False, max_length=400
    )
    region = forms.ChoiceField(
        label=_("Region (NUTS)"),
        required=False,
        widget=forms.Select(attrs={"data-picker": ""}),
    )
    nace = _picker(_("Sectors (NACE)"), _("Pick the most specific codes that apply."))
    technologies = _picker(_("Technologies"), _("Grouped by classification scheme."))
    ecosystems = _picker(_("Industrial ecosystems"), size=6)
    languages = _picker(_("Working languages"), size=6)

    class Meta:
        model = models.Organisation
        fields = [
            "name",
            "description",
            "website",
            "address",
            "city",
            "lat",
            "lon",
            "size_class",
            "employees",
            "founded",
            "is_public",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "lat": forms.NumberInput(attrs={"step": "any", "min": -90, "max": 90}),
            "lon": forms.NumberInput(attrs={"step": "any", "min": -180, "max": 180}),
        }
        labels = {
            "name": _("Name"),
            "description": _("Description"),
            "address": _("Address"),
            "city": _("City"),
            "lat": _("Latitude (°)"),
            "lon": _("Longitude (°)"),
            "size_class": _("Size class"),
            "employees": _("Employees"),
            "founded": _("Founded"),
            "is_public": _("Is public"),
        }
        help_texts = {"is_public": _("Public profiles are visible to anonymous visitors")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [("", "—"), *pickers.region_choices()]
        self.fields["nace"].choices = pickers.term_choices(models.Activity, with_code=True)
        self.fields["technologies"].choices = pickers.term_choices(models.Technology)
        self.fields["ecosystems"].choices = pickers.term_choices(models.Ecosystem)
        self.fields["languages"].choices = pickers.language_choices()
        organisation = self.instance
        if organisation.pk and not self.is_bound:
            self.initial.update(
                region=organisation.region.code if organisation.region else "",
                nace=_codes(organisation.activities.all()),
                technologies=_codes(organisation.technologies.all()),
                ecosystems=_codes(organisation.ecosystems.all()),
                languages=list(organisation.languages or []),
            )

    def profile_changes(self) -> dict[str, Any]:
        """The cleaned fields as ``services.update_organisation`` takes them (terms as codes)."""
        return dict(self.cleaned_data)


def _codes(terms: Any) -> list[str]:
    return [f"{t.scheme}:{t.code}" for t in terms]


class ClusterProfileForm(forms.ModelForm):
    """The cluster part of a cluster's profile: label, figures and S3 priorities."""

    s3_priorities = _picker(_("S3 priorities"), _("The smart-specialisation priorities served."))

    class Meta:
        model = models.ClusterProfile
        fields = models.CLUSTER_PROFILE_FIELDS
        widgets = {"label_date": forms.DateInput(attrs={"type": "date"})}
        labels = {
            "label": _("Label"),
            "label_date": _("Label date"),
            "year_founded": _("Year founded"),
            "management_staff": _("Management staff"),
            "members_count": _("Members count"),
            "sme_members_count": _("Sme members count"),
        }
        help_texts = {"label": _("Cluster-management excellence label (ECEI)")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["s3_priorities"].choices = pickers.term_choices(models.S3Priority)
        if self.instance.pk and not self.is_bound:
            self.initial["s3_priorities"] = _codes(self.instance.s3_priorities.all())


class ContactForm(forms.Form):
    """One contact person (personal data: shown to the organisation's users and editors)."""

    id = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)
    name = forms.CharField(label=_("Name"), max_length=200)
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    role = forms.CharField(label=_("Role"), max_length=120, required=False)


ContactFormSet = forms.formset_factory(ContactForm, extra=1, can_delete=True, max_num=50)


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
    technologies = _picker(
        _("Technologies"),
        _("Offers of the opposite type with the same technologies match it."),
    )
    activities = _picker(_("Sectors (NACE)"), _("Or the same sectors."))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["technologies"].choices = pickers.term_choices(models.Technology)
        self.fields["activities"].choices = pickers.term_choices(models.Activity, with_code=True)

    def offer_data(self) -> dict[str, Any]:
        """The cleaned fields as the offer services take them (terms as ``SCHEME:code``)."""
        return dict(self.cleaned_data)


class NewOrganisationForm(forms.ModelForm):
    """What a user gives to create an organisation (the rest is edited on its profile)."""

    website = forms.URLField(assume_scheme="https", required=False, max_length=400)

    class Meta:
        model = models.Organisation
        fields = ["name", "type", "country", "website", "city", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}
        labels = {
            "name": _("Name"),
            "type": _("Type"),
            "country": _("Country"),
            "city": _("City"),
            "description": _("Description"),
        }
        help_texts = {
            "country": _("Two-letter code, e.g. DE, FR, XA in the synthetic world."),
            "description": _("What the organisation does; at least 100 characters for validation."),
        }
