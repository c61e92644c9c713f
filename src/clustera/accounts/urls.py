from django.urls import path

from clustera.accounts import views

app_name = "accounts"

urlpatterns = [
    path("accounts/me/", views.account, name="account"),
    path("accounts/me/tokens/", views.token_create, name="token_create"),
    path("accounts/me/tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
]
