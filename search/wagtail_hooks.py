from functools import partial

from django.urls import path, reverse
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


def _menu_item(address, report, order):
    return SearchReportMenuItem(
        report.page_title,
        reverse(report.index_url_name),
        name=address,
        icon_name=report.header_icon,
        order=order,
    )


for _order, (_address, _report) in enumerate(REPORTS.items(), start=900):
    hooks.register("register_reports_menu_item", partial(_menu_item, _address, _report, _order))
