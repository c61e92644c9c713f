from django.contrib import admin

from clustera.surveys.models import Invitation, Response, Survey, SurveyVersion


@admin.register(Survey)
class SurveyAdmin(admin.ModelAdmin):
    list_display = ("slug", "title", "organiser", "status", "access")
    raw_id_fields = ("organiser",)


@admin.register(SurveyVersion)
class SurveyVersionAdmin(admin.ModelAdmin):
    list_display = ("survey", "number", "form_version", "created")


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ("survey", "email", "sent")


@admin.register(Response)
class ResponseAdmin(admin.ModelAdmin):
    list_display = ("survey", "status", "started", "submitted")
    raw_id_fields = ("user", "organisation", "invitation")
