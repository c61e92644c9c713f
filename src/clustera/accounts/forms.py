"""The sign-up form: fields and their bounds; the checks that matter live in the services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class SignUpForm(forms.Form):
    """User name, e-mail address and password (typed twice)."""

    username = forms.CharField(
        label=_("User name"),
        max_length=150,
        help_text=_("Letters, digits and @ . + - _ only."),
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    email = forms.EmailField(
        label=_("Work e-mail address"),
        max_length=254,
        help_text=_(
            "We send a link to confirm it. An address at your organisation's web domain "
            "is evidence when you claim its profile."
        ),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        help_text=_("At least 8 characters, not only digits, not a common password."),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("The two passwords differ."))
        return data


class OrganisationRequestForm(forms.Form):
    """Claim or join one organisation, with an optional note to its approvers."""

    kind = forms.ChoiceField(choices=[("claim", "claim"), ("join", "join")])
    message = forms.CharField(required=False, max_length=1000)


class AuditFilterForm(forms.Form):
    """Filters of the audit log page."""

    organisation = forms.IntegerField(
        label=_("Organisation id"), required=False, min_value=1, max_value=2**31 - 1
    )
    model = forms.RegexField(
        label=_("Kind of object"),
        required=False,
        max_length=100,
        regex=r"^[A-Za-z_]+\.[A-Za-z_]+$",
        help_text=_("app.model, e.g. registry.organisation"),
    )
    action = forms.ChoiceField(
        label=_("Action"),
        required=False,
        choices=[("", _("any")), ("0", _("create")), ("1", _("update")), ("2", _("delete"))],
    )
    actor = forms.CharField(label=_("User name"), required=False, max_length=150)


class InvitedSignUpForm(SignUpForm):
    """Signing up from an invitation: the address is the invited one (shown, not asked)."""

    email = None  # type: ignore[assignment]  # the invitation fixes the address


class InvitationForm(forms.Form):
    """An organisation admin invites an address with a role."""

    email = forms.EmailField(max_length=254)
    role = forms.ChoiceField(choices=[("member", "member"), ("admin", "admin")])
    message = forms.CharField(required=False, max_length=1000)
