"""Knowledge requests and their answers in search, on both engines: members find them beside the
case studies and alone (the kind facet), by their words and their answers' in any of the four
languages; a members-only request reaches nobody else through the page, the box, the facets or
the API; filters apply as they mean for a request; the index follows every change."""

import pytest
import yaml
from openapi_schema_validator import OAS30Validator, validate

from exchange import services
from members.models import Role
from search.models import IndexedRequest
from tests.factories import CaseStudyFactory, MemberFactory
from tests.helpers import city, signed_in, theme
from tests.search_engines import sync_index

from .test_views import OPENAPI

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    return {
        "asker": MemberFactory(role=Role.MEMBER, city="mariupol"),
        "warsaw": MemberFactory(role=Role.EXPERT, city="warsaw"),
        "utrecht": MemberFactory(role=Role.EXPERT, city="utrecht"),
        "lviv": MemberFactory(role=Role.EXPERT, city="lviv"),
    }


def _ask(asker, title, body, language, themes, cities=(), public=False):
    return services.ask(
        asker,
        title=title,
        body=body,
        language=language,
        themes=[theme(slug) for slug in themes],
        cities=[city(slug) for slug in cities],
        public=public,
    )


@pytest.fixture
def asked(engine, people):
    """Questions from Mariupol in four languages, some answered in another language, with a
    few case studies on the same subjects; indexed by the engine under test."""
    asker = people["asker"]
    requests = {
        "waste": _ask(
            asker,
            "Як організувати роздільний збір відходів у багатоповерхівках?",
            "Маріуполь відбудовує житлові квартали. Нам потрібен досвід сортування відходів "
            "біля під'їздів: скільки контейнерів ставити і як пояснити мешканцям правила.",
            "uk",
            ["waste-management"],
            cities=["utrecht", "warsaw"],
        ),
        "cycling": _ask(
            asker,
            "How did you keep cyclists safe on temporary routes during reconstruction?",
            "Whole streets in Mariupol will be closed for months. We want cycle detours that "
            "people actually use and that do not send them across tram tracks.",
            "en",
            ["sustainable-mobility"],
            public=True,
        ),
        "heat": _ask(
            asker,
            "Hoe hebben jullie bewoners betrokken bij de aanleg van het warmtenet?",
            "Wij plannen een nieuw warmtenet voor een wijk met flats uit de jaren zeventig. "
            "Hoe overtuig je eigenaren om hun gasketel op te geven?",
            "nl",
            ["decentralised-energy-planning"],
            cities=["utrecht"],
        ),
        "shelters": _ask(
            asker,
            "Jak finansowano remonty schronów w szkołach?",
            "Szukamy przykładów, jak miasto sfinansowało przystosowanie piwnic szkolnych na "
            "schrony i kto odpowiada za ich utrzymanie.",
            "pl",
            ["safety-security-resilience"],
            cities=["warsaw", "lviv"],
            public=True,
        ),
        "cooperative": _ask(
            asker,
            "Енергетичний кооператив для лікарні: з чого почати?",
            "Лікарня хоче сонячні панелі на даху разом із сусідніми будинками. Яка юридична "
            "форма кооперативу працює і хто веде облік енергії?",
            "uk",
            ["decentralised-energy-planning"],
            public=True,
        ),
    }
    services.answer(
        people["warsaw"],
        requests["waste"],
        text="W Warszawie segregujemy odpady na pięć frakcji. Pojemniki stoją w altanach "
        "śmietnikowych przy każdym budynku wielorodzinnym, a zarządca rozdaje ulotki.",
    )
    services.answer(
        people["utrecht"],
        requests["cycling"],
        text="We marked every detour with yellow signs and kept a two-way bicycle lane "
        "on the parallel street, separated by concrete blocks.",
    )
    services.answer(
        people["lviv"],
        requests["shelters"],
        text="У Львові укриття в школах ремонтували з міського бюджету і грантів; "
        "директор школи відповідає за доступ до укриття вночі.",
    )
    duplicate = _ask(
        asker,
        "Сортування сміття у нових будинках",
        "Ще раз про сортування відходів: які контейнери потрібні?",
        "uk",
        ["waste-management"],
    )
    services.merge(
        MemberFactory(role=Role.MODERATOR, city="warsaw"), duplicate, into=requests["waste"]
    )
    for title, slug, subject in (
        ("Five-stream selective waste collection", "warsaw", "waste-management"),
        ("A city-wide cycling network with temporary routes", "utrecht", "sustainable-mobility"),
        ("Warmtenet voor flats uit de jaren zeventig", "utrecht", "decentralised-energy-planning"),
    ):
        CaseStudyFactory(parent=city(slug), title=title, themes=[theme(subject)])
    sync_index()
    requests["duplicate"] = duplicate
    return requests


