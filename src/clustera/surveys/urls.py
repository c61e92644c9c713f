from django.urls import path

from clustera.surveys import gap_views, views

app_name = "surveys"

urlpatterns = [
    path("surveys/", views.index, name="index"),
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
]
