from django.urls import path

from clustera.observatory import map_views, views

app_name = "observatory"

urlpatterns = [
    path("", views.index, name="index"),
    path("map/", map_views.map_page, name="map"),
    path("map/data.json", map_views.map_data, name="map_data"),
    path("map/data.csv", map_views.map_csv, name="map_csv"),
    path("regions/<str:code>/", views.region_page, name="region"),
    path("regions/<str:code>/report/", views.region_report, name="region_report"),
    path("regions/<str:code>/data/<slug:table>.csv", views.region_data, name="region_data"),
    path("categories/<int:pk>/<str:category>/", views.category_page, name="category"),
    path(
        "categories/<int:pk>/<str:category>/data/<slug:table>.csv",
        views.category_data,
        name="category_data",
    ),
    path("datasets/<int:pk>/", views.dataset_page, name="dataset"),
    path(
        "datasets/<int:pk>/observations.<str:fmt>", views.dataset_download, name="dataset_download"
    ),
    path("datasets/<int:pk>/recompute/", views.dataset_recompute, name="dataset_recompute"),
    path("jobs/<int:pk>/", views.job_page, name="job"),
    path("jobs/<int:pk>/download/", views.job_download, name="job_download"),
    path("methods/<slug:slug>/", views.method_page, name="method"),
]