def found(client, query):
    """The search API's answer to a query string."""
    response = client.get(f"/api/v2/search/?{query}")
    assert response.status_code == 200, response.content.decode()[:500]
    return response.json()


def titles(results):
    return [item["title"] for item in results]


def kinds(data):
    return {option["value"]: option["count"] for option in data["facets"]["type"]}


def test_a_member_finds_a_request_by_the_words_of_an_answer_in_another_language(asked, people):
    member = signed_in(people["asker"])
    # "pojemnik" (container) is only in the Polish answer to the Ukrainian question
    data = found(member, "q=pojemnik&type=request")
    assert titles(data["results"]) == [asked["waste"].title]
    assert data["results"][0]["type"] == "request"
    assert "<mark>Pojemniki</mark>" in data["results"][0]["highlights"]["text"][0]
    # Word forms: "відходи" finds "відходів" in the Ukrainian title
    data = found(member, "q=відходи&type=request")
    assert asked["waste"].title in titles(data["results"])


def test_requests_come_beside_the_case_studies_with_a_kind_facet(asked, people):
    member = signed_in(people["asker"])
    data = found(member, "q=warmtenet")
    assert titles(data["results"]) == ["Warmtenet voor flats uit de jaren zeventig"]
    assert titles(data["requests"]) == [asked["heat"].title]
    assert kinds(data) == {"case_study": 1, "request": 1}
    only_case_studies = found(member, "q=warmtenet&type=case_study")
    assert only_case_studies["requests"] == []
    assert titles(only_case_studies["results"]) == titles(data["results"])
    assert kinds(only_case_studies) == {"case_study": 1, "request": 1}  # the facet keeps both


def test_the_page_shows_the_requests_found_and_links_to_all_of_them(asked, people):
    member = signed_in(people["asker"])
    page = member.get("/uk/search/?q=temporary routes").content.decode()
    assert "requests-found" in page
    assert asked["cycling"].get_absolute_url() in page
    assert 'name="type" value="request"' in page  # the kind facet
    listing = member.get("/uk/search/?q=temporary routes&type=request").content.decode()
    assert 'class="card result result-request"' in listing
    assert "<mark>temporary</mark> <mark>routes</mark>" in listing
    assert "A city-wide cycling network" not in listing  # case studies are left out


def test_a_members_only_request_reaches_nobody_else(asked, people, client):
    # The waste question is for members only; the cycling one is public.
    for query in ("q=pojemnik", "q=pojemnik&type=request", "type=request", "q=відходів"):
        data = found(client, query)
        listed = titles(data["results"]) + titles(data["requests"])
        assert asked["waste"].title not in listed, query
        assert asked["heat"].title not in listed, query
    data = found(client, "type=request")
    assert sorted(titles(data["results"])) == sorted(
        [asked["cycling"].title, asked["shelters"].title, asked["cooperative"].title]
    )
    assert kinds(found(client, "q=pojemnik")).get("request") is None
    assert kinds(found(signed_in(people["asker"]), "q=pojemnik"))["request"] == 1
    for path in ("/uk/search/?q=pojemnik", "/uk/search/?q=pojemnik&type=request"):
        page = client.get(path).content.decode()
        assert "Pojemniki" not in page and asked["waste"].get_absolute_url() not in page
    # Someone waiting for approval is not a member yet
    waiting = signed_in(MemberFactory(role=Role.MEMBER, city="mariupol", status="pending"))
    assert asked["waste"].title not in titles(found(waiting, "type=request")["results"])


