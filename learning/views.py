"""Public listings of case studies by theme and by tag, the glossary, and confirming that a
case study is still accurate."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from taggit.models import Tag
from wagtail.models import Locale

from . import freshness
from .listing import paginate
from .models import CaseStudyPage, GlossaryTerm, Theme
from .models.glossary import TERM_FIELDS


def theme_index(request):
    themes = Theme.objects.active().in_locale()
    return render(request, "learning/theme_index.html", {"themes": themes})


def glossary(request):
    """The glossary by theme: each concept in every content language, the page's first."""
    themes = {theme.translation_key: theme for theme in Theme.objects.in_locale()}
    first = get_language()
    languages = sorted(TERM_FIELDS, key=lambda code: code != first)
    by_theme = {}
    for concept in GlossaryTerm.objects.select_related("theme"):
        theme = themes.get(concept.theme.translation_key, concept.theme)
        by_theme.setdefault(theme, []).append([(code, concept.terms(code)) for code in languages])
    names = settings.AVAILABLE_LANGUAGES
    return render(
        request,
        "learning/glossary.html",
        {
            "languages": [(code, names[code]) for code in languages],
            "themes": sorted(by_theme.items(), key=lambda item: item[0].sort_order),
        },
    )


def theme_detail(request, slug):
    theme = _theme_in_active_language(slug)
    visible = CaseStudyPage.objects.visible_to(request)
    case_studies = visible.with_theme(theme).for_listing()
    featured_ids = [feature.case_study_id for feature in theme.featured.all()]
    featured = sorted(
        visible.for_listing().filter(pk__in=featured_ids),
        key=lambda page: featured_ids.index(page.pk),
    )
    return render(
        request,
        "learning/theme_detail.html",
        {
            "theme": theme,
            "featured": featured,
            "case_studies": paginate(request, case_studies.exclude(pk__in=featured_ids)),
        },
    )


def tag_detail(request, slug):
    tag = get_object_or_404(Tag, slug=slug)
    case_studies = CaseStudyPage.objects.filter(tags=tag).visible_to(request).for_listing()
    if not case_studies.exists():  # a tag only members-only work uses says nothing to others
        raise Http404("No such tag")
    return render(
        request,
        "learning/tag_detail.html",
        {"tag": tag, "case_studies": paginate(request, case_studies)},
    )


def _theme_in_active_language(slug):
    """The theme in the visitor's language, or in the default language if not translated yet."""
    themes = Theme.objects.filter(slug=slug).select_related("locale")
    by_language = {theme.locale.language_code: theme for theme in themes}
    theme = by_language.get(Locale.get_active().language_code) or by_language.get(
        Locale.get_default().language_code
    )
    if theme is None:
        raise Http404("No such theme")
    return theme


@login_required
@require_POST
def confirm_still_accurate(request, page_id):
    """The "Still accurate" button of a case study's page and of the account page's list of
    case studies to check: for those who may edit the case study."""
    page = get_object_or_404(CaseStudyPage.objects.live(), pk=page_id)
    if not freshness.may_confirm(request.user, page):
        raise PermissionDenied
    if page.permissions_for_user(request.user).page_locked():
        messages.error(
            request,
            _(
                "“%(title)s” is locked while someone edits or reviews it: confirm it once it is "
                "unlocked."
            )
            % {"title": page.title},
        )
    elif freshness.confirm_still_accurate(page, request.user):
        messages.success(
            request, _("“%(title)s” is marked as verified today.") % {"title": page.title}
        )
    else:
        messages.success(
            request,
            _(
                "Today's date is added to the changes of “%(title)s” that wait for publication: "
                "it is shown once they are published."
            )
            % {"title": page.title},
        )
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
        back = page.url
    return redirect(back)
