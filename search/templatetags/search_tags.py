from django import template
from wagtail.models import Site

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


@register.simple_tag(takes_context=True)
def url_here(context, page):
    """What {% pageurl page %} gives, without the query for the request's site that Wagtail
    makes (once per request) to choose between a relative and a full address: with one site,
    the address is relative either way."""
    request = context["request"]
    if not hasattr(request, "one_site"):
        request.one_site = len({path.site_id for path in Site.get_site_root_paths()}) == 1
    return page.get_url() if request.one_site else page.get_url(request)
