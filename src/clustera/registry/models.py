"""The registry's data model: regions, taxonomies and the organisations of the ecosystem.

Taxonomies are data, not code: every code list (NACE, ecosystems, KETs, ATI,
WIPO fields, S3 priorities, the synthetic world's own) is rows of a scheme.
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from clustera.registry.vocabulary import label
from clustera.taxonomies import actors


class Region(models.Model):
    """A territorial unit of a NUTS version (or of the synthetic world), with its geometry."""

    code = models.CharField(max_length=16)
    nuts_version = models.CharField(
        max_length=8, help_text="2016, 2021, 2024, or SYN for the synthetic world"
    )
    level = models.PositiveSmallIntegerField(validators=[MaxValueValidator(3)])
    name = models.CharField(max_length=200)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    country = models.CharField(max_length=2, db_index=True)
    geometry = models.TextField(blank=True, help_text="GeoJSON geometry (lon/lat degrees)")
    label_lon = models.FloatField(null=True, blank=True)
    label_lat = models.FloatField(null=True, blank=True)
    population = models.BigIntegerField(null=True, blank=True)
    area_km2 = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["nuts_version", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "nuts_version"], name="region_code_version_unique"
            )
        ]
        indexes = [models.Index(fields=["nuts_version", "level"])]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class TaxonomyTerm(models.Model):
    """A code of a classification scheme, with its place in the hierarchy."""

    scheme = models.CharField(max_length=24, db_index=True)
    code = models.CharField(max_length=24)
    name = models.CharField(max_length=300)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    level = models.PositiveSmallIntegerField(default=0)
    labels = models.JSONField(
        default=dict,
        blank=True,
        help_text='Official labels in other languages, e.g. {"fr": "...", "de": "..."}; '
        "`name` is the English one (docs/i18n.md)",
    )

    class Meta:
        abstract = True
        ordering = ["scheme", "code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Activity(TaxonomyTerm):
    """An economic activity: NACE Rev.2 / Rev.2.1 (dotted codes) or the synthetic world's list."""

    class Meta(TaxonomyTerm.Meta):
        verbose_name_plural = "activities"
        constraints = [
            models.UniqueConstraint(fields=["scheme", "code"], name="activity_scheme_code_unique")
        ]


class Technology(TaxonomyTerm):
    """A technology: KETs, ATI technologies, WIPO's 35 fields (or synthetic ones)."""

    class Meta(TaxonomyTerm.Meta):
        verbose_name_plural = "technologies"
        constraints = [
            models.UniqueConstraint(fields=["scheme", "code"], name="technology_scheme_code_unique")
        ]


class Ecosystem(TaxonomyTerm):
    """One of the EU's 14 industrial ecosystems (or the synthetic world's)."""

    class Meta(TaxonomyTerm.Meta):
        constraints = [
            models.UniqueConstraint(fields=["scheme", "code"], name="ecosystem_scheme_code_unique")
        ]


class S3Priority(TaxonomyTerm):
    """A smart-specialisation priority domain."""

    class Meta(TaxonomyTerm.Meta):
        verbose_name = "S3 priority"
        verbose_name_plural = "S3 priorities"
        constraints = [
            models.UniqueConstraint(fields=["scheme", "code"], name="s3priority_scheme_code_unique")
        ]


# The choices below are built from the vocabularies of the pure core (clustera.taxonomies.actors);
# member names are the upper-cased codes.
OrganisationType = models.TextChoices(
    "OrganisationType",
    [(code.upper(), (code, label(text))) for code, text in actors.ORGANISATION_TYPE_LABELS.items()],
)


SizeClass = models.TextChoices(
    "SizeClass", [(code.upper(), (code, label(text))) for code, text in actors.SIZE_CLASSES.items()]
)


class Organisation(models.Model):
    """An actor of the ecosystem: cluster organisation, company, centre, university, authority..."""

    key = models.CharField(
        max_length=64,
        unique=True,
        help_text="Stable external identifier used by imports and exports",
    )
    name = models.CharField(max_length=300)
    type = models.CharField(max_length=24, choices=OrganisationType.choices, db_index=True)
    description = models.TextField(blank=True)
    website = models.URLField(blank=True, max_length=400)
    address = models.CharField(max_length=400, blank=True)
    city = models.CharField(max_length=120, blank=True)
    region = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.PROTECT, related_name="organisations"
    )
    country = models.CharField(max_length=2, db_index=True)
    lat = models.FloatField(
        null=True, blank=True, validators=[MinValueValidator(-90), MaxValueValidator(90)]
    )
    lon = models.FloatField(
        null=True, blank=True, validators=[MinValueValidator(-180), MaxValueValidator(180)]
    )
    size_class = models.CharField(max_length=8, choices=SizeClass.choices, blank=True)
    employees = models.PositiveIntegerField(null=True, blank=True)
    founded = models.PositiveSmallIntegerField(null=True, blank=True)
    activities = models.ManyToManyField(Activity, blank=True, related_name="organisations")
    technologies = models.ManyToManyField(Technology, blank=True, related_name="organisations")
    ecosystems = models.ManyToManyField(Ecosystem, blank=True, related_name="organisations")
    languages = models.JSONField(default=list, blank=True, help_text="ISO 639-1 codes")
    is_public = models.BooleanField(
        default=True, help_text="Public profiles are visible to anonymous visitors"
    )
    is_synthetic = models.BooleanField(default=False, help_text="Part of the generated demo world")
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "id"]
        # Full-text indexes are vendor-specific (SQLite FTS5, PostgreSQL GIN): see
        # clustera.registry.search, installed by a migration.
        indexes = [
            models.Index(fields=["type", "country"]),
            # the directory's and the API's order: a page is read from the index, not sorted
            models.Index(fields=["name", "id"], name="registry_org_name_id"),
            # what visitors page through: the public ones in that order (counts and pages
            # read this smaller index alone, without visiting the table)
            models.Index(
                fields=["name", "id"],
                condition=models.Q(is_public=True),
                name="registry_org_public_name_id",
            ),
        ]

    def __str__(self) -> str:
        return self.name


