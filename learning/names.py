"""Themes and cities named in the visitor's language, for filters and lists that show many.

Every search reads them (to check its filters and to name its facets), so each process keeps
them in memory: read again when a theme or a city changes (learning/signals.py clears the
version in the shared cache; learning/kept.py)."""

from django.conf import settings
from django.utils.translation import get_language
from wagtail.coreutils import get_supported_content_language_variant

from cities.models import CityPage

from .kept import Kept
from .models import Theme


def _read():
    """(language, slug, name, active) of every theme, and (language, slug, title) of every
    city, in every language."""
    return (
        list(Theme.objects.values_list("locale__language_code", "slug", "name", "is_active")),
        list(CityPage.objects.values_list("locale__language_code", "slug", "title")),
    )


rows = Kept("learning:names", _read)


def theme_and_city_names():
    """slug → name of the active themes ("theme") and of the cities ("city"), in the visitor's
    language where there is one (as text in the language active now)."""
    active = get_supported_content_language_variant(get_language())
    default = get_supported_content_language_variant(settings.LANGUAGE_CODE)
    themes, cities = rows.get()
    return {
        # Retired themes leave the filters.
        "theme": _in_visitor_language(
            [(code, slug, name) for code, slug, name, is_active in themes if is_active],
            active,
            default,
        ),
        "city": _in_visitor_language(cities, active, default),
    }


def theme_and_city_slugs():
    """The slugs of every theme, retired ones too ("theme"), and of every city ("city")."""
    themes, cities = rows.get()
    return {
        "theme": {slug for _code, slug, _name, _active in themes},
        "city": {slug for _code, slug, _title in cities},
    }


def _in_visitor_language(rows, active, default):
    """slug → name, from the default language, overridden by the visitor's."""
    mine = [row for row in rows if row[0] in (active, default)]
    return {slug: label for _code, slug, label in sorted(mine, key=lambda row: row[0] == active)}
