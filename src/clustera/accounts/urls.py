from django.urls import path

from clustera.accounts import views

app_name = "accounts"

urlpatterns = [
    path("accounts/signup/", views.sign_up, name="sign_up"),
    path("accounts/verify/resend/", views.resend, name="resend"),
    path("accounts/verify/<str:uidb64>/<str:token>/", views.verify, name="verify"),
    path("accounts/me/", views.account, name="account"),
    path("audit/", views.audit_log, name="audit_log"),
    path("accounts/me/tokens/", views.token_create, name="token_create"),
    path("accounts/me/tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
    path(
        "accounts/organisations/<int:pk>/request/",
        views.organisation_request,
        name="organisation_request",
    ),
    path("accounts/requests/<int:pk>/decide/", views.request_decide, name="request_decide"),
    path("accounts/requests/<int:pk>/withdraw/", views.request_withdraw, name="request_withdraw"),
    path("accounts/memberships/<int:pk>/", views.membership_change, name="membership_change"),
    path("accounts/organisations/<int:pk>/invite/", views.invite, name="invite"),
    path("accounts/invitations/<int:pk>/", views.invitation_change, name="invitation_change"),
    path("accounts/invite/<str:token>/", views.invitation, name="invitation"),
]
