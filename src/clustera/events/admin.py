from django.contrib import admin

from clustera.events import models


class EventTranslationInline(admin.StackedInline):
    model = models.EventTranslation
    extra = 0


@admin.register(models.Event)
class EventAdmin(admin.ModelAdmin):
    inlines = (EventTranslationInline,)
    list_display = ("title", "kind", "starts", "city", "country", "is_published")
    list_filter = ("kind", "is_published", "country")
    search_fields = ("title",)
    filter_horizontal = ("organisers", "technologies", "ecosystems", "s3_priorities", "regions")


@admin.register(models.Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ("organisation", "event", "participant_type", "status", "checked_in")
    list_filter = ("status",)
    raw_id_fields = ("organisation", "event", "registered_by")


admin.site.register(models.ParticipantType)
admin.site.register(models.Question)
admin.site.register(models.Session)
admin.site.register(models.MeetingRequest, raw_id_fields=("sender", "receiver"))
admin.site.register(models.Meeting, raw_id_fields=("first", "second", "slot"))
admin.site.register(models.FollowUp)
