"""The five cities of the Mariupol Reborn partnership, in the four content languages."""

from pages.translations import ensure_published_translation

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
    "nl": {
        "title": "Steden",
        "intro": "<p>Vier partnersteden delen wat zij hebben geleerd met Marioepol.</p>",
    },
    "pl": {
        "title": "Miasta",
        "intro": "<p>Cztery miasta partnerskie dzielą się swoim doświadczeniem z Mariupolem.</p>",
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
        "nl": {
            "title": "Utrecht",
            "country": "Nederland",
            "introduction": "<p>Een snelgroeiende Nederlandse stad, bekend om haar fietsbeleid, "
            "stadsverwarming en een lange traditie van bewonersparticipatie.</p>",
        },
        "pl": {
            "title": "Utrecht",
            "country": "Holandia",
            "introduction": "<p>Szybko rosnące miasto holenderskie, znane z infrastruktury "
            "rowerowej, ciepłownictwa sieciowego i długiej tradycji udziału mieszkańców.</p>",
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
        "nl": {
            "title": "Gdańsk",
            "country": "Polen",
            "introduction": "<p>Een Baltische havenstad die zich na oorlog en transformatie "
            "heeft herbouwd, met veel ervaring in burgerbegrotingen en de vernieuwing van "
            "havengebieden.</p>",
        },
        "pl": {
            "title": "Gdańsk",
            "country": "Polska",
            "introduction": "<p>Bałtyckie miasto portowe, które odbudowało się po wojnie i "
            "transformacji, z doświadczeniem w budżetach obywatelskich i rewitalizacji terenów "
            "portowych.</p>",
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
        "nl": {
            "title": "Warschau",
            "country": "Polen",
            "introduction": "<p>De hoofdstad van Polen, na 1945 vrijwel geheel herbouwd, "
            "investeert nu in openbaar vervoer, energierenovatie en sociale woningbouw.</p>",
        },
        "pl": {
            "title": "Warszawa",
            "country": "Polska",
            "introduction": "<p>Stolica Polski, niemal całkowicie odbudowana po 1945 roku, "
            "inwestuje w transport publiczny, termomodernizację i mieszkalnictwo społeczne.</p>",
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
        "nl": {
            "title": "Lviv",
            "country": "Oekraïne",
            "introduction": "<p>Een Oekraïense stad die sinds 2022 honderdduizenden ontheemden "
            "heeft opgevangen en vooroploopt in revalidatie en weerbaarheid.</p>",
        },
        "pl": {
            "title": "Lwów",
            "country": "Ukraina",
            "introduction": "<p>Ukraińskie miasto, które od 2022 roku przyjęło setki tysięcy "
            "przesiedleńców i jest pionierem rehabilitacji i budowania odporności.</p>",
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
        "nl": {
            "title": "Marioepol",
            "country": "Oekraïne",
            "introduction": "<p>De stad waarvoor het partnerschap werkt. Haar medewerkers "
            "gebruiken dit platform om de wederopbouw van Marioepol voor te bereiden.</p>",
        },
        "pl": {
            "title": "Mariupol",
            "country": "Ukraina",
            "introduction": "<p>Miasto, dla którego działa partnerstwo. Jego pracownicy "
            "korzystają z platformy, by przygotować odbudowę Mariupola.</p>",
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
