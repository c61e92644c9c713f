"""Surveys, their frozen versions, invitations and responses."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SurveyStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class Access(models.TextChoices):
    PUBLIC = "public", _("Public link")
    INVITATION = "invitation", _("Invitation only")


class Survey(models.Model):
    """A survey run by an organisation: who may answer, what consent says, how long answers live."""

    slug = models.SlugField(max_length=80, unique=True)
    title = models.CharField(max_length=300)
    organiser = models.ForeignKey(
        "registry.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="surveys",
    )
    status = models.CharField(
        max_length=8, choices=SurveyStatus.choices, default=SurveyStatus.DRAFT
    )
    access = models.CharField(max_length=10, choices=Access.choices, default=Access.PUBLIC)
    purpose = models.TextField(blank=True, help_text=_("Why the answers are collected"))
    controller = models.CharField(
        max_length=300, blank=True, help_text=_("Who is responsible for the answers (GDPR art. 4)")
    )
    retention_days = models.PositiveIntegerField(
        default=365, help_text=_("Answers are deleted this many days after they were last changed")
    )
    languages = models.JSONField(default=list, blank=True, help_text=_("Form language codes"))
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class SurveyVersion(models.Model):
    """One definition of a survey (``Definition.to_dict()``); frozen once it has a response.

    A version made in the form builder is a draft (``published`` empty) until it is published;
    respondents answer the newest published version.
    """

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    form_version = models.CharField(max_length=64, blank=True, help_text=_("XLSForm 'version'"))
    definition = models.JSONField()
    created = models.DateTimeField(auto_now_add=True)
    published = models.DateTimeField(
        null=True, blank=True, help_text=_("When the version was published (empty: a draft)")
    )

    class Meta:
        ordering = ["survey", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "number"], name="survey_version_number")
        ]

    def __str__(self) -> str:
        return f"{self.survey.slug} v{self.number}"


class Invitation(models.Model):
    """An invitation to answer once, through a link holding a random token."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    token = models.CharField(max_length=64, unique=True)
    sent = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["survey", "email"], name="invitation_once_per_email")
        ]

    def __str__(self) -> str:
        return f"{self.email} ({self.survey.slug})"


class ResponseStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETE = "complete", _("Complete")


class Response(models.Model):
    """One respondent's answers to one version, kept as they go and marked complete on submit."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    version = models.ForeignKey(SurveyVersion, on_delete=models.PROTECT, related_name="responses")
    invitation = models.OneToOneField(
        Invitation, null=True, blank=True, on_delete=models.SET_NULL, related_name="response"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    resume_key = models.CharField(
        max_length=64, unique=True, help_text=_("Secret of the resume link (anonymous respondents)")
    )
    idempotency_key = models.CharField(max_length=100, blank=True)
    answers = models.JSONField(default=dict, blank=True)
    language = models.CharField(max_length=8, blank=True)
    page = models.PositiveIntegerField(default=0, help_text=_("Index of the page reached"))
    pages_seen = models.PositiveIntegerField(default=0)
    consent = models.BooleanField(default=False)
    email = models.EmailField(blank=True, help_text=_("Where the resume link was sent, if asked"))
    status = models.CharField(
        max_length=12, choices=ResponseStatus.choices, default=ResponseStatus.IN_PROGRESS
    )
    started = models.DateTimeField(default=timezone.now)
    updated = models.DateTimeField(auto_now=True)
    submitted = models.DateTimeField(null=True, blank=True)
    organisation = models.ForeignKey(
        "registry.Organisation", null=True, blank=True, on_delete=models.SET_NULL
    )
    actor_type = models.CharField(max_length=24, blank=True, db_index=True)
    country = models.CharField(max_length=2, blank=True, db_index=True)
    region = models.CharField(max_length=16, blank=True, db_index=True)

    class Meta:
        ordering = ["survey", "started"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "idempotency_key"],
                condition=~models.Q(idempotency_key=""),
                name="response_idempotency_once",
            )
        ]
        indexes = [models.Index(fields=["survey", "status"])]

    def __str__(self) -> str:
        return f"{self.survey.slug} #{self.pk} ({self.status})"


class GapRun(models.Model):
    """One computation of the demand/supply gap analysis, keyed by its inputs' fingerprint."""

    fingerprint = models.CharField(max_length=64, unique=True)
    computed = models.DateTimeField(default=timezone.now)
    max_distance_km = models.FloatField()
    n_needs = models.PositiveIntegerField()
    n_respondents = models.PositiveIntegerField()
    n_requests = models.PositiveIntegerField(help_text=_("Registry technology requests counted"))
    n_offers = models.PositiveIntegerField(help_text=_("Technology-centre services counted"))
    n_regions = models.PositiveIntegerField()

    class Meta:
        ordering = ["-computed"]

    def __str__(self) -> str:
        return f"gaps {self.computed:%Y-%m-%d %H:%M} ({self.fingerprint[:8]})"


class GapRow(models.Model):
    """Demand, supply, access and unmet demand of one technology x service x TRL band x region."""

    run = models.ForeignKey(GapRun, on_delete=models.CASCADE, related_name="rows")
    technology = models.CharField(max_length=24, db_index=True)
    service = models.CharField(max_length=24)
    trl_band = models.CharField(max_length=3)
    region = models.CharField(max_length=16, db_index=True)
    demand = models.FloatField()
    supply = models.FloatField()
    access = models.FloatField()
    unmet = models.FloatField()
    uncovered_share = models.FloatField(null=True, help_text=_("Empty where there is no demand"))
    nearest_km = models.FloatField(null=True, help_text=_("Empty: no demand or no capable centre"))

    class Meta:
        ordering = ["-unmet", "-uncovered_share", "-demand"]
        indexes = [models.Index(fields=["run", "technology"])]

    def __str__(self) -> str:
        return f"{self.technology}/{self.service}/{self.trl_band} in {self.region}"
