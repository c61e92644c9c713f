"""The partnership workspace's tables: members, strategy, roadmap, value chain, pilots,
investment proposal with budget lines and risks, documents and the activity log.

Imported by ``models`` so Django finds them; kept apart so each module stays readable.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Visibility(models.TextChoices):
    PRIVATE = "private", _("Private to members")
    PUBLIC = "public", _("Public summary published")


class Partnership(models.Model):
    """A strategic cluster partnership and its workspace."""

    name = models.CharField(max_length=200)
    summary = models.CharField(max_length=500, blank=True)
    theme = models.CharField(max_length=200, blank=True, help_text=_("Thematic focus"))
    technologies = models.ManyToManyField("registry.Technology", blank=True, related_name="+")
    regions = models.ManyToManyField("registry.Region", blank=True, related_name="+")
    visibility = models.CharField(
        max_length=8, choices=Visibility.choices, default=Visibility.PRIVATE
    )
    application = models.OneToOneField(
        "partnerships.Application",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="partnership",
    )
    vision = models.TextField(blank=True, max_length=5000)
    objectives = models.TextField(blank=True, max_length=10000)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class MemberRole(models.TextChoices):
    LEAD = "lead", _("Lead")
    PARTNER = "partner", _("Partner")
    ASSOCIATED = "associated", _("Associated")


class Member(models.Model):
    """An organisation in a partnership; it joins when its admins accept the invitation."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="members")
    organisation = models.ForeignKey(
        "registry.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    role = models.CharField(max_length=12, choices=MemberRole.choices, default=MemberRole.PARTNER)
    active = models.BooleanField(default=False, help_text=_("False while the invitation is open"))
    invited = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["partnership", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "organisation"], name="member_once")
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} in {self.partnership_id}"


class Indicator(models.Model):
    """A strategy indicator with its baseline and target."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="indicators"
    )
    name = models.CharField(max_length=200)
    unit = models.CharField(max_length=40, blank=True)
    baseline = models.FloatField()
    target = models.FloatField()

    def __str__(self) -> str:
        return self.name


class MilestoneStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ACTIVE = "active", _("In progress")
    DONE = "done", _("Done")
    LATE = "late", _("Late")


class Milestone(models.Model):
    """An action of the roadmap (start to due date) or a milestone (start = due)."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="milestones"
    )
    title = models.CharField(max_length=200)
    owner = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    start = models.DateField()
    due = models.DateField()
    status = models.CharField(
        max_length=8, choices=MilestoneStatus.choices, default=MilestoneStatus.PLANNED
    )
    depends_on = models.ManyToManyField("self", symmetrical=False, blank=True)
    reminded = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["partnership", "start", "due", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(due__gte=models.F("start")), name="due_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.title


class ValueChainStep(models.Model):
    """A step of the value chain and the organisations covering it."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="steps")
    name = models.CharField(max_length=200)
    position = models.PositiveSmallIntegerField(default=0)
    covered_by = models.ManyToManyField("registry.Organisation", blank=True, related_name="+")

    class Meta:
        ordering = ["partnership", "position", "pk"]

    def __str__(self) -> str:
        return self.name


class Pilot(models.Model):
    """A pilot or demonstration project with its participants, budget, TRL and KPIs."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="pilots")
    title = models.CharField(max_length=200)
    participants = models.ManyToManyField("registry.Organisation", blank=True, related_name="+")
    budget = models.DecimalField(max_digits=14, decimal_places=2, default=0)
    trl_start = models.PositiveSmallIntegerField()
    trl_target = models.PositiveSmallIntegerField()
    kpis = models.TextField(blank=True, max_length=3000)
    status = models.CharField(max_length=12, default="planned")

    class Meta:
        ordering = ["partnership", "pk"]

    def __str__(self) -> str:
        return self.title


class ProposalStage(models.TextChoices):
    IDEA = "idea", _("Idea")
    CONCEPT = "concept", _("Concept")
    BUSINESS_PLAN = "business_plan", _("Business plan")
    BANKABLE = "bankable", _("Bankable")
    SUBMITTED = "submitted", _("Submitted")
    FUNDED = "funded", _("Funded")
    REJECTED = "rejected", _("Rejected")


class FundingSource(models.TextChoices):
    ERDF = "erdf", _("ERDF")
    ESF = "esf", _("ESF+")
    HORIZON = "horizon", _("Horizon Europe")
    INVESTEU = "investeu", _("InvestEU")
    NATIONAL = "national", _("National")
    PRIVATE = "private", _("Private")
    OWN = "own", _("Own funds")


class Proposal(models.Model):
    """The partnership's investment proposal, moving through stages."""

    partnership = models.OneToOneField(
        Partnership, on_delete=models.CASCADE, related_name="proposal"
    )
    title = models.CharField(max_length=200)
    stage = models.CharField(
        max_length=14, choices=ProposalStage.choices, default=ProposalStage.IDEA
    )
    co_investors = models.TextField(blank=True, max_length=2000)
    total = models.DecimalField(
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("The investment's total; the budget lines must add up to it"),
    )

    def __str__(self) -> str:
        return self.title


class BudgetLine(models.Model):
    """What one partner spends in one year, paid from one funding source."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="lines")
    organisation = models.ForeignKey(
        "registry.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField()
    source = models.CharField(max_length=10, choices=FundingSource.choices)
    amount = models.DecimalField(max_digits=14, decimal_places=2)
    description = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["proposal", "year", "organisation", "source", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="budget_line_amount")
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.source} {self.amount}"


class Risk(models.Model):
    """A risk of the investment proposal with likelihood, impact and mitigation."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="risks")
    description = models.CharField(max_length=300)
    likelihood = models.PositiveSmallIntegerField(help_text=_("1 (rare) to 5 (almost certain)"))
    impact = models.PositiveSmallIntegerField(help_text=_("1 (minor) to 5 (severe)"))
    mitigation = models.CharField(max_length=500, blank=True)

    def __str__(self) -> str:
        return self.description


class WorkspaceDocument(models.Model):
    """A document of the partnership."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(max_length=200)
    file = models.FileField(upload_to="partnerships/workspaces/")
    uploaded = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.title


class ActivityEntry(models.Model):
    """Who changed what in the workspace, and when."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="activity")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    text = models.CharField(max_length=300)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created", "-pk"]

    def __str__(self) -> str:
        return self.text
