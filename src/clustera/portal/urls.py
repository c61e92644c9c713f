"""URL configuration of the portal.

Pages are language-prefixed (``i18n_patterns``): English unprefixed, ``/fr/...``, ``/de/...``.
The API, the admin and the language switcher's endpoint stay unprefixed.
"""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import set_language

from clustera.portal.api import api
from clustera.portal.jsi18n import ScriptCatalog
from clustera.registry import views as registry_views

urlpatterns = i18n_patterns(
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
    # the JavaScript files' strings in the page's language (a script file: CSP allows no inline)
    path("jsi18n.js", ScriptCatalog.as_view(), name="javascript_catalog"),
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
    prefix_default_language=False,
)
urlpatterns += [
    path("i18n/setlang/", set_language, name="set_language"),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
]
