"""The portal's form for writing an item, with the workflow's actions as buttons."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import FileExtensionValidator
from django.utils.translation import gettext_lazy as _

from clustera.content import selectors
from clustera.content.models import IMAGE_EXTENSIONS, Item
from clustera.registry.models import Organisation

ACTIONS = {"preview": _("Preview"), "draft": _("Save draft"), "review": _("Submit for review")}


class ItemForm(forms.ModelForm):
    """Kind, texts, author organisation, publication date, links, and an image with alt text."""

    image = forms.FileField(
        required=False,
        label=_("Image"),
        help_text=_("Optional picture shown with the item (PNG, JPEG, GIF or WebP)"),
        validators=[FileExtensionValidator(IMAGE_EXTENSIONS)],
    )
    image_alt = forms.CharField(
        required=False, max_length=300, label=_("Image description (alt text)")
    )
    published_at = forms.DateTimeField(
        required=False,
        label=_("Publication date"),
        help_text=_("Leave empty to publish now; a future date schedules the item"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )

    class Meta:
        model = Item
        fields = [
            "kind",
            "title",
            "summary",
            "body",
            "language",
            "organisation",
            "published_at",
            "attachment",
            "organisations",
            "regions",
            "technologies",
            "ecosystems",
            "s3_priorities",
            "events",
            "calls",
            "partnerships",
        ]
        labels = {
            "kind": _("Type"),
            "title": _("Title"),
            "summary": _("Summary"),
            "body": _("Body"),
            "language": _("Language"),
            "attachment": _("Document"),
            "regions": _("Regions"),
            "technologies": _("Technologies"),
        }
        help_texts = {
            "body": _("Markdown; HTML is sanitised"),
            "organisation": _("Author organisation"),
            "attachment": _("The publication's document (PDF, office or CSV file)"),
        }
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 2}),
            "body": forms.Textarea(attrs={"rows": 14}),
            "organisations": forms.SelectMultiple(attrs={"size": 6}),
            "regions": forms.SelectMultiple(attrs={"size": 6}),
            "technologies": forms.SelectMultiple(attrs={"size": 6}),
            "ecosystems": forms.SelectMultiple(attrs={"size": 4}),
            "s3_priorities": forms.SelectMultiple(attrs={"size": 4}),
            "events": forms.SelectMultiple(attrs={"size": 4}),
            "calls": forms.SelectMultiple(attrs={"size": 4}),
            "partnerships": forms.SelectMultiple(attrs={"size": 4}),
        }

    def __init__(self, *args: Any, organisations: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].initial = "news"
        self.fields["organisation"].label = _("Author organisation")
        self.fields["organisations"].label = _("Organisations it is about")
        self.fields["s3_priorities"].label = _("Smart-specialisation (S3) priorities")
        self.fields["ecosystems"].label = _("Industrial ecosystems")
        if organisations is not None:
            self.fields["organisation"].queryset = organisations
            self.fields["organisation"].required = True
        else:
            self.fields["organisation"].queryset = Organisation.objects.order_by("name")
        self.fields["organisations"].queryset = Organisation.objects.filter(
            is_public=True
        ).order_by("name")
        # only what anyone may see: the item page shows these links to every reader
        self.fields["events"].queryset = selectors.public_events().order_by("-starts")
        self.fields["calls"].queryset = selectors.public_calls().order_by("-deadline")
        self.fields["partnerships"].queryset = selectors.public_partnerships().order_by("name")
        self.fields["events"].label = _("Events")
        self.fields["calls"].label = _("Calls")
        self.fields["partnerships"].label = _("Partnerships (with a public summary)")

    def changes(self) -> dict[str, Any]:
        """The cleaned values as ``services.save_item`` takes them."""
        data = dict(self.cleaned_data)
        if not data.get("attachment"):
            data.pop("attachment", None)
        return data
