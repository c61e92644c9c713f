from django.contrib import admin

from clustera.partnering.models import Interest, Notification


@admin.register(Interest)
class InterestAdmin(admin.ModelAdmin):
    list_display = ("from_organisation", "to_organisation", "created")
    raw_id_fields = ("from_organisation", "to_organisation", "created_by")


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("user", "text", "created", "read")
    raw_id_fields = ("user",)
