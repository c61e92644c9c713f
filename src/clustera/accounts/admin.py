from django.contrib import admin

from clustera.accounts.models import ApiToken, Invitation, OrganisationMembership


@admin.register(OrganisationMembership)
class OrganisationMembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "organisation", "role")
    list_filter = ("role",)
    search_fields = ("user__username", "organisation__name")
    autocomplete_fields = ("organisation",)
    raw_id_fields = ("user",)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("name", "user", "prefix", "created", "last_used")
    readonly_fields = ("digest", "prefix", "created", "last_used")


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ("email", "organisation", "role", "status", "sent", "expires")
    list_filter = ("status", "role")
    search_fields = ("email", "organisation__name")
    readonly_fields = ("digest", "created", "sent", "sent_count", "accepted_by", "closed")
    raw_id_fields = ("organisation", "invited_by")
