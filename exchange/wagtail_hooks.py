from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from .admin_views import CloseStaleView, MergeView
from .models import Answer, KnowledgeRequest


class RequestIndexView(IndexView):
    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if instance.is_open:
            buttons += [
                MenuItem(
                    _("Merge into another request"),
                    url=reverse("knowledge_requests:merge", args=[instance.pk]),
                    icon_name="resubmit",
                    priority=40,
                ),
                MenuItem(
                    _("Close as stale"),
                    url=reverse("knowledge_requests:close_stale", args=[instance.pk]),
                    icon_name="lock",
                    priority=50,
                ),
            ]
        return buttons


class KnowledgeRequestViewSet(ModelViewSet):
    model = KnowledgeRequest
    name = "knowledge_requests"
    icon = "help"
    index_view_class = RequestIndexView
    list_display = ["title", "asker", "status", "public", "created_at"]
    list_filter = ["status", "public", "language"]
    search_fields = ["title", "body"]
    form_fields = ["title", "body", "themes", "cities", "language", "deadline", "public", "status"]
    add_to_admin_menu = False

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("merge/<int:pk>/", MergeView.as_view(), name="merge"),
            path("close/<int:pk>/", CloseStaleView.as_view(), name="close_stale"),
        ]


class AnswerViewSet(ModelViewSet):
    model = Answer
    name = "knowledge_answers"
    icon = "comment"
    list_display = ["request", "author", "helpful", "created_at"]
    list_filter = ["helpful"]
    form_fields = ["body", "helpful"]


class ExchangeGroup(ViewSetGroup):
    menu_label = _("Questions")
    menu_icon = "help"
    menu_order = 260
    items = (KnowledgeRequestViewSet, AnswerViewSet)


@hooks.register("register_admin_viewset")
def register_exchange_viewsets():
    return ExchangeGroup()


@hooks.register("register_log_actions")
def exchange_log_actions(actions):
    actions.register_action("exchange.ask", _("Ask"), _("Question asked"))
    actions.register_action("exchange.answer", _("Answer"), _("Question answered"))
    actions.register_action("exchange.helpful", _("Mark helpful"), _("Answer marked helpful"))
    actions.register_action("exchange.close", _("Close"), _("Question closed"))
    actions.register_action("exchange.merge", _("Merge"), _("Merged into another question"))
    actions.register_action(
        "exchange.draft_case_study", _("Draft a case study"), _("Case study drafted from an answer")
    )
