from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from taggit.models import Tag
from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.admin.views.generic import ReorderView
from wagtail.admin.widgets import Button
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import DeleteView, SnippetViewSet

from . import admin_views
from .freshness import CONFIRM_ACTION
from .models import GlossaryTerm, Theme
from .visibility import media_visible_to


class ThemePermissionPolicy(ModelPermissionPolicy):
    """Nobody deletes a theme that case studies use (they would lose it, and its page would
    be gone): it is retired or merged instead. Wagtail's bulk delete and edit view ask this."""

    def user_has_permission_for_instance(self, user, action, instance):
        if action == "delete" and instance.is_in_use():
            return False
        return super().user_has_permission_for_instance(user, action, instance)


class ThemeDeleteView(DeleteView):
    """The confirmation says why a theme in use cannot be deleted, and offers no button."""

    def in_use_message(self):
        count = self.object.case_studies.count()
        return ngettext(
            "%(count)d case study uses this theme, so it cannot be deleted. Retire it "
            "instead (untick “active”: it leaves the filters, and the case study keeps it), "
            "or merge it into another theme.",
            "%(count)d case studies use this theme, so it cannot be deleted. Retire it "
            "instead (untick “active”: it leaves the filters, and the case studies keep it), "
            "or merge it into another theme.",
            count,
        ) % {"count": count}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if not self.user_has_permission_for_instance("delete", self.object):
            context["is_protected"] = True
            context["in_use_message"] = self.in_use_message()
            context["merge_url"] = reverse("merge_theme", args=[self.object.pk])
        return context

    def form_valid(self, form):
        if not self.user_has_permission_for_instance("delete", self.object):
            messages.error(self.request, self.in_use_message())
            return redirect(self.get_success_url())
        return super().form_valid(form)


class ThemeReorderView(ReorderView):
    """Moves a theme among the themes of its own language, then gives every translation the
    same place: the order is one for all languages."""

    def post(self, request, *args, **kwargs):
        self.locale_id = get_object_or_404(Theme, pk=unquote(str(kwargs.get("pk")))).locale_id
        response = super().post(request, *args, **kwargs)
        Theme.share_order(self.locale_id)
        return response

    def get_queryset(self):
        return super().get_queryset().filter(locale_id=self.locale_id)


class ThemeViewSet(SnippetViewSet):
    """Moderators curate the themes here: drag to reorder, untick 'active' to retire, merge
    one into another, pick up to three featured case studies."""

    model = Theme
    icon = "tag"
    menu_label = _("Themes")
    add_to_admin_menu = True
    menu_order = 200
    list_display = ["name", "slug", "is_active"]
    list_filter = ["is_active", "locale"]
    search_fields = ["name"]
    sort_order_field = "sort_order"
    delete_view_class = ThemeDeleteView
    reorder_view_class = ThemeReorderView
    delete_template_name = "learning/admin/theme_confirm_delete.html"


class TagViewSet(SnippetViewSet):
    """The free tags: rename, merge duplicates, promote one to a theme."""

    model = Tag
    icon = "tag"
    menu_label = _("Tags")
    add_to_admin_menu = True
    menu_order = 201
    panels = [FieldPanel("name"), FieldPanel("slug")]
    list_display = ["name", "slug"]
    search_fields = ["name"]
    ordering = ["name"]


register_permission_policy(Theme, ThemePermissionPolicy(Theme))
register_snippet(ThemeViewSet)
register_snippet(TagViewSet)


@hooks.register("register_admin_urls")
def curation_urls():
    return [
        path("curation/themes/<int:pk>/merge/", admin_views.merge_theme, name="merge_theme"),
        path("curation/tags/<int:pk>/merge/", admin_views.merge_tag, name="merge_tag"),
        path("curation/tags/<int:pk>/promote/", admin_views.promote_tag, name="promote_tag"),
    ]


@hooks.register("register_snippet_listing_buttons")
def curation_buttons(snippet, user, next_url=None):
    if isinstance(snippet, Theme) and user.has_perm("learning.delete_theme"):
        yield Button(_("Merge into…"), reverse("merge_theme", args=[snippet.pk]), priority=30)
    if isinstance(snippet, Tag) and user.has_perm("taggit.delete_tag"):
        yield Button(_("Merge into…"), reverse("merge_tag", args=[snippet.pk]), priority=30)
        yield Button(_("Promote to theme"), reverse("promote_tag", args=[snippet.pk]), priority=31)


@hooks.register("register_log_actions")
def curation_log_actions(actions):
    actions.register_action("learning.merge_theme", _("Merge theme"), _("Theme merged in"))
    actions.register_action("learning.promote_tag", _("Promote tag"), _("Tag promoted to theme"))
    actions.register_action("learning.merge_tags", _("Merge tags"), _("Tag merged in"))


@hooks.register("register_log_actions")
def freshness_log_actions(actions):
    actions.register_action(
        CONFIRM_ACTION, _("Confirm still accurate"), _("Confirmed still accurate")
    )


@hooks.register("before_serve_document")
def apply_page_privacy_to_documents(document, request):
    """A document is for whoever may see a page it is used on (see visibility.py)."""
    if not media_visible_to(type(document).objects.filter(pk=document.pk), request).exists():
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise Http404


class GlossaryViewSet(SnippetViewSet):
    """Moderators keep the multilingual glossary here; every change is in its history."""

    model = GlossaryTerm
    icon = "list-ul"
    menu_label = _("Glossary")
    add_to_admin_menu = True
    menu_order = 290
    list_display = ["__str__", "terms_uk", "terms_nl", "terms_pl", "theme"]
    list_filter = ["theme"]
    search_fields = ["terms_en", "terms_uk", "terms_nl", "terms_pl"]
    ordering = ["theme__sort_order", "terms_en"]


register_snippet(GlossaryViewSet)
