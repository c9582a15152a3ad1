from django.urls import path

from . import views
from .models import Follow

urlpatterns = [
    path("following/", views.following, name="following"),
    path("following/settings/", views.preferences, name="following_settings"),
    path("following/searches/", views.save_search, name="saved_search_add"),
    path("following/searches/<int:pk>/remove/", views.remove_search, name="saved_search_remove"),
    path(
        "following/themes/<slug:slug>/",
        views.toggle_follow,
        {"kind": Follow.Kind.THEME},
        name="follow_theme",
    ),
    path(
        "following/cities/<slug:slug>/",
        views.toggle_follow,
        {"kind": Follow.Kind.CITY},
        name="follow_city",
    ),
    path("following/unsubscribe/<str:token>/", views.unsubscribe, name="alerts_unsubscribe"),
]
