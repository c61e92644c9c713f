from django.urls import path

from clustera.surveys import views

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
]
