"""Moderators' actions on a request in the editing area: merge it into another, or close it as
stale. Small form views next to the requests' viewset (wagtail_hooks.py)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from . import policy, services
from .forms import MergeForm
from .models import KnowledgeRequest

INDEX = "knowledge_requests:index"


class RequestActionView(WagtailAdminTemplateMixin, FormView):
    template_name = "exchange/admin/action.html"
    header_icon = "help"

    def dispatch(self, request, pk, *args, **kwargs):
        if not policy.may_moderate(request.user):
            raise PermissionDenied
        self.knowledge_request = get_object_or_404(KnowledgeRequest, pk=pk)
        return super().dispatch(request, pk, *args, **kwargs)

    def get_page_subtitle(self):
        return self.knowledge_request.title

    def get_context_data(self, **kwargs):
        return super().get_context_data(knowledge_request=self.knowledge_request, **kwargs)


class MergeView(RequestActionView):
    page_title = gettext_lazy("Merge a duplicate request")
    form_class = MergeForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "duplicate": self.knowledge_request}

    def form_valid(self, form):
        into = form.cleaned_data["into"]
        try:
            services.merge(self.request.user, self.knowledge_request, into=into)
        except ValidationError as error:
            form.add_error("into", error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("“%(duplicate)s” is merged into “%(into)s”.")
            % {"duplicate": self.knowledge_request.title, "into": into.title},
        )
        return redirect(INDEX)


class CloseStaleView(RequestActionView):
    page_title = gettext_lazy("Close a stale request")

    form_class = forms.Form

    def form_valid(self, form):
        if self.knowledge_request.is_open:
            services.close_stale(self.request.user, self.knowledge_request)
            messages.success(
                self.request,
                _("“%(title)s” is closed as stale.") % {"title": self.knowledge_request.title},
            )
        return redirect(INDEX)
