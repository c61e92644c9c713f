from django.contrib import admin

from clustera.content.models import ExternalFeed, Follow, Image, Item, Revision


class ImageInline(admin.TabularInline):
    model = Image
    extra = 0


@admin.register(Item)
class ItemAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "status", "language", "organisation", "published_at")
    list_filter = ("kind", "status", "language")
    search_fields = ("title", "summary")
    raw_id_fields = ("organisation", "original", "created_by")
    filter_horizontal = ("regions", "technologies", "ecosystems", "s3_priorities")
    inlines = [ImageInline]


@admin.register(Revision)
class RevisionAdmin(admin.ModelAdmin):
    list_display = ("item", "author", "status", "created")
    raw_id_fields = ("item", "author")


@admin.register(Follow)
class FollowAdmin(admin.ModelAdmin):
    list_display = ("user", "target", "target_id", "created")


@admin.register(ExternalFeed)
class ExternalFeedAdmin(admin.ModelAdmin):
    list_display = ("url", "organisation", "last_checked", "last_error")
    raw_id_fields = ("organisation",)
