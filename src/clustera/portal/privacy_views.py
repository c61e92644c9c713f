"""Pages of a person's data rights: download everything kept about me, erase my account."""

from __future__ import annotations

import json

from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clustera.portal import privacy


class EraseForm(forms.Form):
    """Erasing an account asks for its password and a typed confirmation."""

    password = forms.CharField(
        label=gettext_lazy("Your password"), widget=forms.PasswordInput, max_length=200
    )
    confirm = forms.CharField(
        label=gettext_lazy('Type "erase" to confirm'), max_length=20, required=True
    )

    def __init__(self, *args: object, user: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.user = user

    def clean_password(self) -> str:
        password: str = self.cleaned_data["password"]
        if not self.user.check_password(password):  # type: ignore[attr-defined]
            raise forms.ValidationError(_("This is not your password."))
        return password

    def clean_confirm(self) -> str:
        confirm: str = self.cleaned_data["confirm"].strip().lower()
        if confirm != "erase":
            raise forms.ValidationError(_('Type the word "erase".'))
        return confirm


@login_required
def my_data(request: HttpRequest) -> HttpResponse:
    """What Clustera keeps about me: a summary, the JSON download, and erasure."""
    data = privacy.export_person(request.user)
    if request.GET.get("download"):
        response = HttpResponse(
            json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False),
            content_type="application/json; charset=utf-8",
        )
        response["Content-Disposition"] = 'attachment; filename="clustera-my-data.json"'
        return response
    form = EraseForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        privacy.erase_person(user)
        messages.success(request, _("Your account and your personal data have been erased."))
        return redirect("home")
    summary = sorted((label, len(rows)) for label, rows in data["records"].items())
    status = 422 if form.errors else 200
    context = {"summary": summary, "account": data["account"], "form": form}
    return render(request, "portal/my_data.html", context, status=status)


urlpatterns = [path("accounts/me/data/", my_data, name="my_data")]
