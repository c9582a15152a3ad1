"""Semantic vectors on every engine: a Ukrainian query finds the English, Dutch and Polish case
studies on its subject that no word of it matches; filters, facets and visibility apply to what
the vectors bring; the vectors are computed after commit, never in the request that saves a
page; with vectors off, search is lexical only."""

import logging

import pytest

from search import vector_index
from search.engines import elastic_vectors
from search.models import IndexedCaseStudy
from tests.factories import CaseStudyFactory
from tests.helpers import city, members_only, theme
from tests.search.test_engines import run, titles
from tests.search_engines import sync_index

pytestmark = pytest.mark.django_db

SHELTERS = {
    "en": ("School bomb shelters in Gdansk", "Basements of twelve schools became shelters."),
    "nl": ("Schuilkelders onder scholen", "Kelders van scholen werden schuilplaatsen."),
    "pl": ("Schrony w szkołach Warszawy", "Piwnice szkół zamieniono na schrony."),
}
UNRELATED = {
    "en": [
        ("Low-floor trams for Gdansk", "New trams with level boarding."),
        ("Waste sorting in blocks of flats", "Containers for sorted waste."),
    ],
    "nl": [
        ("Lagevloertrams in Utrecht", "Nieuwe trams met gelijkvloerse instap."),
        ("Afvalscheiding bij flats", "Containers voor gescheiden afval."),
    ],
    "pl": [
        ("Tramwaje niskopodłogowe", "Nowe tramwaje z niską podłogą."),
        ("Segregacja odpadów w blokach", "Pojemniki na posegregowane odpady."),
    ],
}
MOBILITY_AND_WASTE = ("sustainable-mobility", "waste-management")
CITIES = {"en": "gdansk", "nl": "utrecht", "pl": "warsaw"}


@pytest.fixture
def vectors_on(settings):
    settings.SEARCH_VECTORS = "on"


@pytest.fixture
def library(engine, vectors_on):
    """Shelters in three languages, and unrelated case studies in each."""
    safety = "safety-security-resilience"
    for code, (title, summary) in SHELTERS.items():
        CaseStudyFactory(
            parent=city(CITIES[code], code),
            title=title,
            themes=[theme(safety, code)],
            summary=summary,
        )
    for code, titles_and_summaries in UNRELATED.items():
        for (title, summary), slug in zip(titles_and_summaries, MOBILITY_AND_WASTE, strict=True):
            CaseStudyFactory(
                parent=city(CITIES[code], code),
                title=title,
                themes=[theme(slug, code)],
                summary=summary,
            )
    sync_index()


UKRAINIAN = "q=укриття в підвалах шкіл&glossary=off"  # shelters in school basements


def test_a_ukrainian_query_finds_the_other_languages_through_the_vectors(library, settings):
    found = titles(run(UKRAINIAN))
    assert {title for title, _summary in SHELTERS.values()} <= set(found[:3]), found
    settings.SEARCH_VECTORS = "off"
    assert titles(run(UKRAINIAN)) == []  # no word of it is in any case study


def test_each_engine_finds_the_nearest_itself(library, engine):
    """Elasticsearch's kNN request answers itself: were it refused, the search would fall
    back to the database engine, which finds the same case studies."""
    results = run(UKRAINIAN)
    assert (results.engine, results.fell_back) == (engine, False)
    assert {title for title, _summary in SHELTERS.values()} <= set(titles(results)[:3])


@pytest.mark.parametrize("engine", ["elasticsearch"], indirect=True)
def test_a_failed_knn_request_falls_back_to_the_database(library, monkeypatch):
    """The node fails the kNN searches (asked for a text field's doc values, which it has not)
    while it answers the words: the whole search comes from the database, which finds the same
    case studies."""
    monkeypatch.setattr(elastic_vectors, "READ", [*elastic_vectors.READ, "title"])
    results = run(UKRAINIAN)
    assert (results.engine, results.fell_back) == ("database", True)
    assert {title for title, _summary in SHELTERS.values()} <= set(titles(results)[:3])


def test_filters_and_facets_apply_to_what_the_vectors_bring(library):
    results = run(UKRAINIAN + "&locale=nl&locale=pl")
    found = titles(results)
    assert set(found[:2]) == {SHELTERS["nl"][0], SHELTERS["pl"][0]}
    assert {hit.page.locale.language_code for hit in results.hits} == {"nl", "pl"}
    assert results.total == 6  # no word matches: the nearest, among those that pass
    locales = dict(results.facets["locale"])
    assert locales["nl"] == locales["pl"] == 3 and locales["en"] == 3  # multi-select
    assert dict(results.facets["city"]) == {"utrecht": 3, "warsaw": 3}


def test_a_case_study_that_the_words_and_the_vectors_find_is_counted_once(library):
    results = run("q=schuilkelders&glossary=off")  # in the Dutch title; the vectors find all
    assert titles(results)[0] == SHELTERS["nl"][0]
    assert results.found_by_words == 1
    assert results.total == 9 == len(results.hits)
    assert dict(results.facets["locale"]) == {"en": 3, "nl": 3, "pl": 3}
    assert sum(count for _theme, count in results.facets["theme"]) == 9


