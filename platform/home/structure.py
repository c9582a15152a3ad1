"""The page tree every installation needs: locales, a home page per language, the cities,
the seed themes and glossary, the role groups and the moderation workflow. Safe to run again: what
exists is left alone."""

from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from wagtail.models import Locale, Page, Site

from cities.seed import ensure_cities
from learning.seed import ensure_glossary, ensure_themes
from members.roles import ensure_platform_groups
from members.workflow import ensure_moderation_workflow
from pages.translations import ensure_published_translation

from .models import HomePage

HOME = {
    "en": {
        "title": "Mariupol Reborn learning platform",
        "intro": "<p>Utrecht, Gdansk, Warsaw and Lviv share their urban-development know-how "
        "with Mariupol: case studies of what worked, what it cost and what it would take to "
        "do it in Mariupol.</p>",
    },
    "uk": {
        "title": "Навчальна платформа «Маріуполь відроджується»",
        "intro": "<p>Утрехт, Гданськ, Варшава та Львів діляться з Маріуполем досвідом "
        "міського розвитку: кейси про те, що спрацювало, скільки це коштувало і що потрібно, "
        "щоб зробити це в Маріуполі.</p>",
    },
    "nl": {
        "title": "Leerplatform Mariupol Reborn",
        "intro": "<p>Utrecht, Gdańsk, Warschau en Lviv delen hun kennis van stedelijke "
        "ontwikkeling met Marioepol: praktijkvoorbeelden van wat werkte, wat het kostte en wat "
        "ervoor nodig is om het in Marioepol te doen.</p>",
    },
    "pl": {
        "title": "Platforma wiedzy Mariupol Reborn",
        "intro": "<p>Utrecht, Gdańsk, Warszawa i Lwów dzielą się z Mariupolem wiedzą o rozwoju "
        "miast: studia przypadków o tym, co się sprawdziło, ile kosztowało i czego potrzeba, "
        "by zrobić to w Mariupolu.</p>",
    },
}


@transaction.atomic
def ensure_platform_structure() -> HomePage:
    default_locale = Locale.get_default()
    translations = {
        code: Locale.objects.get_or_create(language_code=code)[0]
        for code, _name in settings.LANGUAGES
        if code != default_locale.language_code
    }
    home = _ensure_home_page(default_locale)
    for code, locale in translations.items():
        ensure_published_translation(home, locale, **HOME[code])
    ensure_cities(home, translations)
    ensure_themes(default_locale, translations)
    ensure_glossary(default_locale)
    ensure_platform_groups()
    ensure_moderation_workflow()
    return home


def _ensure_home_page(locale) -> HomePage:
    home = HomePage.objects.filter(locale=locale, depth=2).first()
    if home is None:
        root = Page.get_first_root_node()
        home = HomePage(slug="home", locale=locale, **HOME["en"])
        # Wagtail's first migration leaves a placeholder page; the platform's home replaces it.
        Page.objects.filter(depth=2, slug="home").exclude(content_type__model="homepage").delete()
        root.add_child(instance=home)
        home.save_revision().publish()
    address = urlsplit(settings.PLATFORM_BASE_URL)
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={
            "hostname": address.hostname,
            "port": address.port or (443 if address.scheme == "https" else 80),
            "root_page": home,
            "site_name": settings.WAGTAIL_SITE_NAME,
        },
    )
    return home
