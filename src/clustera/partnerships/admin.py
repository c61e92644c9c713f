from django.contrib import admin

from clustera.partnerships import models


class CriterionInline(admin.TabularInline):
    model = models.Criterion
    extra = 0


@admin.register(models.Call)
class CallAdmin(admin.ModelAdmin):
    list_display = ("title", "status", "deadline")
    inlines = [CriterionInline]


class PartnerInline(admin.TabularInline):
    model = models.ApplicationPartner
    raw_id_fields = ("organisation",)
    extra = 0


@admin.register(models.Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ("title", "call", "lead", "status", "final_score", "rank")
    list_filter = ("status",)
    raw_id_fields = ("lead", "created_by")
    inlines = [PartnerInline]


@admin.register(models.Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ("application", "evaluator", "declared_no_conflict", "completed")
    raw_id_fields = ("application", "evaluator")
