from django.urls import path

from . import directory, views

urlpatterns = [
    path("themes/", views.theme_index, name="theme_index"),
    path("themes/<slug:slug>/", views.theme_detail, name="theme_detail"),
    path("tags/<str:slug>/", views.tag_detail, name="tag_detail"),
    path("glossary/", views.glossary, name="glossary"),
    path(
        "case-studies/<int:page_id>/still-accurate/",
        views.confirm_still_accurate,
        name="confirm_still_accurate",
    ),
    path("experts/", directory.expert_index, name="expert_index"),
    path("experts/<int:pk>/", directory.expert_detail, name="expert_detail"),
    path("bookmarks/", directory.bookmark_index, name="bookmark_index"),
    path("bookmarks/<int:page_id>/", directory.toggle_bookmark, name="bookmark_toggle"),
]
