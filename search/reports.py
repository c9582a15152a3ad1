"""The search analytics report moderators read in the admin: what people search for, and what
they search for and do not find (the content gaps the cities should fill)."""

from datetime import timedelta

from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import Avg, Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from .models import SearchQueryLog

PERIODS = {"7": 7, "30": 30, "90": 90, "365": 365}
ROWS = 50


class PeriodForm(forms.Form):
    days = forms.ChoiceField(
        label=_("Period"),
        choices=[(key, _("last %(days)s days") % {"days": key}) for key in PERIODS],
        initial="30",
        required=False,
    )


def may_view(user):
    return user.has_perm("platform_search.view_searchquerylog")


class SearchQueriesReport(WagtailAdminTemplateMixin, TemplateView):
    page_title = _("Search queries")
    header_icon = "search"
    template_name = "search/admin/search_queries.html"

    def dispatch(self, request, *args, **kwargs):
        if not may_view(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        form = PeriodForm(self.request.GET or None)
        days = PERIODS[form.cleaned_data["days"] or "30"] if form.is_valid() else 30
        since = timezone.now() - timedelta(days=days)
        logged = SearchQueryLog.objects.filter(created_at__gte=since)
        grouped = logged.values("query_text").annotate(searches=Count("id"))
        return super().get_context_data(
            form=form,
            days=days,
            total=logged.count(),
            top=grouped.annotate(results=Avg("result_count")).order_by("-searches", "query_text")[
                :ROWS
            ],
            zero=grouped.filter(result_count=0).order_by("-searches", "query_text")[:ROWS],
            **kwargs,
        )
