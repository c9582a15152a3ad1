from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language
from wagtail.models import Page

register = template.Library()


@register.inclusion_tag("includes/language_switcher.html", takes_context=True)
def language_switcher(context):
    """Links to this page in the other interface languages.

    A Wagtail page links to its translation, or to that language's home page when it has none;
    any other page links to the same address under the other language prefix.
    """
    request = context["request"]
    page = context.get("page")
    translations = {}
    if isinstance(page, Page):
        linked = page.get_translations(inclusive=True).live().select_related("locale")
        for translation in linked.defer_streamfields():
            translations[translation.locale.language_code] = translation.url
    links = []
    for code, name in settings.LANGUAGES:
        url = translations.get(code) or translate_url(request.get_full_path(), code)
        if isinstance(page, Page) and code not in translations:
            url = f"/{code}/"
        links.append({"code": code, "name": name, "url": url, "current": code == get_language()})
    return {"languages": links}
