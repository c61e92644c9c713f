from django.contrib import admin

from clustera.observatory import models


@admin.register(models.Dataset)
class DatasetAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("code", "version", "kind", "title", "source", "rows", "is_current", "loaded_at")
    list_filter = ("kind", "is_current", "is_synthetic")
    search_fields = ("code", "title", "source")
    readonly_fields = ("checksum", "rows", "loaded_at", "version")


@admin.register(models.IndicatorResult)
class IndicatorResultAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("dataset", "method", "level", "status", "computed_at", "seconds")
    list_filter = ("method", "status", "level")
    readonly_fields = ("parameters_key",)


@admin.register(models.Job)
class JobAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("title", "kind", "status", "progress", "created", "finished")
    list_filter = ("kind", "status")
