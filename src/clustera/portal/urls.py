"""URL configuration of the portal."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from clustera.portal.api import api
from clustera.registry import views as registry_views

urlpatterns = [
    path("", registry_views.home, name="home"),
    path("", include("clustera.registry.urls")),
    path("observatory/", include("clustera.observatory.urls")),
    path("", include("clustera.partnering.urls")),
    path("", include("clustera.partnerships.urls")),
    path("", include("clustera.accounts.urls")),
    path("", include("clustera.surveys.urls")),
    path("events/", include("clustera.events.urls")),
    path("", include("clustera.content.urls")),
    path("", include("clustera.portal.privacy_views")),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password/reset/",
        auth_views.PasswordResetView.as_view(),
        name="password_reset",
    ),
    path(
        "accounts/password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
]
