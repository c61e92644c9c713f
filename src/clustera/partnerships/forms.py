"""Forms of the call editor, the application, invitations and the evaluation."""

from __future__ import annotations

import zoneinfo
from datetime import datetime
from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from clustera.registry.fields import TermMultipleChoiceField
from clustera.registry.models import Ecosystem, OrganisationType, S3Priority, Technology

TIME_ZONES = [
    "Europe/Brussels",
    "Europe/Lisbon",
    "Europe/London",
    "Europe/Dublin",
    "Europe/Paris",
    "Europe/Berlin",
    "Europe/Madrid",
    "Europe/Rome",
    "Europe/Warsaw",
    "Europe/Helsinki",
    "Europe/Athens",
    "Europe/Bucharest",
    "Europe/Sofia",
    "Europe/Vilnius",
    "UTC",
]


def _codes(model: Any, label: Any) -> forms.ModelMultipleChoiceField:
    return TermMultipleChoiceField(
        model.objects.order_by("code"),
        required=False,
        label=label,
        to_field_name="code",
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )


class CallForm(forms.Form):
    """A call for expression of interest; criteria one per line: name | weight | threshold | max."""

    title = forms.CharField(max_length=200, label=_("Title"))
    summary = forms.CharField(max_length=500, required=False, label=_("Summary"))
    text = forms.CharField(
        label=_("Text"), widget=forms.Textarea(attrs={"rows": 8}), max_length=20000, required=False
    )
    technologies = _codes(Technology, _("Technologies"))
    ecosystems = _codes(Ecosystem, _("Industrial ecosystems"))
    s3_priorities = _codes(S3Priority, _("S3 priorities"))
    organisation_types = forms.MultipleChoiceField(
        label=_("Organisation types"),
        choices=OrganisationType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: every type may take part."),
    )
    countries = forms.MultipleChoiceField(
        label=_("Countries"),
        choices=[],
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("EU Member States and associated countries (hold Ctrl to pick several)."),
    )
    min_partners = forms.IntegerField(
        label=_("Minimum partners"),
        min_value=1,
        max_value=50,
        initial=3,
        help_text=_("lead included"),
    )
    min_countries = forms.IntegerField(
        min_value=1, max_value=50, initial=2, label=_("Minimum countries")
    )
    deadline = forms.DateTimeField(
        label=_("Deadline"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Local time in the zone below."),
    )
    time_zone = forms.ChoiceField(
        choices=[(z, z) for z in TIME_ZONES], initial="Europe/Brussels", label=_("Time zone")
    )
    overall_threshold = forms.FloatField(
        min_value=0, max_value=1000, initial=0, label=_("Overall threshold")
    )
    criteria = forms.CharField(
        label=_("Evaluation criteria"),
        widget=forms.Textarea(attrs={"rows": 4}),
        initial="Excellence | 0.4 | 3 | 5\nImpact | 0.4 | 3 | 5\nImplementation | 0.2 | 2 | 5",
        help_text=_("One per line: name | weight | threshold | top score."),
    )

    def __init__(self, *args: Any, countries: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["countries"].choices = [(c, c) for c in countries]  # type: ignore[attr-defined]
        if not self.is_bound and "countries" not in self.initial:
            self.initial["countries"] = countries

    def clean_criteria(self) -> list[dict[str, Any]]:
        rows = []
        for number, line in enumerate(self.cleaned_data["criteria"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = [p.strip() for p in line.split("|")]
            try:
                name, weight, threshold, top = (
                    parts[0],
                    float(parts[1]),
                    float(parts[2]),
                    float(parts[3]),
                )
            except (IndexError, ValueError):
                raise forms.ValidationError(
                    gettext(
                        "line %(number)s (%(line)r): write name | weight | threshold | top score"
                    )
                    % {"number": number, "line": line.strip()}
                ) from None
            rows.append({"name": name, "weight": weight, "threshold": threshold, "max_score": top})
        if not rows:
            raise forms.ValidationError(_("give at least one criterion"))
        return rows

    def service_fields(self) -> dict[str, Any]:
        """The cleaned data as ``services.save_call`` takes it (the deadline made aware)."""
        data = self.cleaned_data
        naive: datetime = data["deadline"].replace(tzinfo=None)
        fields = {k: v for k, v in data.items() if k != "criteria"}
        fields["deadline"] = naive.replace(tzinfo=zoneinfo.ZoneInfo(data["time_zone"]))
        for name in ("technologies", "ecosystems", "s3_priorities"):
            fields[name] = [term.code for term in data[name]]
        return fields


class ApplyForm(forms.Form):
    """Start an application on behalf of one of the organisations the user administers."""

    lead = forms.TypedChoiceField(coerce=int, choices=[], label=_("Apply as lead for"))
    title = forms.CharField(max_length=200, label=_("Partnership title"))

    def __init__(self, *args: Any, organisations: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lead"].choices = [(o.pk, o.name) for o in organisations]  # type: ignore[attr-defined]


class ApplicationForm(forms.Form):
    """The application's content."""

    title = forms.CharField(max_length=200, label=_("Title"))
    concept = forms.CharField(
        label=_("Concept"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=10000,
        required=False,
    )
    objectives = forms.CharField(
        label=_("Objectives"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=10000,
        required=False,
    )
    value_chain = forms.CharField(
        label=_("Value chain"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=10000,
        required=False,
        help_text=_("The value chain's steps and who covers each."),
    )
    activities = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=10000,
        required=False,
        label=_("Planned activities"),
    )
    budget_estimate = forms.DecimalField(
        min_value=0,
        max_digits=14,
        decimal_places=2,
        required=False,
        label=_("Budget estimate (EUR)"),
    )


class InviteForm(forms.Form):
    """Invite a partner by its registry id or exact name."""

    organisation = forms.CharField(
        max_length=300, label=_("Partner organisation (id or exact name)")
    )


class DocumentForm(forms.Form):
    """A document to attach (at most 10 MiB)."""

    title = forms.CharField(max_length=200, required=False, label=_("Document title"))
    file = forms.FileField(label=_("File"))


class ScoreForm(forms.Form):
    """One score and comment per criterion of the call."""

    def __init__(self, *args: Any, criteria: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for c in criteria:
            self.fields[f"score_{c.pk}"] = forms.FloatField(
                min_value=0,
                max_value=c.max_score,
                label=gettext("%(name)s (0–%(top)g, threshold %(threshold)g, weight %(weight)g)")
                % {
                    "name": c.name,
                    "top": c.max_score,
                    "threshold": c.threshold,
                    "weight": c.weight,
                },
            )
            self.fields[f"comment_{c.pk}"] = forms.CharField(
                widget=forms.Textarea(attrs={"rows": 2}),
                max_length=3000,
                required=False,
                label=gettext("Comment on %(name)s") % {"name": c.name},
            )
        self.criteria = criteria

    def scores(self) -> dict[int, tuple[float, str]]:
        """Scores by criterion id, as ``evaluation.submit_scores`` takes them."""
        return {
            c.pk: (self.cleaned_data[f"score_{c.pk}"], self.cleaned_data[f"comment_{c.pk}"])
            for c in self.criteria
        }


class DecisionForm(forms.Form):
    """Accept or reject, with reasons."""

    accept = forms.TypedChoiceField(
        coerce=lambda v: v == "yes", choices=[("yes", _("Accept")), ("no", _("Reject"))]
    )
    reasons = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), max_length=5000, label=_("Reasons")
    )
