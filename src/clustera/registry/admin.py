"""Django admin for platform editors."""

from django.contrib import admin

from clustera.registry import models


@admin.register(models.Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "level", "nuts_version", "country")
    list_filter = ("nuts_version", "level", "country")
    search_fields = ("code", "name")
    raw_id_fields = ("parent",)


class TaxonomyAdmin(admin.ModelAdmin):
    list_display = ("scheme", "code", "name", "level")
    list_filter = ("scheme", "level")
    search_fields = ("code", "name")
    raw_id_fields = ("parent",)


for model in (models.Activity, models.Technology, models.Ecosystem, models.S3Priority):
    admin.site.register(model, TaxonomyAdmin)


class ClusterProfileInline(admin.StackedInline):
    model = models.ClusterProfile
    extra = 0
    filter_horizontal = ("s3_priorities",)


class OfferInline(admin.TabularInline):
    model = models.Offer
    extra = 0
    fields = ("key", "kind", "title", "created")


class ServiceInline(admin.TabularInline):
    model = models.Service
    extra = 0
    fields = ("key", "kind", "name", "technology", "trl_min", "trl_max")
    raw_id_fields = ("technology",)


class ContactInline(admin.TabularInline):
    model = models.Contact
    extra = 0


@admin.register(models.Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "type", "country", "region", "size_class", "is_public")
    list_filter = ("type", "country", "size_class", "is_public", "is_synthetic")
    search_fields = ("name", "key", "city")
    raw_id_fields = ("region",)
    filter_horizontal = ("activities", "technologies", "ecosystems")
    inlines = [ClusterProfileInline, OfferInline, ServiceInline, ContactInline]


@admin.register(models.ClusterMembership)
class ClusterMembershipAdmin(admin.ModelAdmin):
    list_display = ("cluster", "member", "since")
    raw_id_fields = ("cluster", "member")


class ParticipationInline(admin.TabularInline):
    model = models.Participation
    extra = 0
    raw_id_fields = ("organisation",)


@admin.register(models.Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ("key", "title", "programme", "start_year", "source")
    list_filter = ("source", "start_year")
    search_fields = ("key", "title")
    inlines = [ParticipationInline]
