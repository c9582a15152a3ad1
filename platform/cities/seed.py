"""The five cities of the Mariupol Reborn partnership, in English and Ukrainian."""

from home.translations import ensure_published_translation

from .models import CityIndexPage, CityPage

CITY_INDEX = {
    "en": {
        "title": "Cities",
        "intro": "<p>Four partner cities share what they have learned with Mariupol.</p>",
    },
    "uk": {
        "title": "Міста",
        "intro": "<p>Чотири міста-партнери діляться своїм досвідом з Маріуполем.</p>",
    },
}

CITIES = [
    {
        "slug": "utrecht",
        "role": CityPage.Role.PARTNER,
        "en": {
            "title": "Utrecht",
            "country": "Netherlands",
            "introduction": "<p>A fast-growing Dutch city known for cycling, district heating "
            "and a long tradition of citizen participation.</p>",
        },
        "uk": {
            "title": "Утрехт",
            "country": "Нідерланди",
            "introduction": "<p>Нідерландське місто, що швидко зростає, відоме велосипедною "
            "інфраструктурою, централізованим теплопостачанням і залученням мешканців.</p>",
        },
    },
    {
        "slug": "gdansk",
        "role": CityPage.Role.PARTNER,
        "en": {
            "title": "Gdansk",
            "country": "Poland",
            "introduction": "<p>A Baltic port city that rebuilt itself after war and "
            "transformation, with strong experience in civic budgets and port-area renewal.</p>",
        },
        "uk": {
            "title": "Гданськ",
            "country": "Польща",
            "introduction": "<p>Балтійське портове місто, яке відбудувалося після війни, з "
            "досвідом громадських бюджетів і оновлення портових територій.</p>",
        },
    },
    {
        "slug": "warsaw",
        "role": CityPage.Role.PARTNER,
        "en": {
            "title": "Warsaw",
            "country": "Poland",
            "introduction": "<p>Poland's capital, rebuilt almost entirely after 1945, now "
            "investing in public transport, energy retrofits and social housing.</p>",
        },
        "uk": {
            "title": "Варшава",
            "country": "Польща",
            "introduction": "<p>Столиця Польщі, майже повністю відбудована після 1945 року, "
            "інвестує в громадський транспорт, термомодернізацію та соціальне житло.</p>",
        },
    },
    {
        "slug": "lviv",
        "role": CityPage.Role.PARTNER,
        "en": {
            "title": "Lviv",
            "country": "Ukraine",
            "introduction": "<p>A Ukrainian city that has hosted hundreds of thousands of "
            "displaced people since 2022 and pioneers rehabilitation and resilience work.</p>",
        },
        "uk": {
            "title": "Львів",
            "country": "Україна",
            "introduction": "<p>Українське місто, яке з 2022 року прийняло сотні тисяч "
            "переселенців і є піонером у реабілітації та розбудові стійкості.</p>",
        },
    },
    {
        "slug": "mariupol",
        "role": CityPage.Role.BENEFICIARY,
        "en": {
            "title": "Mariupol",
            "country": "Ukraine",
            "introduction": "<p>The city the partnership works for. Its staff use this "
            "platform to prepare the rebuilding of Mariupol.</p>",
        },
        "uk": {
            "title": "Маріуполь",
            "country": "Україна",
            "introduction": "<p>Місто, заради якого існує партнерство. Його фахівці "
            "використовують платформу, щоб готувати відбудову Маріуполя.</p>",
        },
    },
]


def ensure_cities(home_page, translations):
    """The city index under `home_page` and one page per city, with their translations.

    `translations` maps a language code to the Locale to translate into.
    """
    index = CityIndexPage.objects.child_of(home_page).first()
    if index is None:
        index = CityIndexPage(slug="cities", **CITY_INDEX["en"])
        home_page.add_child(instance=index)
        index.save_revision().publish()
    for code, locale in translations.items():
        ensure_published_translation(index, locale, **CITY_INDEX[code])

    for city in CITIES:
        page = CityPage.objects.child_of(index).filter(slug=city["slug"]).first()
        if page is None:
            page = CityPage(slug=city["slug"], role=city["role"], **city["en"])
            index.add_child(instance=page)
            page.save_revision().publish()
        for code, locale in translations.items():
            ensure_published_translation(page, locale, **city[code])
