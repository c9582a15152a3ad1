from django import template

from search.facets import labels
from search.service import more_like_this

register = template.Library()


@register.inclusion_tag("search/related_case_studies.html", takes_context=True)
def related_case_studies(context, page, limit=5):
    """Up to `limit` case studies like this one that the visitor may see."""
    return {
        "related": more_like_this(page, context["request"], limit),
        "request": context["request"],
    }


# A case study written in another language than the page's has its city, themes and language
# named here in the page's language; the names are read once per request.


def _names(context):
    request = context["request"]
    if not hasattr(request, "names_here"):
        request.names_here = labels()
    return request.names_here


@register.simple_tag(takes_context=True)
def city_here(context, case_study):
    city = case_study.city
    return _names(context)["city"].get(city.slug, city.title)


@register.simple_tag(takes_context=True)
def themes_here(context, case_study):
    names = _names(context)["theme"]
    return [names.get(theme.slug, theme.name) for theme in case_study.themes.all()]


@register.simple_tag(takes_context=True)
def language_here(context, case_study):
    return _names(context)["locale"].get(case_study.locale.language_code, "")
