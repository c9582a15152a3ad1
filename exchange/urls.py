from django.urls import path

from . import views

urlpatterns = [
    path("requests/", views.request_index, name="request_index"),
    path("requests/ask/", views.ask, name="request_ask"),
    path("requests/<int:pk>/", views.request_detail, name="request_detail"),
    path("requests/<int:pk>/answer/", views.answer, name="request_answer"),
    path("requests/<int:pk>/close/", views.close, name="request_close"),
    path("requests/answers/<int:pk>/helpful/", views.mark_helpful, name="answer_helpful"),
    path(
        "requests/answers/<int:pk>/case-study/",
        views.draft_case_study,
        name="answer_case_study",
    ),
]
