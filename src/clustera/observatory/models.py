"""The observatory's data model: datasets with provenance, observations, stored indicators, jobs.

Observations and indicator values are long tables written in bulk and read by
indexed keys; pages read stored indicators only, never compute them.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from clustera.registry.models import Region


class Dimension(models.TextChoices):
    ACTIVITY = "activity", _("Economic activity")
    TECHNOLOGY = "technology", _("Technology")


class DatasetKind(models.TextChoices):
    EMPLOYMENT = "employment", _("Employment")
    PATENTS = "patents", _("Patent applications")
    OTHER = "other", _("Other measure")


class Dataset(models.Model):
    """One version of a statistical dataset, with where it came from and on what terms."""

    code = models.CharField(max_length=64, help_text="Source table code, e.g. sbs_r_nuts06_r2")
    version = models.PositiveIntegerField(default=1, help_text="Incremented at each reload")
    kind = models.CharField(max_length=12, choices=DatasetKind.choices)
    dimension = models.CharField(max_length=12, choices=Dimension.choices)
    scheme = models.CharField(max_length=24, help_text="Code list of the categories, e.g. NACE2")
    nuts_version = models.CharField(max_length=8, help_text="Region code version, SYN if synthetic")
    source = models.CharField(max_length=200)
    title = models.CharField(max_length=300)
    unit = models.CharField(max_length=80)
    url = models.URLField(blank=True, max_length=400)
    licence = models.TextField(blank=True)
    attribution = models.TextField(blank=True)
    last_update = models.DateField(null=True, blank=True, help_text="Last update by the source")
    downloaded_at = models.DateTimeField(null=True, blank=True)
    loaded_at = models.DateTimeField(auto_now_add=True)
    checksum = models.CharField(max_length=80, blank=True, help_text="sha256 of the observations")
    is_synthetic = models.BooleanField(default=False)
    is_current = models.BooleanField(default=True, help_text="The latest version of its code")
    rows = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["code", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="dataset_code_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.code} v{self.version}"


class InputOutputTable(models.Model):
    """An input-output table of intermediate flows between industries, with its provenance.

    For value-chain links between activities (``clustera.analytics.input_output_links``);
    national (or EU) tables, so no regions. Reloading the same code and geography adds
    a version and keeps the previous one, no longer current.
    """

    code = models.CharField(max_length=64, help_text="Source table code, e.g. naio_10_cp1700")
    version = models.PositiveIntegerField(default=1)
    geo = models.CharField(max_length=24, help_text="Country or aggregate, e.g. EU27_2020")
    year = models.PositiveSmallIntegerField()
    scheme = models.CharField(max_length=24, help_text="Code list of the industries, e.g. CPA2008")
    unit = models.CharField(max_length=80)
    source = models.CharField(max_length=200)
    title = models.CharField(max_length=300)
    url = models.URLField(blank=True, max_length=400)
    licence = models.TextField(blank=True)
    attribution = models.TextField(blank=True)
    downloaded_at = models.DateTimeField(null=True, blank=True)
    loaded_at = models.DateTimeField(auto_now_add=True)
    checksum = models.CharField(max_length=80, blank=True, help_text="sha256 of the flows")
    is_synthetic = models.BooleanField(default=False)
    is_current = models.BooleanField(default=True)
    rows = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["code", "geo", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "geo", "version"], name="io_table_code_geo_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.geo} {self.year} v{self.version}"


class InputOutputFlow(models.Model):
    """What one industry supplies to another in an input-output table."""

    table = models.ForeignKey(InputOutputTable, on_delete=models.CASCADE, related_name="flows")
    supplier = models.CharField(max_length=24)
    user = models.CharField(max_length=24)
    value = models.FloatField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["table", "supplier", "user"], name="io_flow_once")
        ]

    def __str__(self) -> str:
        return f"{self.supplier} -> {self.user}: {self.value}"


class Observation(models.Model):
    """A value of a dataset for a region, a category (activity or technology code) and a year."""

    dataset = models.ForeignKey(Dataset, on_delete=models.CASCADE, related_name="observations")
    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="+")
    category = models.CharField(max_length=24, help_text="Code in the dataset's scheme")
    year = models.PositiveSmallIntegerField()
    value = models.FloatField(null=True)
    flags = models.CharField(max_length=8, blank=True, help_text="Source flags: c, e, p, b, u, ...")

    class Meta:
        indexes = [
            models.Index(fields=["dataset", "region", "year"]),
            models.Index(fields=["dataset", "category", "year"]),
        ]

    def __str__(self) -> str:
        return f"{self.region_id} {self.category} {self.year}: {self.value}"


class ResultStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class IndicatorResult(models.Model):
    """A stored computation, keyed by dataset version, method and parameters."""

    dataset = models.ForeignKey(Dataset, on_delete=models.CASCADE, related_name="results")
    method = models.CharField(max_length=40)
    parameters = models.JSONField(default=dict)
    parameters_key = models.CharField(max_length=64, help_text="sha256 of the canonical parameters")
    level = models.PositiveSmallIntegerField()
    status = models.CharField(
        max_length=8, choices=ResultStatus.choices, default=ResultStatus.PENDING
    )
    first_year = models.PositiveSmallIntegerField(null=True)
    last_year = models.PositiveSmallIntegerField(null=True)
    notes = models.JSONField(default=dict, blank=True, help_text="Warnings, eigenvalues, presets")
    computed_at = models.DateTimeField(null=True)
    seconds = models.FloatField(null=True)

    class Meta:
        ordering = ["dataset_id", "level"]
        constraints = [
            models.UniqueConstraint(
                fields=["dataset", "method", "parameters_key"], name="result_key_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.method} of {self.dataset} at level {self.level}"


class CellIndicator(models.Model):
    """Indicators of one region x category x year."""

    result = models.ForeignKey(IndicatorResult, on_delete=models.CASCADE, related_name="+")
    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="+")
    category = models.CharField(max_length=24)
    year = models.PositiveSmallIntegerField()
    value = models.FloatField(null=True)
    location_quotient = models.FloatField(null=True)
    stars = models.PositiveSmallIntegerField(null=True)
    relatedness_density = models.FloatField(null=True)

    class Meta:
        indexes = [
            models.Index(fields=["result", "region", "year"]),
            models.Index(fields=["result", "category", "year"]),
        ]

    def __str__(self) -> str:
        return f"{self.region_id} {self.category} {self.year}"


class RegionIndicator(models.Model):
    """Indicators of one region x year: size, diversity, complexity, specialisation indices, peers."""

    result = models.ForeignKey(IndicatorResult, on_delete=models.CASCADE, related_name="+")
    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    total = models.FloatField(null=True)
    diversity = models.FloatField(null=True)
    complexity = models.FloatField(null=True, help_text="ECI (Growth Lab convention)")
    krugman = models.FloatField(null=True)
    hoover_coefficient = models.FloatField(null=True)
    herfindahl = models.FloatField(null=True)
    entropy = models.FloatField(null=True)
    lq_average = models.FloatField(null=True)
    peers = models.JSONField(default=list, blank=True, help_text="[[region code, cosine], ...]")

    class Meta:
        indexes = [
            models.Index(fields=["result", "region", "year"]),
            models.Index(fields=["result", "year"]),
        ]

    def __str__(self) -> str:
        return f"{self.region_id} {self.year}"


class CategoryIndicator(models.Model):
    """Indicators of one category x year: size, complexity, ubiquity."""

    result = models.ForeignKey(IndicatorResult, on_delete=models.CASCADE, related_name="+")
    category = models.CharField(max_length=24)
    year = models.PositiveSmallIntegerField()
    total = models.FloatField(null=True)
    complexity = models.FloatField(null=True, help_text="PCI/TCI (Growth Lab convention)")
    ubiquity = models.FloatField(null=True, help_text="Regions with LQ >= 1")

    class Meta:
        indexes = [models.Index(fields=["result", "category", "year"])]

    def __str__(self) -> str:
        return f"{self.category} {self.year}"


class DiversificationCandidate(models.Model):
    """An activity a region is not specialised in, placed in the relatedness x complexity frame."""

    result = models.ForeignKey(IndicatorResult, on_delete=models.CASCADE, related_name="+")
    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="+")
    category = models.CharField(max_length=24)
    year = models.PositiveSmallIntegerField()
    relatedness_density = models.FloatField()
    relatedness_split = models.FloatField()
    complexity = models.FloatField()
    quadrant = models.CharField(max_length=2)
    rank = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["result", "region", "rank"])]

    def __str__(self) -> str:
        return f"{self.region_id} {self.category} #{self.rank}"


class JobKind(models.TextChoices):
    INDICATORS = "indicators", _("Recompute indicators")
    REPORT = "report", _("Assessment report")


class Job(models.Model):
    """A background task the user can follow: status, progress and what it produced."""

    kind = models.CharField(max_length=12, choices=JobKind.choices)
    title = models.CharField(max_length=200)
    parameters = models.JSONField(default=dict)
    status = models.CharField(
        max_length=8, choices=ResultStatus.choices, default=ResultStatus.PENDING
    )
    progress = models.FloatField(default=0.0, help_text="0 to 1")
    message = models.CharField(max_length=300, blank=True)
    output = models.CharField(max_length=300, blank=True, help_text="File under MEDIA_ROOT")
    task_id = models.CharField(max_length=64, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    finished = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created"]

    def __str__(self) -> str:
        return self.title

    @property
    def percent(self) -> int:
        return round(100 * self.progress)

    @property
    def is_finished(self) -> bool:
        return self.status in (ResultStatus.DONE, ResultStatus.FAILED)
