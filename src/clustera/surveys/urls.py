from django.urls import path

from clustera.surveys import builder_preview, builder_views, gap_views, views

app_name = "surveys"

urlpatterns = [
    path("surveys/", views.index, name="index"),
    # the form builder (editors); "builder" is a reserved survey slug
    path("surveys/builder/", builder_views.builder_index, name="build_index"),
    path("surveys/builder/new/", builder_views.new_survey, name="build_new"),
    path("surveys/<slug:slug>/build/", builder_views.outline, name="build"),
    path("surveys/<slug:slug>/build/draft/", builder_views.make_draft, name="build_draft"),
    path("surveys/<slug:slug>/build/settings/", builder_views.settings, name="build_settings"),
    path("surveys/<slug:slug>/build/add/", builder_views.add, name="build_add"),
    path("surveys/<slug:slug>/build/items/<str:name>/", builder_views.edit_item, name="build_item"),
    path("surveys/<slug:slug>/build/items/<str:name>/move/", builder_views.move, name="build_move"),
    path(
        "surveys/<slug:slug>/build/items/<str:name>/delete/",
        builder_views.delete,
        name="build_delete",
    ),
    path("surveys/<slug:slug>/build/publish/", builder_views.publish, name="build_publish"),
    path("surveys/<slug:slug>/build/close/", builder_views.close, name="build_close"),
    path("surveys/<slug:slug>/preview/", builder_preview.preview, name="build_preview"),
    path("surveys/<slug:slug>/", views.start, name="start"),
    path("surveys/<slug:slug>/i/<str:token>/", views.invited, name="invited"),
    path("surveys/<slug:slug>/r/<str:key>/", views.resume, name="resume"),
    path("surveys/<slug:slug>/r/<str:key>/mine.json", views.my_answers, name="my_answers"),
    path("surveys/<slug:slug>/r/<str:key>/erase/", views.erase, name="erase"),
    path("surveys/<slug:slug>/results/", views.results_page, name="results"),
    path("surveys/<slug:slug>/invite/", views.invite, name="invite"),
    path("surveys/<slug:slug>/status/", views.change_status, name="status"),
    path("surveys/<slug:slug>/privacy/", views.privacy, name="privacy"),
    path("surveys/<slug:slug>/files/<int:pk>/<str:name>/", views.file_download, name="file"),
]

# The gap analysis is served by this app under the observatory's address (the observatory does
# not import surveys; its region page loads the panel with htmx).
urlpatterns += [
    path("observatory/gaps/", gap_views.gaps_index, name="gaps"),
    path("observatory/gaps/regions/<str:code>/", gap_views.gap_region_panel, name="gap_region"),
    path("observatory/gaps/<str:technology>/", gap_views.gap_technology, name="gap_technology"),
    path("observatory/gaps/<str:technology>/map.json", gap_views.gap_map, name="gap_map"),
    path("observatory/gaps/<str:technology>/gaps.csv", gap_views.gap_csv, name="gap_csv"),
]
