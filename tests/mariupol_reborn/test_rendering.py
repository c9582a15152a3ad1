"""Every public page type renders its content, in English and in Ukrainian."""

import pytest
from wagtail.models import Locale, get_page_models

from learning.models import CaseStudyPage
from tests.factories import CaseStudyFactory
from tests.helpers import city, theme

pytestmark = pytest.mark.django_db


@pytest.fixture
def case_studies():
    english = CaseStudyFactory(
        parent=city("utrecht"),
        title="Low-temperature district heating",
        themes=[theme("decentralised-energy-planning")],
        tags=["district heating"],
        summary="Four thousand flats moved off gas.",
        body=[
            ("paragraph", "<p>The heat network runs at 55 degrees.</p>"),
            ("key_figures", [{"label": "Homes connected", "value": "4,200", "unit": ""}]),
        ],
        budget_amount=38500000,
        budget_currency="EUR",
        transferability="Rebuild Mariupol's heat network at low temperature.",
    )
    ukrainian = CaseStudyFactory(
        parent=city("lviv", "uk"),
        title="Модульне житло",
        themes=[theme("integrated-urban-planning", "uk")],
        tags=["модульне житло"],
        summary="Модульні містечка для переселенців.",
        period_end=2023,
        status="completed",
    )
    return english, ukrainian


def get_page(client, url, language):
    response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200, url
    return response.content.decode()


@pytest.mark.parametrize(
    "language, expected",
    [
        ("en", ["Latest case studies", "Sustainable mobility", "Utrecht"]),
        ("uk", ["Найновіші кейси", "Стала мобільність", "Утрехт", 'lang="uk"']),
    ],
)
def test_home_page(client, case_studies, language, expected):
    html = get_page(client, f"/{language}/", language)
    for text in expected:
        assert text in html
    assert "Low-temperature district heating" in html


@pytest.mark.parametrize(
    "language, heading, city_name", [("en", "Cities", "Gdansk"), ("uk", "Міста", "Гданськ")]
)
def test_city_index(client, language, heading, city_name):
    html = get_page(client, f"/{language}/cities/", language)
    assert f"<h1>{heading}</h1>" in html
    assert city_name in html


def test_city_page_lists_its_case_studies_in_every_language(client, case_studies):
    html = get_page(client, "/uk/cities/utrecht/", "uk")
    assert "Утрехт" in html and "Нідерланди" in html
    assert "Кейси міста Утрехт" in html
    assert "Low-temperature district heating" in html
    assert 'lang="en"' in html  # the English case study is marked as such for screen readers
    assert "Модульне житло" not in html


def test_english_case_study_page(client, case_studies):
    html = get_page(client, case_studies[0].url, "en")
    for text in [
        "Low-temperature district heating",
        "Four thousand flats moved off gas.",
        "The heat network runs at 55 degrees.",
        "Homes connected",
        "4,200",
        "38,500,000 EUR",
        "Transferability to Mariupol",
        "Decentralised energy planning",
        "district heating",
        "since 2020",
    ]:
        assert text in html, text


def test_ukrainian_case_study_page(client, case_studies):
    html = get_page(client, case_studies[1].url, "uk")
    assert case_studies[1].url.startswith("/uk/cities/lviv/")
    for text in [
        "Модульне житло",
        "Модульні містечка для переселенців.",
        "Інтегроване міське планування",
        "2020–2023",
        "Завершено",
        "Період",
        "Львів",
    ]:
        assert text in html, text


@pytest.mark.parametrize("language, title", [("en", "Themes"), ("uk", "Теми")])
def test_theme_index(client, language, title):
    html = get_page(client, f"/{language}/themes/", language)
    assert f"<h1>{title}</h1>" in html
    assert html.count('<li class="card">') == 8


def test_language_switcher_links_to_the_translation(client, case_studies):
    html = get_page(client, "/en/cities/lviv/", "en")
    assert 'href="/uk/cities/lviv/"' in html
    html = get_page(client, "/en/themes/", "en")
    assert 'href="/uk/themes/"' in html


def test_a_case_study_without_a_translation_says_so_in_the_language_asked(client, case_studies):
    """The switcher leads to the translation where there is one; otherwise it stays on the
    case study and says, in the language asked for, that it exists only in its own."""
    page = CaseStudyPage.objects.get(title="Low-temperature district heating")
    html = get_page(client, page.url, "en")
    assert f'href="{page.url}?language=nl" hreflang="nl"' in html
    assert "not translated" not in html
    note = get_page(client, f"{page.url}?language=nl", "en")
    assert '<p class="notice" lang="nl">Deze pagina is niet vertaald' in note
    assert "Engels" in note
    polish = get_page(client, f"{page.url}?language=pl", "en")
    assert '<p class="notice" lang="pl">Ta strona nie ma tłumaczenia' in polish
    assert "angielski" in polish


def test_a_case_study_translated_into_other_languages_names_them_in_the_note(client):
    """A page that exists in English and Ukrainian is not "only in English" (nor, on its
    Ukrainian translation, originally Ukrainian): the note names the languages it exists in."""
    english = CaseStudyFactory(
        parent=city("lviv"), title="Heat pumps", themes=[theme("energy-efficiency")]
    )
    ukrainian = english.copy_for_translation(Locale.objects.get(language_code="uk"))
    ukrainian.title = "Теплові насоси"
    ukrainian.save_revision().publish()
    for page in (english, ukrainian):
        polish = get_page(client, f"{page.url}?language=pl", "en")
        assert (
            '<p class="notice" lang="pl">Ta strona nie ma tłumaczenia na polski; istnieje w '
            "językach: angielski, ukraiński.</p>"
        ) in polish
        dutch = get_page(client, f"{page.url}?language=nl", "en")
        assert "ze bestaat in deze talen: Engels, Oekraïens.</p>" in dutch
        assert "alleen" not in dutch


def test_root_redirects_to_the_preferred_language(client):
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="uk").url == "/uk/"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="en").url == "/en/"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="fr").url == "/en/"


def test_unknown_page_is_a_friendly_404(client):
    response = client.get("/uk/cities/nowhere/")
    assert response.status_code == 404
    assert "Сторінку не знайдено" in response.content.decode()


def test_every_page_type_is_covered():
    """Adding a page type without adding it to this module's tests fails here."""
    ours = {
        model._meta.label
        for model in get_page_models()
        if model._meta.app_label in {"home", "cities", "learning"}
    }
    assert ours == {
        "home.HomePage",
        "cities.CityIndexPage",
        "cities.CityPage",
        "learning.CaseStudyPage",
    }