def test_members_only_case_studies_never_come_through_the_vectors(library):
    secret = members_only(
        CaseStudyFactory(
            parent=city("lviv", "uk"),
            title="Укриття в підвалах шкіл Львова",
            themes=[],
            summary="Укриття.",
        )
    )
    sync_index()
    assert IndexedCaseStudy.objects.get(page_id=secret.pk).embedding is not None
    results = run("q=schuilkelders onder scholen&glossary=off")  # no word of the secret's
    assert secret.title not in titles(results)
    assert results.total == 9  # every other case study (fewer than a page), not the secret


def test_vectors_are_computed_after_commit_not_in_the_request(
    vectors_on, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        page = CaseStudyFactory(
            parent=city("utrecht", "nl"), title="Schuilkelders", themes=[], summary="Kelders."
        )
    assert IndexedCaseStudy.objects.get(page_id=page.pk).embedding is None
    assert callbacks, "the publication queues the task"
    for callback in callbacks:
        callback()  # what runs after commit: the queued task, here the immediate backend
    row = IndexedCaseStudy.objects.get(page_id=page.pk)
    assert len(row.embedding) == 384
    # A change that leaves the passage as it was keeps the vector.
    page.save_revision().publish()
    assert IndexedCaseStudy.objects.get(page_id=page.pk).embedding == row.embedding


def test_off_falls_back_to_the_words_with_one_log_line(library, settings, caplog, monkeypatch):
    monkeypatch.setattr("search.vectors._unavailable_logged", False)
    settings.SEARCH_VECTORS = "off"
    with caplog.at_level(logging.INFO, logger="search.vectors"):
        assert titles(run("q=schrony&glossary=off")) == [SHELTERS["pl"][0]]
        assert titles(run("q=schrony&glossary=off")) == [SHELTERS["pl"][0]]
    assert [r.getMessage() for r in caplog.records] == [
        "Search vectors are unavailable: SEARCH_VECTORS is off"
    ]


def test_the_matrix_follows_new_vectors(library):
    before = len(vector_index.matrix().ids)
    CaseStudyFactory(parent=city("lviv", "uk"), title="Укриття", themes=[], summary="Укриття.")
    sync_index()
    assert len(vector_index.matrix().ids) == before + 1


def test_related_case_studies_are_the_nearest_in_any_language(library, rf):
    from django.contrib.auth.models import AnonymousUser

    from learning.models import CaseStudyPage
    from search.service import more_like_this

    secret = members_only(
        CaseStudyFactory(
            parent=city("lviv", "uk"),
            title="Укриття в школах Львова",
            themes=[],
            summary="Укриття.",
        )
    )
    sync_index()
    request = rf.get("/")
    request.user = AnonymousUser()
    page = CaseStudyPage.objects.get(title=SHELTERS["nl"][0])
    related = [p.title for p in more_like_this(page, request, limit=2)]
    assert set(related) == {SHELTERS["en"][0], SHELTERS["pl"][0]}
    assert secret.title not in [p.title for p in more_like_this(page, request, limit=10)]


def test_rebuild_computes_missing_vectors_and_keeps_the_others(library, capsys):
    from django.core.management import call_command

    kept = dict(IndexedCaseStudy.objects.values_list("page_id", "embedding"))
    changed = next(iter(kept))
    IndexedCaseStudy.objects.filter(page_id=changed).update(embedding=None)
    call_command("rebuild_search_index")
    assert "Computed 1 vectors." in capsys.readouterr().out
    assert dict(IndexedCaseStudy.objects.values_list("page_id", "embedding")) == kept


def test_the_query_log_counts_what_the_words_found(library):
    """The zero-results report keeps showing the subjects the platform lacks case studies on,
    though the vectors always find the nearest."""
    from search.models import SearchQueryLog

    assert run(UKRAINIAN).total == 9
    assert run("q=schuilkelders&glossary=off").total == 9
    assert dict(SearchQueryLog.objects.values_list("query_text", "result_count")) == {
        "укриття в підвалах шкіл": 0,
        "schuilkelders": 1,
    }


def test_check_search_index_counts_and_fixes_missing_vectors(library, capsys):
    from django.core.management import call_command

    IndexedCaseStudy.objects.filter(locale="nl").update(embedding=None)
    call_command("check_search_index")
    assert "Semantic vectors: 3 case studies wait for theirs." in capsys.readouterr().out
    call_command("check_search_index", "--fix")
    assert not IndexedCaseStudy.objects.filter(embedding=None).exists()


def test_the_page_says_when_no_case_study_uses_the_words_and_offers_to_ask(library, client):
    """What only the vectors found is shown as close in meaning, with the offer to ask the
    partner cities: every text has nearest case studies, even nonsense."""
    page = client.get("/uk/search/", {"q": "укриття в підвалах шкіл", "glossary": "off"})
    text = page.content.decode()
    assert "Schrony w szkołach Warszawy" in text
    assert "Жоден кейс не містить слів" in text and "/requests/ask/" in text
    api = client.get("/api/v2/search/", {"q": "укриття в підвалах шкіл", "glossary": "off"})
    assert api.json()["found_by_words"] == 0 and api.json()["total"] >= 3

    text = client.get("/uk/search/", {"q": "Schrony", "glossary": "off"}).content.decode()
    assert "w szkołach Warszawy" in text and "Жоден кейс не містить слів" not in text
    assert client.get("/api/v2/search/", {"q": "Schrony"}).json()["found_by_words"] >= 1