ClusterLabel = models.TextChoices(
    "ClusterLabel",
    [
        *((code.upper(), (code, label(text))) for code, text in actors.CLUSTER_LABELS.items()),
        ("NONE", ("", label("None"))),
    ],
)


class ClusterProfile(models.Model):
    """The cluster-specific part of a cluster organisation's profile."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="cluster_profile"
    )
    label = models.CharField(
        max_length=8,
        choices=ClusterLabel.choices,
        blank=True,
        help_text="Cluster-management excellence label (ECEI)",
    )
    label_date = models.DateField(null=True, blank=True)
    year_founded = models.PositiveSmallIntegerField(null=True, blank=True)
    management_staff = models.PositiveSmallIntegerField(null=True, blank=True)
    members_count = models.PositiveIntegerField(null=True, blank=True)
    sme_members_count = models.PositiveIntegerField(null=True, blank=True)
    s3_priorities = models.ManyToManyField(S3Priority, blank=True, related_name="clusters")

    def __str__(self) -> str:
        return f"Cluster profile of {self.organisation}"


#: A cluster profile's own scalar fields, in the model's order (not its organisation, not its
#: S3 priorities): what the profile form edits and what a registry import writes.
CLUSTER_PROFILE_FIELDS: tuple[str, ...] = tuple(
    f.name for f in ClusterProfile._meta.concrete_fields if not (f.primary_key or f.is_relation)
)


class ClusterMembership(models.Model):
    """An organisation's membership of a cluster."""

    cluster = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="members_links"
    )
    member = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="cluster_links")
    since = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["cluster_id", "member_id"]
        constraints = [
            models.UniqueConstraint(fields=["cluster", "member"], name="membership_unique")
        ]

    def __str__(self) -> str:
        return f"{self.member_id} in cluster {self.cluster_id}"


OfferKind = models.TextChoices(
    "OfferKind", [(code.upper(), (code, label(text))) for code, text in actors.OFFER_KINDS.items()]
)


class OfferStatus(models.TextChoices):
    PUBLISHED = "published", "Published"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Offer(models.Model):
    """An offer or request of the Enterprise Europe Network types."""

    key = models.CharField(max_length=64, unique=True)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="offers")
    kind = models.CharField(max_length=24, choices=OfferKind.choices, db_index=True)
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    technologies = models.ManyToManyField(Technology, blank=True, related_name="offers")
    activities = models.ManyToManyField(Activity, blank=True, related_name="offers")
    created = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=10, choices=OfferStatus.choices, default=OfferStatus.PUBLISHED, db_index=True
    )
    expires = models.DateField(
        null=True, blank=True, help_text="Leaves the marketplace after this day unless renewed"
    )
    reminded = models.DateField(
        null=True, blank=True, help_text="When its admins were reminded to renew it"
    )
    updated = models.DateTimeField(auto_now=True, null=True)

    class Meta:
        ordering = ["-created", "id"]

    def __str__(self) -> str:
        return self.title


ServiceKind = models.TextChoices(
    "ServiceKind",
    [(code.upper(), (code, label(text))) for code, text in actors.SERVICE_KINDS.items()],
)


class Service(models.Model):
    """A technology centre's equipment, service or training, by technology and TRL."""

    key = models.CharField(max_length=64, unique=True)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="services"
    )
    kind = models.CharField(max_length=12, choices=ServiceKind.choices, db_index=True)
    name = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    technology = models.ForeignKey(
        Technology, null=True, blank=True, on_delete=models.PROTECT, related_name="services"
    )
    trl_min = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(9)]
    )
    trl_max = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(9)]
    )
    access_conditions = models.TextField(blank=True)
    languages = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["organisation_id", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(trl_min__lte=models.F("trl_max")), name="service_trl_range"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Contact(models.Model):
    """A person to contact at an organisation. Personal data: shown only to those allowed."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="contacts"
    )
    name = models.CharField(max_length=200)
    email = models.EmailField()
    role = models.CharField(max_length=120, blank=True)
    is_personal_data = models.BooleanField(default=True)

    class Meta:
        ordering = ["organisation_id", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "email"], name="contact_unique")
        ]

    def __str__(self) -> str:
        return self.name


class Project(models.Model):
    """A past or running collaboration project (e.g. a CORDIS project), for the collaboration history."""

    key = models.CharField(max_length=64, unique=True)
    title = models.CharField(max_length=500, blank=True)
    programme = models.CharField(
        max_length=200, blank=True, help_text="Programme part(s), ';'-joined"
    )
    start_year = models.PositiveSmallIntegerField(null=True, blank=True, db_index=True)
    description = models.TextField(blank=True)
    source = models.CharField(max_length=100, blank=True, help_text="e.g. CORDIS H2020, synthetic")

    class Meta:
        ordering = ["key"]

    def __str__(self) -> str:
        return self.title or self.key


class Participation(models.Model):
    """An organisation's part in a project."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="participations")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="participations"
    )
    role = models.CharField(max_length=24, blank=True, help_text="coordinator, participant, ...")

    class Meta:
        ordering = ["project_id", "organisation_id"]
        constraints = [
            models.UniqueConstraint(fields=["project", "organisation"], name="participation_unique")
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} in {self.project_id}"


# The staging table of batched imports lives in its own module (ADR 0003, point 4).
from clustera.registry.staging_models import ImportRun, StagedRow  # noqa: E402, F401
