"""Forms of the event pages: registration (with the event's own questions), meeting requests."""

from __future__ import annotations

from typing import Any

from django import forms

from clustera.events.models import Event, EventKind, Session


class CalendarFilterForm(forms.Form):
    """The calendar's filters (GET)."""

    q = forms.CharField(required=False, max_length=200, label="Search")
    kind = forms.ChoiceField(required=False, choices=[("", "Any kind"), *EventKind.choices])
    country = forms.CharField(required=False, max_length=2, label="Country (2 letters)")
    when = forms.ChoiceField(
        required=False,
        choices=[("upcoming", "Upcoming"), ("past", "Past"), ("all", "Past and upcoming")],
    )


class RegistrationForm(forms.Form):
    """Register one of the user's organisations: its type and the event's questions."""

    organisation = forms.TypedChoiceField(coerce=int, label="Organisation")
    participant_type = forms.TypedChoiceField(coerce=int, label="I take part as")

    def __init__(self, *args: Any, event: Event, organisations: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [(o.pk, o.name) for o in organisations]
        self.fields["participant_type"].choices = [
            (t.pk, t.label) for t in event.participant_types.all()
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
    must_meet = forms.BooleanField(required=False, label="Must meet (priority)")


class AvailabilityForm(forms.Form):
    """The sessions a participant cannot attend."""

    unavailable = forms.ModelMultipleChoiceField(
        queryset=Session.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Sessions I cannot attend",
    )

    def __init__(self, *args: Any, event: Event, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unavailable"].queryset = event.sessions.all()  # type: ignore[attr-defined]
