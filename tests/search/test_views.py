"""The search page, suggestions, related case studies and the search API, as visitors and API
clients use them; bad input never gives a 500."""

from pathlib import Path

import pytest
import yaml
from django.template import Context, Template
from django.utils.http import urlencode
from openapi_schema_validator import OAS30Validator, validate
from wagtail.models import Site

from search.models import SearchQueryLog
from tests.factories import CaseStudyFactory
from tests.helpers import city, theme
from tests.search_engines import sync_index

pytestmark = pytest.mark.django_db
OPENAPI = Path(__file__).resolve().parents[2] / "docs" / "openapi.yaml"


@pytest.fixture
def content(engine):
    heat = theme("decentralised-energy-planning")
    pages = [
        CaseStudyFactory(
            parent=city("utrecht"),
            title="District heating for post-war flats",
            themes=[heat],
            tags=["heat networks"],
            summary="A low-temperature heat network.",
            body=[("paragraph", "<p>Gas boilers were replaced street by street.</p>")],
        ),
        CaseStudyFactory(
            parent=city("lviv"),
            title="Small cogeneration plants",
            themes=[heat],
            tags=["heat networks"],
            summary="Keeping heat on in blackouts.",
        ),
        CaseStudyFactory(
            parent=city("warsaw"),
            title="Shelter inventory",
            themes=[theme("safety-security-resilience")],
            summary="Basements mapped as shelters.",
        ),
    ]
    sync_index()
    return pages


def html(response):
    return response.content.decode()


def test_search_page_shows_results_highlights_facets_and_count(client, content):
    response = client.get("/en/search/?q=heat")
    assert response.status_code == 200
    page = html(response)
    assert "2 results" in page
    assert "<mark>" in page and "District heating for post-war flats" in page
    assert 'name="theme" value="decentralised-energy-planning"' in page
    assert "Decentralised energy planning" in page and "(2)" in page


def test_active_filter_can_be_removed_on_its_own(client, content):
    page = html(
        client.get(
            "/en/search/?"
            + urlencode(
                [("q", "heat"), ("city", "lviv"), ("city", "utrecht"), ("status", "ongoing")]
            )
        )
    )
    assert "2 results" in page
    assert 'href="?q=heat&amp;city=utrecht&amp;status=ongoing"' in page  # removes Lviv only


def test_no_results_offers_a_way_on(client, content):
    page = html(client.get("/en/search/?q=qwertyuiop"))
    assert "No case studies match" in page
    assert "/en/themes/energy-efficiency/" in page  # browse the themes instead


def test_misspelling_finds_the_right_case_study_with_a_hint(client, content, engine):
    page = html(client.get("/en/search/?q=cogeneraton"))
    assert "/en/cities/lviv/small-cogeneration-plants/" in page
    if engine == "elasticsearch":  # typo-tolerant matching, and a hint
        assert 'Did you mean <a href="?q=cogeneration">cogeneration</a>' in page
    else:  # nothing matched as written, so the corrected words were searched
        assert 'Showing results for <a href="?q=cogeneration">cogeneration</a>' in page


def test_result_links_are_what_pageurl_gives_with_one_site_or_several(content, rf):
    """With one site the result links skip Wagtail's look-up of the request's site; with
    several they come from it."""
    both = Template("{% load search_tags wagtailcore_tags %}{% url_here p %} {% pageurl p %}")

    def links(host):
        request = rf.get("/en/search/", HTTP_HOST=host)
        return both.render(Context({"request": request, "p": content[1]})).split()

    assert links("localhost") == ["/en/cities/lviv/small-cogeneration-plants/"] * 2
    Site.objects.create(hostname="lviv.example.org", root_page=city("lviv"))
    for host in ("localhost", "lviv.example.org"):
        here, wagtails = links(host)
        assert here == wagtails


def test_search_page_in_ukrainian(client, content):
    page = html(client.get("/uk/search/?q=heat"))
    assert "Пошук кейсів" in page and "2 результати" in page


