from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .reports import SearchQueriesReport, may_view


@hooks.register("register_admin_urls")
def register_search_report_url():
    return [
        path("reports/search-queries/", SearchQueriesReport.as_view(), name="search_queries_report")
    ]


class SearchReportMenuItem(MenuItem):
    def is_shown(self, request):
        return may_view(request.user)


@hooks.register("register_reports_menu_item")
def register_search_report_menu_item():
    return SearchReportMenuItem(
        _("Search queries"),
        reverse("search_queries_report"),
        name="search-queries",
        icon_name="search",
        order=900,
    )
