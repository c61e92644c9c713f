from django.urls import path

from clustera.partnering import views

app_name = "partnering"

urlpatterns = [
    path("organisations/<int:pk>/interest/", views.express_interest, name="express_interest"),
    path("notifications/", views.notifications, name="notifications"),
]