def test_suggestions_are_titles_the_visitor_may_see(client, content):
    data = client.get("/en/search/suggest/?q=distr").json()
    assert [s["title"] for s in data["suggestions"]] == ["District heating for post-war flats"]
    assert data["suggestions"][0]["url"].startswith("/en/cities/utrecht/")
    assert client.get("/en/search/suggest/?q=d").json() == {"suggestions": []}


def test_case_study_page_shows_related_case_studies(client, content):
    page = html(client.get(content[0].url))
    assert "Related case studies" in page
    related = page.split("Related case studies")[1]
    assert "Small cogeneration plants" in related and "Shelter inventory" not in related


def test_search_api_returns_results_highlights_and_facets(client, content):
    data = client.get("/api/v2/search/?q=heat&city=utrecht&city=lviv&language=uk").json()
    assert data["total"] == 2
    assert {r["city"] for r in data["results"]} == {"utrecht", "lviv"}
    # Addresses come from the platform's configured address (PLATFORM_BASE_URL).
    assert all(r["url"].startswith("http://testserver/en/cities/") for r in data["results"])
    assert any("<mark>" in "".join(sum(r["highlights"].values(), [])) for r in data["results"])
    cities = {f["value"]: f for f in data["facets"]["city"]}
    assert cities["lviv"] == {"value": "lviv", "label": "Львів", "count": 1}
    # Every label is in the language asked for, not in the language of the request.
    assert data["facets"]["status"] == [{"value": "ongoing", "label": "Триває", "count": 2}]
    assert data["facets"]["locale"] == [{"value": "en", "label": "Англійська", "count": 2}]


def test_searches_are_logged_for_the_query_report(client, content):
    client.get("/en/search/?q=Heat")
    client.get("/en/search/?q=teleportation")
    assert list(
        SearchQueryLog.objects.order_by("id").values_list("query_text", "result_count")
    ) == [("heat", 2), ("teleportation", 0)]


def test_a_search_is_counted_once_however_it_is_refined(client, content):
    """Filters, sorting and pages of the same search are not new searches for the report;
    the same text searched again from elsewhere, or a new text, is."""
    first = "http://testserver/en/search/?q=heat"
    client.get("/en/search/?q=heat")
    client.get("/en/search/?q=heat&city=utrecht", HTTP_REFERER=first)
    client.get("/en/search/?q=heat&city=utrecht&sort=newest", HTTP_REFERER=first)
    client.get("/en/search/?q=heat&page=2")
    client.get("/en/search/?q=shelter", HTTP_REFERER=first)
    client.get("/en/search/?q=heat", HTTP_REFERER="http://testserver/en/")
    assert list(SearchQueryLog.objects.order_by("id").values_list("query_text", flat=True)) == [
        "heat",
        "shelter",
        "heat",
    ]


LONG = "heat " * 2000


def urlencode_value(value):
    return urlencode({"": value})[1:]


BAD_INPUT = [
    # (query string, expected status, text the answer must contain)
    ("q=", 200, "3 results"),
    ("q=" + LONG[:10000], 400, "too long"),
    ("q=" + "+".join(["heat"] * 500), 400, "too long"),
    ('q="heat', 200, "result"),
    ("q=heat*", 200, "result"),
    ("q=heat~", 200, "result"),
    ("q=(heat", 200, "result"),
    ("q=title:heat", 200, "result"),
    ("q=heat\\", 200, "result"),
    ("q=" + urlencode_value('"*~(:\\'), 200, "result"),
    ("theme=no-such-theme", 400, "Unknown theme: no-such-theme"),
    ("city=atlantis", 400, "Unknown city: atlantis"),
    ("page=-1", 400, "page must be a page number"),
    ("page=abc", 400, "page must be a page number"),
    ("year_from=abc", 400, "year_from must be a year"),
    ("year_from=2020&year_to=2010", 400, "year_from cannot be after year_to"),
    ("sort=popular", 400, "Sort must be"),
    ("q=heat&q=shelter&page=1&page=1&sort=newest&sort=relevance", 200, "1 result"),
    ('q="', 200, "0 results"),
    ('q=""', 200, "0 results"),
    ('q=" "', 200, "0 results"),
    ("q=%22he", 200, "result"),
    ("q=" + urlencode_value("NEAR(heat AND -shelter) ^heat"), 200, "result"),
    ("q=he%00at", 400, "cannot be searched"),
]


