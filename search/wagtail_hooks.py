from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .reports import SearchesWithoutResultsReport, SearchQueriesReport, may_view

REPORTS = {  # address under /admin/reports/ → report
    "search-queries": SearchQueriesReport,
    "searches-without-results": SearchesWithoutResultsReport,
}


@hooks.register("register_admin_urls")
def register_search_report_urls():
    urls = []
    for address, report in REPORTS.items():
        urls += [
            path(f"reports/{address}/", report.as_view(), name=report.index_url_name),
            path(
                f"reports/{address}/results/",
                report.as_view(results_only=True),
                name=report.index_results_url_name,
            ),
        ]
    return urls


class SearchReportMenuItem(MenuItem):
    def is_shown(self, request):
        return may_view(request.user)


@hooks.register("register_reports_menu_item")
def register_search_queries_menu_item():
    return SearchReportMenuItem(
        _("Search queries"),
        reverse(SearchQueriesReport.index_url_name),
        name="search-queries",
        icon_name="search",
        order=900,
    )


@hooks.register("register_reports_menu_item")
def register_searches_without_results_menu_item():
    return SearchReportMenuItem(
        _("Searches without results"),
        reverse(SearchesWithoutResultsReport.index_url_name),
        name="searches-without-results",
        icon_name="help",
        order=901,
    )
