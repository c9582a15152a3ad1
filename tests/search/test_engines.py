"""The search contract: both engines behave the same for what a user notices."""

from datetime import UTC, datetime

import pytest
from django.http import QueryDict
from django.test import RequestFactory
from wagtail.models import PageViewRestriction

from members.models import Role
from search.facets import allowed_values
from search.query import parse_search_params
from search.service import search
from tests.factories import CaseStudyFactory, MemberFactory
from tests.helpers import city, theme
from tests.search_engines import sync_index

pytestmark = pytest.mark.django_db


@pytest.fixture
def library(engine):
    """A small set of case studies, indexed by the engine under test."""
    heat, mobility, waste = (
        theme("decentralised-energy-planning"),
        theme("sustainable-mobility"),
        theme("waste-management"),
    )
    pages = {
        "heating": CaseStudyFactory(
            parent=city("utrecht"),
            title="District heating for post-war flats",
            themes=[heat],
            tags=["heat networks"],
            summary="Flats connected to a low-temperature heat network.",
            period_start=2018,
            period_end=2024,
            status="completed",
            body=[("paragraph", "<p>The network replaced individual gas boilers.</p>")],
        ),
        "boilers": CaseStudyFactory(
            parent=city("gdansk"),
            title="Replacing coal stoves",
            themes=[heat],
            summary="Households got grants to replace stoves.",
            period_start=2015,
            body=[("paragraph", "<p>Some streets chose district heating instead of gas.</p>")],
        ),
        "cycling": CaseStudyFactory(
            parent=city("utrecht"),
            title="Bicycle parking at the station",
            themes=[mobility],
            tags=["cycling"],
            summary="Guarded parking for twelve thousand bicycles.",
            period_start=2014,
            body=[("paragraph", "<p>Cycling to the train became the normal way.</p>")],
        ),
        "trams": CaseStudyFactory(
            parent=city("gdansk"),
            title="Accessible trams",
            themes=[mobility, heat],
            summary="Low-floor trams and raised stops.",
            period_start=2007,
            period_end=2012,
            status="completed",
        ),
        "waste": CaseStudyFactory(
            parent=city("lviv"),
            title="Recycling rubble",
            themes=[waste],
            summary="Crushed concrete for new roads.",
            period_start=2023,
        ),
        "uk": CaseStudyFactory(
            parent=city("lviv", "uk"),
            title="Теплові мережі Львова",
            themes=[theme("decentralised-energy-planning", "uk")],
            summary="Модернізація теплових мереж.",
            period_start=2020,
        ),
    }
    sync_index()
    return pages


def run(query_string, user=None):
    request = RequestFactory().get("/en/search/")
    request.user = user or _anonymous()
    request.session = {}
    query = parse_search_params(QueryDict(query_string), allowed_values())
    return search(query, request)


def _anonymous():
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()


def titles(results):
    return [hit.page.title for hit in results.hits]


def test_title_match_ranks_above_body_match(library):
    found = titles(run("q=district heating"))
    assert found.index("District heating for post-war flats") < found.index("Replacing coal stoves")


def test_quoted_phrase_matches_only_the_exact_phrase(library):
    assert titles(run('q="heat network"')) == ["District heating for post-war flats"]
    assert "Accessible trams" not in titles(run('q="raised trams"'))


def test_typo_tolerance(library, engine):
    results = run("q=bicyle")
    assert titles(results) == ["Bicycle parking at the station"]
    if engine == "database":  # corrects the spelling when the words as written find nothing
        assert results.corrected and results.suggestion == "bicycle"


def test_highlights_mark_the_matched_words(library):
    hit = run("q=boilers").hits[0]
    assert hit.page.title == "District heating for post-war flats"
    assert "<mark>boilers</mark>" in hit.highlights["body"][0]


def test_each_field_marks_the_words_it_has(library):
    """Title, summary and body are each highlighted, each with the words found in it."""
    hits = {hit.page.title: hit for hit in run("q=network heating").hits}
    highlights = hits["District heating for post-war flats"].highlights
    assert "<mark>heating</mark>" in highlights["title"][0]
    assert "<mark>network</mark>" in highlights["summary"][0]
    assert "<mark>network</mark>" in highlights["body"][0]


def test_multi_select_facets_count_with_the_other_filters(library):
    results = run("theme=sustainable-mobility&city=gdansk")
    assert titles(results) == ["Accessible trams"]
    facets = {name: dict(counts) for name, counts in results.facets.items()}
    # Theme counts ignore the theme filter itself but respect the city filter…
    assert facets["theme"] == {"decentralised-energy-planning": 2, "sustainable-mobility": 1}
    # …and city counts ignore the city filter but respect the theme filter.
    assert facets["city"] == {"utrecht": 1, "gdansk": 1}
    assert facets["status"] == {"completed": 1}
    assert facets["year"] == {2007: 1}


def test_theme_filters_combine_as_or_and_other_filters_as_and(library):
    both = run("theme=sustainable-mobility&theme=waste-management")
    assert set(titles(both)) == {
        "Bicycle parking at the station",
        "Accessible trams",
        "Recycling rubble",
    }
    assert titles(run("theme=sustainable-mobility&status=completed")) == ["Accessible trams"]


def test_locale_filter(library):
    assert titles(run("locale=uk")) == ["Теплові мережі Львова"]
    assert "Теплові мережі Львова" not in titles(run("locale=en"))
    assert dict(run("").facets["locale"]) == {"en": 5, "uk": 1}


def test_period_filter_keeps_overlapping_and_ongoing_work(library):
    found = set(titles(run("year_from=2013&year_to=2016")))
    assert found == {"Bicycle parking at the station", "Replacing coal stoves"}


def test_newest_sort_and_paging(library):
    newest = titles(run("sort=newest"))
    assert newest[0] == "Теплові мережі Львова" and len(newest) == 6
    results = run("sort=newest&page=2")
    assert results.hits == [] and results.total == 6


def test_words_sorted_newest_first_go_by_first_publication(engine):
    """The newer publication comes first, though it was written first (its id is lower)."""
    for title, year in (("Heat pumps in Warsaw schools", 2024), ("Heat pumps in Lviv", 2019)):
        CaseStudyFactory(
            parent=city("utrecht"),
            title=title,
            first_published_at=datetime(year, 5, 1, tzinfo=UTC),
        )
    sync_index()
    assert titles(run("q=heat pumps&sort=newest")) == [
        "Heat pumps in Warsaw schools",
        "Heat pumps in Lviv",
    ]


def test_members_only_case_studies_are_hidden_from_anonymous_visitors(library, django_user_model):
    PageViewRestriction.objects.create(
        page=library["cycling"], restriction_type=PageViewRestriction.LOGIN
    )
    sync_index()
    assert run("q=bicycle").total == 0
    assert "Bicycle parking at the station" not in titles(run(""))
    member = MemberFactory(role=Role.MEMBER, city="mariupol")
    assert titles(run("q=bicycle", user=member)) == ["Bicycle parking at the station"]


def test_unpublished_case_studies_leave_the_results(library):
    library["waste"].unpublish()
    sync_index()
    assert run("q=rubble").total == 0


def test_misspelt_matches_are_highlighted_too(library):
    hit = run("q=bicyle").hits[0]
    assert "<mark>Bicycle</mark>" in hit.highlights["title"][0]
