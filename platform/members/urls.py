from django.urls import include, path

from .views import accounts, directory

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
    path("experts/", directory.expert_index, name="expert_index"),
    path("experts/<int:pk>/", directory.expert_detail, name="expert_detail"),
    path("bookmarks/", directory.bookmark_index, name="bookmark_index"),
    path("bookmarks/<int:page_id>/", directory.toggle_bookmark, name="bookmark_toggle"),
]