@pytest.mark.parametrize("typed", ['"he', '"(*:~\\', "he\x00", '"', "NEAR(", "^*"])
def test_odd_input_gets_suggestions_not_an_error(client, content, typed):
    response = client.get("/en/search/suggest/", {"q": typed})
    assert response.status_code == 200 and "suggestions" in response.json()


# The search page says in the words of its form what the API says with parameter names.
ON_THE_SITE = {
    "theme=no-such-theme": "There is no theme “no-such-theme”",
    "city=atlantis": "There is no city “atlantis”",
    "page=-1": "There is no such page of results",
    "page=abc": "There is no such page of results",
    "year_from=abc": "The start year must be a year between 1900 and 2100",
    "year_from=2020&year_to=2010": "The start year is after the end year",
    "sort=popular": "Results can be sorted by relevance, with the newest first or with the most "
    "recently verified first",
}


@pytest.mark.parametrize("params, status, expected", BAD_INPUT)
def test_bad_input_gets_a_clear_answer_on_the_site(client, content, params, status, expected):
    response = client.get(f"/en/search/?{params}")
    assert response.status_code == status
    assert ON_THE_SITE.get(params, expected) in html(response)
    if status == 400:
        error = html(response).split('class="error"')[1].split("</p>")[0]
        for parameter in ("year_from", "year_to", "page must", "Unknown", "Sort must"):
            assert parameter not in error


def test_error_messages_speak_the_visitors_language(client, content):
    response = client.get("/uk/search/?year_from=2020&year_to=2010")
    assert response.status_code == 400
    assert "Рік початку пізніший за рік завершення" in html(response)


@pytest.mark.parametrize("params, status, expected", BAD_INPUT)
def test_bad_input_gets_a_clear_answer_from_the_api(client, content, params, status, expected):
    response = client.get(f"/api/v2/search/?{params}")
    assert response.status_code == status
    if status == 400:
        assert expected in response.json()["message"]
    else:
        assert "results" in response.json()


def test_search_api_answers_match_the_openapi_description(client, content):
    spec = yaml.safe_load(OPENAPI.read_text(encoding="utf-8"))

    def check(response, schema):
        validate(response.json(), {**schema, "components": spec["components"]}, cls=OAS30Validator)

    responses = spec["paths"]["/api/v2/search/"]["get"]["responses"]
    ok = responses["200"]["content"]["application/json"]["schema"]
    check(client.get("/api/v2/search/?q=heat&city=lviv"), ok)
    check(client.get("/api/v2/search/?q=qwertyuiop"), ok)
    check(
        client.get("/api/v2/search/?page=0"),
        responses["400"]["content"]["application/json"]["schema"],
    )


def test_case_studies_in_other_languages_are_named_in_the_pages_language(client, engine):
    """A Polish case study on the Dutch search page and theme page: its title and summary are
    marked as Polish, while its city, themes and language are named in Dutch."""
    CaseStudyFactory(
        parent=city("warsaw", "pl"),
        title="Buspasy na głównych ulicach",
        themes=[theme("sustainable-mobility", "pl")],
        summary="Autobusy jeżdżą szybciej dzięki wydzielonym pasom.",
    )
    sync_index()
    page = client.get("/nl/search/?q=buspasy").content.decode()
    assert '<h3 lang="pl"><a href=' in page
    assert '<p lang="pl">Autobusy jeżdżą szybciej' in page
    assert "Warschau · sinds 2020 · Lopend · Pools</p>" in page and "Warszawa" not in page
    listing = client.get("/nl/themes/sustainable-mobility/").content.decode()
    assert '<span class="city">Warschau</span>' in listing
    assert "<li>Duurzame mobiliteit</li>" in listing and "Zrównoważona" not in listing
