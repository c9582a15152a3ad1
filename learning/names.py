"""Themes and cities named in the visitor's language, for filters and lists that show many."""

from django.conf import settings
from django.utils.translation import get_language
from wagtail.coreutils import get_supported_content_language_variant

from cities.models import CityPage

from .models import Theme


def theme_and_city_names():
    """slug → name of the active themes ("theme") and of the cities ("city"), in the visitor's
    language where there is one (as text in the language active now)."""
    active = get_supported_content_language_variant(get_language())
    default = get_supported_content_language_variant(settings.LANGUAGE_CODE)
    languages = {"locale__language_code__in": {active, default}}
    themes = Theme.objects.active().filter(**languages)  # retired themes leave the filters
    cities = CityPage.objects.filter(**languages)
    return {
        "theme": _in_visitor_language(themes, "name", active),
        "city": _in_visitor_language(cities, "title", active),
    }


def _in_visitor_language(objects, name, active):
    """slug → name, from the default language, overridden by the visitor's."""
    rows = objects.values_list("locale__language_code", "slug", name)
    return {slug: label for _code, slug, label in sorted(rows, key=lambda row: row[0] == active)}
