"""Public listings of case studies by theme and by tag, and the glossary."""

from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import get_language
from taggit.models import Tag
from wagtail.models import Locale

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
