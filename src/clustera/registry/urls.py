from django.urls import path

from clustera.registry import views

app_name = "registry"

urlpatterns = [
    path("directory/", views.directory, name="directory"),
    path("organisations/new/", views.organisation_new, name="organisation_new"),
    path("organisations/<int:pk>/", views.organisation_detail, name="organisation"),
    path("organisations/<int:pk>/edit/", views.organisation_edit, name="organisation_edit"),
    path("organisations/<int:pk>/offers/new/", views.offer_create, name="offer_create"),
    path("map/", views.map_page, name="map"),
    path("map/data.json", views.map_data, name="map_data"),
]
