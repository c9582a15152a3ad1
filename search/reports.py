"""The search analytics reports moderators read in the admin, as Wagtail reports (filters by
period, CSV and XLSX export): what people search for, and what they search for and do not find
(the content gaps the cities should fill, each one link away from a knowledge request)."""

from datetime import timedelta

import django_filters
from django.db.models import Avg, Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.views.reports import ReportView
from wagtail.permission_policies import ModelPermissionPolicy

from .models import SearchQueryLog

PERIODS = (7, 30, 90, 365)  # days
DEFAULT_PERIOD = 30
permission_policy = ModelPermissionPolicy(SearchQueryLog)


def may_view(user):
    return permission_policy.user_has_permission(user, "view")


class PeriodFilterSet(WagtailFilterSet):
    days = django_filters.ChoiceFilter(
        label=_("Period"),
        choices=[(days, _("last %(days)s days") % {"days": days}) for days in PERIODS],
        empty_label=None,
        method="logged_since",
    )

    class Meta:
        model = SearchQueryLog
        fields = []

    def __init__(self, data=None, *args, **kwargs):
        # The period always applies: the last 30 days unless another is chosen.
        data = data.copy() if data is not None else {}
        data.setdefault("days", str(DEFAULT_PERIOD))
        super().__init__(data, *args, **kwargs)

    def logged_since(self, queryset, _name, days):
        return queryset.filter(created_at__gte=timezone.now() - timedelta(days=int(days)))


class SearchReport(ReportView):
    """A report of search texts, each once with how often it was searched in the period."""

    header_icon = "search"
    filterset_class = PeriodFilterSet
    permission_policy = permission_policy
    permission_required = "view"
    export_headings = {"query_text": _("Search"), "searches": _("Times")}

    def get_queryset(self):
        return SearchQueryLog.objects.all()

    def filter_queryset(self, queryset):
        return self.grouped(super().filter_queryset(queryset))

    def grouped(self, logged):
        raise NotImplementedError

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        context["days"] = int(self.filters.form.cleaned_data.get("days") or DEFAULT_PERIOD)
        return context


class SearchQueriesReport(SearchReport):
    page_title = _("Search queries")
    index_url_name = "search_queries_report"
    index_results_url_name = "search_queries_report_results"
    results_template_name = "search/admin/search_queries_results.html"
    list_export = ["query_text", "searches", "results"]
    export_headings = {**SearchReport.export_headings, "results": _("Average results")}

    def grouped(self, logged):
        self.total = logged.count()
        return (
            logged.values("query_text")
            .annotate(searches=Count("id"), results=Avg("result_count"))
            .order_by("-searches", "query_text")
        )

    def get_context_data(self, *args, **kwargs):
        return super().get_context_data(*args, total=self.total, **kwargs)


class SearchesWithoutResultsReport(SearchReport):
    page_title = _("Searches without results")
    header_icon = "help"
    index_url_name = "searches_without_results_report"
    index_results_url_name = "searches_without_results_report_results"
    results_template_name = "search/admin/searches_without_results_results.html"
    list_export = ["query_text", "searches"]

    def grouped(self, logged):
        return (
            logged.filter(result_count=0)
            .values("query_text")
            .annotate(searches=Count("id"))
            .order_by("-searches", "query_text")
        )
