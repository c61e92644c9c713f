"""Forms of the event pages: registration (with the event's own questions), meeting requests."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.utils.translation import gettext_lazy as _

from clustera.events.models import Event, EventKind, Session


class CalendarFilterForm(forms.Form):
    """The calendar's filters (GET), shared by the list, month and map views and the ICS feed.

    The region, technology, ecosystem and S3 priority selects offer the terms that some event
    carries (and the regions above them), so every option finds something."""

    q = forms.CharField(required=False, max_length=200, label=_("Search"))
    kind = forms.ChoiceField(
        required=False, label=_("Kind"), choices=[("", _("Any kind")), *EventKind.choices]
    )
    country = forms.CharField(required=False, max_length=2, label=_("Country (2 letters)"))
    region = forms.ChoiceField(required=False, label=_("Region"))
    technology = forms.ChoiceField(required=False, label=_("Technology"))
    ecosystem = forms.ChoiceField(required=False, label=_("Ecosystem"))
    s3 = forms.ChoiceField(required=False, label=_("S3 priority"))
    when = forms.ChoiceField(
        required=False,
        label=_("When"),
        choices=[("upcoming", _("Upcoming")), ("past", _("Past")), ("all", _("Past and upcoming"))],
    )

    def __init__(self, *args: Any, options: dict[str, list[tuple[str, str]]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        anything = {
            "region": _("Any region"),
            "technology": _("Any technology"),
            "ecosystem": _("Any ecosystem"),
            "s3": _("Any S3 priority"),
        }
        for name, label in anything.items():
            choices = list(options.get(name, []))
            current = str(self.data.get(name, "") or "")
            if current and current not in {code for code, _label in choices}:
                choices.append((current, current))  # an old link's value stays visible
            self.fields[name].choices = [("", label), *choices]


class RegistrationForm(forms.Form):
    """Register one of the user's organisations: its type and the event's questions."""

    organisation = forms.TypedChoiceField(coerce=int, label=_("Organisation"))
    participant_type = forms.TypedChoiceField(coerce=int, label=_("I take part as"))

    def __init__(self, *args: Any, event: Event, organisations: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [(o.pk, o.name) for o in organisations]
        self.fields["participant_type"].choices = [
            (t.pk, t.display_label) for t in event.participant_types.all()
        ]
        for question in event.questions.all():
            name = f"q{question.pk}"
            if question.choice_list:
                self.fields[name] = forms.ChoiceField(
                    label=question.text,
                    required=question.required,
                    choices=[("", "—"), *((c, c) for c in question.choice_list)],
                )
            else:
                self.fields[name] = forms.CharField(
                    label=question.text, required=question.required, max_length=1000
                )

    def answers(self) -> dict[str, str]:
        """Answers keyed by question id."""
        return {
            name[1:]: str(value)
            for name, value in self.cleaned_data.items()
            if name.startswith("q") and value
        }


class MeetingRequestForm(forms.Form):
    """Ask a participant for a meeting."""

    receiver = forms.IntegerField(widget=forms.HiddenInput)
    message = forms.CharField(
        required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    must_meet = forms.BooleanField(required=False, label=_("Must meet (priority)"))


class AvailabilityForm(forms.Form):
    """The sessions a participant cannot attend."""

    unavailable = forms.ModelMultipleChoiceField(
        queryset=Session.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Sessions I cannot attend"),
    )

    def __init__(self, *args: Any, event: Event, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unavailable"].queryset = event.sessions.all()  # type: ignore[attr-defined]


class EventForm(forms.ModelForm):
    """A new event: what, when (in its time zone), where, and how requests work."""

    organiser = forms.TypedChoiceField(coerce=int, label=_("Organised by"))
    online_url = forms.URLField(
        required=False, max_length=400, assume_scheme="https", label=_("Online link")
    )

    class Meta:
        model = Event
        fields = [
            "title", "kind", "description", "starts", "ends", "timezone", "venue", "city",
            "country", "online_url", "capacity", "requires_validation", "request_mode",
            "request_expiry_hours", "tables",
        ]  # fmt: skip
        widgets = {
            "starts": forms.DateTimeInput(attrs={"type": "datetime-local"}),
            "ends": forms.DateTimeInput(attrs={"type": "datetime-local"}),
            "description": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {"starts": _("Local time of the event's time zone")}

    def __init__(self, *args: Any, organisations: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organiser"].choices = [(o.pk, o.name) for o in organisations]
        self.order_fields(["organiser"])

    def clean(self) -> dict[str, Any]:
        """Read the start and end as local times of the chosen time zone."""
        data = super().clean() or {}
        name = data.get("timezone") or "Europe/Brussels"
        try:
            zone = ZoneInfo(name)
        except (KeyError, ValueError):
            self.add_error("timezone", f"Unknown time zone {name!r} (e.g. Europe/Paris)")
            return data
        for key in ("starts", "ends"):
            if data.get(key):
                data[key] = data[key].replace(tzinfo=None).replace(tzinfo=zone)
        return data


class SessionForm(forms.Form):
    """A session of meeting slots (local times of the event's time zone)."""

    name = forms.CharField(max_length=120)
    starts = forms.DateTimeField(widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    ends = forms.DateTimeField(widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    slot_minutes = forms.IntegerField(min_value=5, max_value=240, initial=20)
    tables = forms.IntegerField(
        min_value=0,
        max_value=10000,
        required=False,
        label=_("Tables or rooms"),
        help_text=_("Empty: the event's number of tables per slot"),
    )


class TranslationForm(forms.Form):
    """An event's title and description in another language of the site."""

    language = forms.ChoiceField(label=_("Language"))
    title = forms.CharField(label=_("Title"), max_length=300)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea, required=False)

    def __init__(self, *args: Any, event: Event, **kwargs: Any) -> None:
        from django.conf import settings

        super().__init__(*args, **kwargs)
        choices = [(code, name) for code, name in settings.LANGUAGES if code != event.language]
        self.fields["language"].choices = choices
