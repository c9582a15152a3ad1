"""Semantic vectors on every engine: a Ukrainian query finds the English, Dutch and Polish case
studies on its subject that no word of it matches; filters, facets and visibility apply to what
the vectors bring; the vectors are computed after commit, never in the request that saves a
page; with vectors off, search is lexical only."""

import logging

import pytest

from search import vector_index
from search.models import IndexedCaseStudy

from .helpers import add_case_study, city, theme
from .people import members_only
from .search_engines import sync_index
from .test_search_contract import run, titles

pytestmark = pytest.mark.django_db

SHELTERS = {
    "en": ("School bomb shelters in Gdansk", "Basements of twelve schools became shelters."),
    "nl": ("Schuilkelders onder scholen", "Kelders van scholen werden schuilplaatsen."),
    "pl": ("Schrony w szkołach Warszawy", "Piwnice szkół zamieniono na schrony."),
}
CITIES = {"en": "gdansk", "nl": "utrecht", "pl": "warsaw"}


@pytest.fixture
def vectors_on(settings):
    settings.SEARCH_VECTORS = "on"


@pytest.fixture
def library(engine, vectors_on):
    """Shelters in three languages, and unrelated case studies around them."""
    safety = "safety-security-resilience"
    for code, (title, summary) in SHELTERS.items():
        add_case_study(city(CITIES[code], code), title, [theme(safety, code)], summary=summary)
    unrelated = [
        ("Low-floor trams for Gdansk", "New trams with level boarding.", "sustainable-mobility"),
        ("Waste sorting in blocks of flats", "Containers for sorted waste.", "waste-management"),
        ("Insulating panel buildings", "Facades insulated to save heat.", "energy-efficiency"),
    ]
    for title, summary, slug in unrelated:
        add_case_study(city("gdansk"), title, [theme(slug)], summary=summary)
    sync_index()


UKRAINIAN = "q=укриття в підвалах шкіл&glossary=off"  # shelters in school basements


def test_a_ukrainian_query_finds_the_other_languages_through_the_vectors(library, settings):
    found = titles(run(UKRAINIAN))
    assert {title for title, _summary in SHELTERS.values()} <= set(found[:3]), found
    settings.SEARCH_VECTORS = "off"
    assert titles(run(UKRAINIAN)) == []  # no word of it is in any case study


def test_filters_and_facets_apply_to_what_the_vectors_bring(library):
    results = run(UKRAINIAN + "&locale=nl&locale=pl")
    assert set(titles(results)) == {SHELTERS["nl"][0], SHELTERS["pl"][0]}
    assert results.total == 2
    locales = dict(results.facets["locale"])
    assert locales["nl"] == locales["pl"] == 1 and locales["en"] >= 1  # multi-select
    assert dict(results.facets["city"]) == {"utrecht": 1, "warsaw": 1}


def test_members_only_case_studies_never_come_through_the_vectors(library):
    secret = members_only(
        add_case_study(city("lviv", "uk"), "Укриття в підвалах шкіл Львова", [], summary="Укриття.")
    )
    sync_index()
    assert IndexedCaseStudy.objects.get(page_id=secret.pk).embedding is not None
    results = run("q=schuilkelders onder scholen&glossary=off")  # no word of the secret's
    assert secret.title not in titles(results)
    assert results.total == len(SHELTERS) + 3  # every other case study, not the secret


def test_vectors_are_computed_after_commit_not_in_the_request(
    vectors_on, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        page = add_case_study(city("utrecht", "nl"), "Schuilkelders", [], summary="Kelders.")
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
    add_case_study(city("lviv", "uk"), "Укриття", [], summary="Укриття.")
    sync_index()
    assert len(vector_index.matrix().ids) == before + 1
