"""Turning facet counts and active filters into what the search page shows."""

from django.conf import settings
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from learning.freshness import period_text
from learning.models import CaseStudyPage
from learning.names import theme_and_city_names, theme_and_city_slugs

from .query import TYPES

FACET_TITLES = {
    "type": _("Kind"),
    "theme": _("Theme"),
    "city": _("City"),
    "status": _("Status"),
    "locale": _("Language"),
    "year": _("Start year"),
}
PARAMETER = {
    "type": "type",
    "theme": "theme",
    "city": "city",
    "status": "status",
    "locale": "locale",
}
VERIFIED_CHOICES = (12, 24)  # months, offered by the search page's filters
# The languages case studies are written in, as the language filter names them.
LANGUAGE_NAMES = {
    "en": _("English"),
    "uk": _("Ukrainian"),
    "nl": _("Dutch"),
    "pl": _("Polish"),
}


TYPE_NAMES = {"case_study": _("Case studies"), "request": _("Questions to the partner cities")}


def allowed_values():
    """The values each filter accepts."""
    return {
        **theme_and_city_slugs(),
        "status": set(CaseStudyPage.Status.values),
        "locale": {code for code, _name in settings.LANGUAGES},
        "type": set(TYPES),
    }


def labels():
    """Human names for facet values, in the visitor's language where there is one (as text in
    the language active now: the search API uses them after leaving the requested language)."""
    return {
        **theme_and_city_names(),
        "status": {value: str(label) for value, label in CaseStudyPage.Status.choices},
        "locale": {code: str(name) for code, name in LANGUAGE_NAMES.items()},
        "year": {},
        "type": {code: str(name) for code, name in TYPE_NAMES.items()},
    }


def facet_groups(results, params, names):
    """One group per facet: each value with its label (from `labels()`), count, whether it is
    chosen. Values without a label (retired themes) are left out."""
    groups = []
    for facet, counts in results.facets.items():
        if facet == "year":
            continue
        chosen = set(params.getlist(PARAMETER[facet]))
        options = [
            {
                "value": value,
                "label": names[facet].get(value, value),
                "count": count,
                "chosen": value in chosen,
            }
            for value, count in counts
            if value in names[facet]
        ]
        groups.append({"name": facet, "title": FACET_TITLES[facet], "options": options})
    return groups


def active_filters(params, names):
    """Chosen filters, each with its label (from `labels()`) and the address that removes just
    that one."""
    chips = []
    for facet, parameter in PARAMETER.items():
        for value in params.getlist(parameter):
            chips.append(
                {
                    "label": names[facet].get(value, value),
                    "remove_url": "?" + _without(params, parameter, value),
                }
            )
    if months := _months(params.get("verified_within", "")):
        chips.append(
            {
                "label": _("verified in the last %(period)s") % {"period": period_text(months)},
                "remove_url": "?" + _without(params, "verified_within", params["verified_within"]),
            }
        )
    for parameter, title in (("year_from", _("from")), ("year_to", _("to"))):
        if params.get(parameter):
            chips.append(
                {
                    "label": f"{title} {params[parameter]}",
                    "remove_url": "?" + _without(params, parameter, params[parameter]),
                }
            )
    return chips


def _months(text):
    return int(text) if text.strip() else None  # checked by parse_search_params


def _without(params, parameter, value):
    pairs = [
        (k, v)
        for k in params
        for v in params.getlist(k)
        if not (k == parameter and v == value) and k != "page"
    ]
    return urlencode(pairs)
