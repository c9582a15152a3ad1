from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.http import urlencode
from django.utils.translation import get_language, get_language_info
from wagtail.models import Page

from learning.visibility import visible_to

register = template.Library()
NOTE_PARAMETER = "language"  # the switcher's ?language=xx on a page without that translation


@register.simple_tag(takes_context=True)
def page_translations(context):
    """The page shown in each language it is published in and the requester may see (itself
    included): language code → {"code", "name", "url", "absolute_url"}; empty when no Wagtail
    page is shown."""
    page = context.get("page")
    if not isinstance(page, Page):
        return {}
    request = context["request"]
    linked = visible_to(page.get_translations(inclusive=True), request).select_related("locale")
    names = dict(settings.LANGUAGES)
    return {
        code: {
            "code": code,
            "name": names[code],
            "url": (url := translation.get_url(request)),
            "absolute_url": request.build_absolute_uri(url),
        }
        for translation in linked.defer_streamfields()
        if (code := translation.locale.language_code) in names
    }


@register.simple_tag(takes_context=True)
def untranslated_in(context, translations):
    """The language a visitor asked for this page in (from the language switcher), when the
    page has no translation in it; else ""."""
    code = context["request"].GET.get(NOTE_PARAMETER, "")
    if code in dict(settings.LANGUAGES) and translations and code not in translations:
        return code
    return ""


@register.simple_tag
def language_names(translations):
    """The languages of `translations`, named in the active language and in the platform's
    order: "angielski, ukraiński" (for the note on a page that is not translated into the
    language asked for, but into others)."""
    return ", ".join(
        str(get_language_info(code)["name_translated"])
        for code, _name in settings.LANGUAGES
        if code in translations
    )


@register.inclusion_tag("includes/language_switcher.html", takes_context=True)
def language_switcher(context, translations):
    """Links to this page in the other interface languages.

    A Wagtail page links to its translation (`page_translations`), or, when it has none, to
    itself with a note in that language that says which languages it exists in
    (`untranslated_in`);
    any other page links to the same address under the other language prefix.
    """
    path = context["request"].get_full_path()
    page = context.get("page")
    links = []
    for code, name in settings.LANGUAGES:
        if code in translations:
            url = translations[code]["url"]
        elif isinstance(page, Page):
            url = f"{page.get_url(context['request'])}?{urlencode({NOTE_PARAMETER: code})}"
        else:
            url = translate_url(path, code)
        links.append({"code": code, "name": name, "url": url, "current": code == get_language()})
    return {"languages": links}
