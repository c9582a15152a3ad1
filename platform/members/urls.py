from django.urls import include, path

from .views import accounts

urlpatterns = [
    path("accounts/signup/", accounts.SignupView.as_view(), name="account_signup"),
    path(
        "accounts/invitation/<str:token>/",
        accounts.accept_invitation,
        name="invitation_accept",
    ),
    path("accounts/me/", accounts.account_home, name="account_home"),
    path("accounts/profile/", accounts.edit_profile, name="account_profile"),
    path("accounts/delete/", accounts.request_deletion, name="account_delete"),
    path("accounts/", include("allauth.urls")),
]
