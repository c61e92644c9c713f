"""Content items (news, case studies, briefs, guides, pages), their revisions, images and
translations; follows, digest preferences and registered external feeds.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import FileExtensionValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

# Uploads that are served back to readers: no HTML or SVG (they could carry scripts).
DOCUMENT_EXTENSIONS = ["pdf", "odt", "ods", "odp", "docx", "xlsx", "pptx", "csv", "epub"]
IMAGE_EXTENSIONS = ["png", "jpg", "jpeg", "gif", "webp"]


class Kind(models.TextChoices):
    NEWS = "news", _("News")
    CASE_STUDY = "case_study", _("Case study")
    POLICY_BRIEF = "policy_brief", _("Policy brief")
    GUIDE = "guide", _("Guide or publication")
    PAGE = "page", _("Page")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    REVIEW = "review", _("In review")
    PUBLISHED = "published", _("Published")


class Item(models.Model):
    """One piece of content; shown to the public once published and its date has passed."""

    kind = models.CharField(max_length=16, choices=Kind.choices, db_index=True)
    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=120, unique=True)
    summary = models.CharField(max_length=600, blank=True)
    body = models.TextField(blank=True, help_text="Markdown; HTML is sanitised")
    language = models.CharField(max_length=8, default="en")
    original = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="translations",
        help_text="The item this one translates",
    )
    organisation = models.ForeignKey(
        "registry.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="content_items",
        help_text="Author organisation",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    status = models.CharField(
        max_length=12, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    published_at = models.DateTimeField(
        null=True, blank=True, db_index=True, help_text="Publication date (may be in the future)"
    )
    attachment = models.FileField(
        upload_to="content/files/",
        blank=True,
        validators=[FileExtensionValidator(DOCUMENT_EXTENSIONS)],
        help_text="The publication's document (PDF, office or CSV file)",
    )
    organisations = models.ManyToManyField(
        "registry.Organisation", blank=True, related_name="content_mentions"
    )
    regions = models.ManyToManyField("registry.Region", blank=True, related_name="content_items")
    technologies = models.ManyToManyField(
        "registry.Technology", blank=True, related_name="content_items"
    )
    ecosystems = models.ManyToManyField(
        "registry.Ecosystem", blank=True, related_name="content_items"
    )
    s3_priorities = models.ManyToManyField(
        "registry.S3Priority", blank=True, related_name="content_items"
    )
    # Content sits above events and partnerships: it links to them, they never import it (their
    # pages load content's panel by its URL).
    events = models.ManyToManyField("events.Event", blank=True, related_name="content_items")
    calls = models.ManyToManyField("partnerships.Call", blank=True, related_name="content_items")
    partnerships = models.ManyToManyField(
        "partnerships.Partnership", blank=True, related_name="content_items"
    )
    guid = models.CharField(
        max_length=500, null=True, blank=True, unique=True, help_text="Imported entry's id"
    )
    source_url = models.URLField(max_length=500, blank=True)
    followers_notified = models.BooleanField(
        default=False, help_text="Followers have had their in-app notification"
    )
    is_synthetic = models.BooleanField(default=False)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-published_at", "-pk"]
        indexes = [models.Index(fields=["kind", "status", "published_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["original", "language"], name="content_one_translation_per_language"
            )
        ]

    def __str__(self) -> str:
        return self.title


class Image(models.Model):
    """An image shown with an item; the alternative text is required."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="images")
    file = models.FileField(
        upload_to="content/images/", validators=[FileExtensionValidator(IMAGE_EXTENSIONS)]
    )
    alt = models.CharField(max_length=300, help_text="What the image shows, for screen readers")
    caption = models.CharField(max_length=300, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=~models.Q(alt=""), name="image_alt_required")
        ]

    def __str__(self) -> str:
        return self.alt


class Revision(models.Model):
    """The state of an item after one save: who saved it, and its text."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="revisions")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    title = models.CharField(max_length=300)
    summary = models.CharField(max_length=600, blank=True)
    body = models.TextField(blank=True)
    status = models.CharField(max_length=12, choices=Status.choices)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created", "-pk"]

    def __str__(self) -> str:
        return f"{self.item_id} @ {self.created:%Y-%m-%d %H:%M}"


class FollowTarget(models.TextChoices):
    ORGANISATION = "organisation", _("Organisation")
    REGION = "region", _("Region")
    TECHNOLOGY = "technology", _("Technology")
    CALL = "call", _("Call")
    PARTNERSHIP = "partnership", _("Partnership")


class Follow(models.Model):
    """A user following an organisation, region or technology (by its id)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="content_follows"
    )
    target = models.CharField(max_length=16, choices=FollowTarget.choices)
    target_id = models.PositiveIntegerField()
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "target", "target_id"], name="follow_once")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} follows {self.target} {self.target_id}"


class DigestPeriod(models.TextChoices):
    NONE = "none", _("No e-mail")
    DAILY = "daily", _("Daily")
    WEEKLY = "weekly", _("Weekly")


class DigestPreference(models.Model):
    """How often a user wants the e-mail digest of what they follow, and when it was last sent."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digest_preference"
    )
    period = models.CharField(
        max_length=8, choices=DigestPeriod.choices, default=DigestPeriod.WEEKLY
    )
    last_sent = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.user_id}: {self.period}"


class ExternalFeed(models.Model):
    """An RSS or Atom feed whose entries are imported as news of an organisation."""

    url = models.URLField(max_length=500, unique=True)
    organisation = models.ForeignKey(
        "registry.Organisation", on_delete=models.CASCADE, related_name="external_feeds"
    )
    last_checked = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)

    def __str__(self) -> str:
        return self.url
