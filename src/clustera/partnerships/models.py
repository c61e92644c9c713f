"""Calls for expression of interest, applications, their evaluation, and partnerships."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CallStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    EVALUATED = "evaluated", _("Evaluated (results published)")


class Call(models.Model):
    """A call for expression of interest: its text, themes, eligibility rules and deadline."""

    title = models.CharField(max_length=200)
    summary = models.CharField(max_length=500, blank=True)
    text = models.TextField(blank=True, max_length=20000)
    technologies = models.ManyToManyField("registry.Technology", blank=True, related_name="+")
    ecosystems = models.ManyToManyField("registry.Ecosystem", blank=True, related_name="+")
    s3_priorities = models.ManyToManyField("registry.S3Priority", blank=True, related_name="+")
    organisation_types = models.JSONField(
        default=list, blank=True, help_text=_("Eligible organisation types; empty: any")
    )
    countries = models.JSONField(default=list, help_text=_("Eligible country codes"))
    min_partners = models.PositiveSmallIntegerField(default=3)
    min_countries = models.PositiveSmallIntegerField(default=2)
    deadline = models.DateTimeField()
    time_zone = models.CharField(max_length=64, default="Europe/Brussels")
    overall_threshold = models.FloatField(default=0.0)
    status = models.CharField(max_length=12, choices=CallStatus.choices, default=CallStatus.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    created = models.DateTimeField(auto_now_add=True)
    published = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-deadline", "pk"]

    def __str__(self) -> str:
        return self.title


class Criterion(models.Model):
    """An evaluation criterion of a call: weight, threshold and the top score."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(max_length=120)
    description = models.CharField(max_length=500, blank=True)
    weight = models.FloatField()
    threshold = models.FloatField(default=0.0)
    max_score = models.FloatField(default=5.0)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["call", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["call", "name"], name="criterion_name_once"),
            models.CheckConstraint(condition=models.Q(weight__gt=0), name="criterion_weight"),
        ]

    def __str__(self) -> str:
        return self.name


class CallDocument(models.Model):
    """A document of a call (guide, template)."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(max_length=200)
    file = models.FileField(upload_to="partnerships/calls/")
    uploaded = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.title


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")


class Application(models.Model):
    """An expression of interest led by one organisation with invited partners."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="applications")
    lead = models.ForeignKey("registry.Organisation", on_delete=models.CASCADE, related_name="+")
    title = models.CharField(max_length=200)
    concept = models.TextField(blank=True, max_length=10000)
    objectives = models.TextField(blank=True, max_length=10000)
    value_chain = models.TextField(blank=True, max_length=10000)
    activities = models.TextField(blank=True, max_length=10000)
    budget_estimate = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    status = models.CharField(
        max_length=12, choices=ApplicationStatus.choices, default=ApplicationStatus.DRAFT
    )
    eligibility_problems = models.JSONField(default=list, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    created = models.DateTimeField(auto_now_add=True)
    submitted = models.DateTimeField(null=True, blank=True)
    withdrawn = models.DateTimeField(null=True, blank=True)
    withdrawal_reason = models.CharField(max_length=500, blank=True)
    decided = models.DateTimeField(null=True, blank=True)
    decision_reasons = models.TextField(blank=True, max_length=5000)
    reminders = models.JSONField(
        default=list, blank=True, help_text=_("Deadline reminders sent (days before), never twice")
    )
    final_score = models.FloatField(null=True, blank=True)
    rank = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["call", "pk"]

    def __str__(self) -> str:
        return self.title


class InvitationStatus(models.TextChoices):
    INVITED = "invited", _("Invited")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class ApplicationPartner(models.Model):
    """A partner organisation invited to an application, and its answer."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="partners")
    organisation = models.ForeignKey(
        "registry.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    status = models.CharField(
        max_length=10, choices=InvitationStatus.choices, default=InvitationStatus.INVITED
    )
    invited = models.DateTimeField(auto_now_add=True)
    answered = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["application", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "organisation"], name="application_partner_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} in {self.application_id}"


class ApplicationDocument(models.Model):
    """A document attached to an application."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(max_length=200)
    file = models.FileField(upload_to="partnerships/applications/")
    uploaded = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.title


class Assignment(models.Model):
    """An evaluator assigned to one application, with the conflict-of-interest declaration."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="assignments"
    )
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="evaluations"
    )
    declared_no_conflict = models.DateTimeField(null=True, blank=True)
    completed = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["application", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["application", "evaluator"], name="assignment_once")
        ]

    def __str__(self) -> str:
        return f"{self.evaluator_id} on {self.application_id}"


class Score(models.Model):
    """One evaluator's score of one criterion, with a comment."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField()
    comment = models.TextField(blank=True, max_length=3000)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assignment", "criterion"], name="score_once")
        ]

    def __str__(self) -> str:
        return f"{self.criterion_id}: {self.score}"


class CallEvaluator(models.Model):
    """A user holding the evaluator role for one call."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="evaluators")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["call", "user"], name="evaluator_once")]

    def __str__(self) -> str:
        return f"{self.user_id} evaluates {self.call_id}"


from clustera.partnerships.workspace_models import (  # noqa: E402  (Django finds them here)
    ActivityEntry,
    BudgetLine,
    FundingSource,
    Indicator,
    Member,
    MemberRole,
    Milestone,
    MilestoneStatus,
    Partnership,
    Pilot,
    Proposal,
    ProposalStage,
    Risk,
    ValueChainStep,
    Visibility,
    WorkspaceDocument,
)

__all__ = [
    "ActivityEntry",
    "Application",
    "ApplicationDocument",
    "ApplicationPartner",
    "ApplicationStatus",
    "Assignment",
    "BudgetLine",
    "Call",
    "CallDocument",
    "CallEvaluator",
    "CallStatus",
    "Criterion",
    "FundingSource",
    "Indicator",
    "InvitationStatus",
    "Member",
    "MemberRole",
    "Milestone",
    "MilestoneStatus",
    "Partnership",
    "Pilot",
    "Proposal",
    "ProposalStage",
    "Risk",
    "Score",
    "ValueChainStep",
    "Visibility",
    "WorkspaceDocument",
]