def test_filters_mean_for_a_request_what_they_say(asked, people):
    member = signed_in(people["asker"])
    dutch = found(member, "type=request&locale=nl")
    assert titles(dutch["results"]) == [asked["heat"].title]
    energy = found(member, "type=request&theme=decentralised-energy-planning")
    assert sorted(titles(energy["results"])) == sorted(
        [asked["heat"].title, asked["cooperative"].title]
    )
    # A question to no city in particular asks every city, Gdansk too
    gdansk = found(member, "type=request&city=gdansk")
    assert sorted(titles(gdansk["results"])) == sorted(
        [asked["cycling"].title, asked["cooperative"].title]
    )
    counts = {option["value"]: option["count"] for option in gdansk["facets"]["city"]}
    assert counts["gdansk"] == 2 and counts["warsaw"] == 4  # waste, shelters and the two to all
    # Requests have no status, period or verification date: such a filter finds none
    completed = found(member, "type=request&status=completed")
    assert completed["total"] == 0 and "request" not in kinds(completed)
    # The merged duplicate is not listed: its question goes on in the one it was merged into
    listed = titles(found(member, "type=request")["results"])
    assert asked["duplicate"].title not in listed and len(listed) == 5
    # Without words, the newest first
    assert listed[0] == asked["cooperative"].title


def test_the_index_follows_answers_merges_and_deletions(asked, people):
    member = signed_in(people["asker"])
    assert found(member, "q=warmtepomp&type=request")["total"] == 0
    services.answer(
        people["utrecht"],
        asked["heat"],
        text="Wij begonnen met een warmtepomp per portiek en informatieavonden.",
    )
    sync_index()
    assert titles(found(member, "q=warmtepomp&type=request")["results"]) == [asked["heat"].title]
    services.merge(
        MemberFactory(role=Role.MODERATOR, city="utrecht"), asked["heat"], into=asked["waste"]
    )
    sync_index()  # the answer moved with the merge: it is found on the other request now
    merged = titles(found(member, "q=warmtepomp&type=request")["results"])
    assert merged == [asked["waste"].title]
    asked["cycling"].delete()
    sync_index()
    assert found(member, "q=cyclists&type=request")["total"] == 0
    assert not IndexedRequest.objects.filter(request_id=asked["cycling"].pk).exists()


def test_request_results_match_the_openapi_description(asked, people):
    spec = yaml.safe_load(OPENAPI.read_text(encoding="utf-8"))
    ok = spec["paths"]["/api/v2/search/"]["get"]["responses"]["200"]
    schema = {**ok["content"]["application/json"]["schema"], "components": spec["components"]}
    member = signed_in(people["asker"])
    for query in ("q=warmtenet", "q=pojemnik&type=request", "type=request&city=lviv"):
        validate(found(member, query), schema, cls=OAS30Validator)


def test_an_unknown_kind_is_a_clear_error(client):
    response = client.get("/api/v2/search/?q=warmtenet&type=question")
    assert response.status_code == 400
    assert response.json()["message"] == "Unknown type: question."
    page = client.get("/en/search/?q=warmtenet&type=question")
    assert page.status_code == 400
    assert "There is no kind of result “question”" in page.content.decode()


def test_a_search_saved_from_the_questions_asks_for_the_case_studies_it_alerts_of(people):
    member = signed_in(people["asker"])
    page = member.get("/en/search/?q=warmtenet&type=request").content.decode()
    assert 'name="type"' not in page.split('class="save-search')[1].split("</form>")[0]
    member.post("/en/following/searches/", {"q": "warmtenet", "type": "request"})
    assert people["asker"].saved_searches.get().params == "q=warmtenet"
