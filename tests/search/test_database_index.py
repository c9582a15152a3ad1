"""The database engine's own full-text index: word forms (on Elasticsearch too), ranking, query
syntax, and keeping the index true to the case studies."""

import pytest
from django.db import connection
from django.test import Client

from search.indexing import check_database_index, rebuild_database_index
from search.models import IndexedCaseStudy
from search.schema import TEXT_FIELDS
from tests.factories import CaseStudyFactory
from tests.helpers import city, members_only, theme
from tests.search.test_engines import run, titles
from tests.search_engines import sync_index

pytestmark = pytest.mark.django_db


@pytest.fixture
def ukrainian(engine):
    heat = theme("decentralised-energy-planning", "uk")
    pages = {
        "heating": CaseStudyFactory(
            parent=city("lviv", "uk"),
            title="Модернізація котелень",
            themes=[heat],
            summary="Місто замінило старі котли.",
            body=[
                ("paragraph", "<p>Квартали з централізованим опаленням отримали лічильники.</p>")
            ],
        ),
        "schools": CaseStudyFactory(
            parent=city("lviv", "uk"),
            title="Укриття у школах",
            themes=[heat],
            summary="Підвали шкіл облаштували як укриття.",
            body=[("paragraph", "<p>Учні повернулися до навчання в школі.</p>")],
        ),
    }
    sync_index()
    return pages


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("опалення", "Модернізація котелень"),  # the body says опаленням
        ("школа", "Укриття у школах"),  # the title says школах, the summary шкіл
        ("укриттів", "Укриття у школах"),
        ("котли", "Модернізація котелень"),  # as written in the summary
    ],
)
def test_ukrainian_words_find_their_other_forms(ukrainian, engine, typed, expected):
    """On the database through its lemmas, on Elasticsearch through the Ukrainian dictionary
    that scripts/elasticsearch gives the node."""
    assert titles(run(f"q={typed}")) == [expected]


def test_highlights_mark_inflected_forms(ukrainian):
    hit = run("q=опалення").hits[0]
    assert "<mark>опаленням</mark>" in hit.highlights["body"][0]


def test_english_singular_finds_plural_and_exact_form_ranks_first():
    utrecht, heat = city("utrecht"), theme("safety-security-resilience")
    CaseStudyFactory(
        parent=utrecht,
        title="Shelters in basements",
        themes=[heat],
        summary="Basements became refuges.",
    )
    CaseStudyFactory(
        parent=utrecht, title="A shelter at the station", themes=[heat], summary="One big refuge."
    )
    assert titles(run("q=shelter")) == ["A shelter at the station", "Shelters in basements"]
    assert titles(run("q=shelters")) == ["Shelters in basements", "A shelter at the station"]


def test_title_matches_rank_first_among_many_body_matches():
    """Among twenty case studies that mention district heating in their text, often, the two
    about it come first."""
    heat, gdansk = theme("decentralised-energy-planning"), city("gdansk")
    mention = "<p>District heating was discussed; district heating costs rose.</p>"
    for n in range(20):
        CaseStudyFactory(
            parent=gdansk,
            title=f"Street renewal {n}",
            themes=[heat],
            body=[("paragraph", mention * (1 + n % 3))],
        )
    CaseStudyFactory(parent=gdansk, title="District heating for the old town", themes=[heat])
    CaseStudyFactory(parent=gdansk, title="Low-temperature district heating", themes=[heat])
    assert set(titles(run("q=district heating"))[:2]) == {
        "District heating for the old town",
        "Low-temperature district heating",
    }


@pytest.mark.parametrize(
    "typed",
    [
        '"',
        '""',
        '" "',
        "*",
        "heat*",
        "a:b",
        "title:heat",
        "NEAR(heat boilers)",
        "-heat",
        "^heat",
        "heat AND",
        "OR",
        "heat & | !",
        "'",
        "(*:~\\",
        '"he',
    ],
)
def test_query_syntax_characters_are_plain_text(client, typed):
    response = Client().get("/en/search/", {"q": typed})
    assert response.status_code == 200
    assert Client().get("/en/search/suggest/", {"q": typed}).status_code == 200


def test_each_text_field_is_searched_by_both_engines(engine):
    """A word that only one field holds finds the case study, in every engine."""
    page = CaseStudyFactory(
        parent=city("warsaw"),
        title="Titleword renewal",
        themes=[theme("energy-efficiency")],
        tags=["tagword"],
        summary="Summaryword in short.",
        results="Detailword in the results.",
        body=[("paragraph", "<p>Bodyword in the text.</p>")],
    )
    sync_index()
    words = {
        "title": "titleword",
        "summary": "summaryword",
        "body": "bodyword",
        "details": "detailword",
        "tag_names": "tagword",
        "theme_names": "efficiency",
        "city_name": "warsaw",
    }
    assert set(words) == set(TEXT_FIELDS)  # a new field needs a word here
    for field, word in words.items():
        assert page.pk in [hit.page.pk for hit in run(f"q={word}").hits], field


def test_check_finds_and_repairs_drift_and_rebuild_restores_the_index():
    page = CaseStudyFactory(
        parent=city("utrecht"), title="Rain gardens", themes=[theme("energy-efficiency")]
    )
    assert check_database_index().clean
    IndexedCaseStudy.objects.filter(page_id=page.pk).delete()
    drift = check_database_index(fix=True)
    assert drift.missing == [page.pk]
    assert check_database_index().clean and titles(run("q=rain gardens")) == ["Rain gardens"]
    IndexedCaseStudy.objects.all().delete()
    assert rebuild_database_index() == 1
    assert titles(run("q=gardens")) == ["Rain gardens"]


def test_suggestions_complete_the_last_word_of_titles_only_visible(client):
    CaseStudyFactory(
        parent=city("utrecht"),
        title="Bicycle parking at the station",
        themes=[theme("energy-efficiency")],
    )
    members_only(
        CaseStudyFactory(
            parent=city("utrecht"),
            title="Bicycle parking plans",
            themes=[theme("energy-efficiency")],
        )
    )
    found = Client().get("/en/search/suggest/", {"q": "bicycle par"}).json()["suggestions"]
    assert [s["title"] for s in found] == ["Bicycle parking at the station"]


def test_a_highlighted_title_is_shown_whole(engine):
    title = "Connecting a post-war district in the east of the city to low-temperature heating"
    CaseStudyFactory(parent=city("utrecht"), title=title, themes=[theme("energy-efficiency")])
    sync_index()
    marked = run("q=heating").hits[0].highlights["title"][0]
    assert marked.startswith("Connecting a post-war") and "<mark>heating</mark>" in marked


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_rebuilt_index_is_vacuumed_on_postgresql():
    # Until a vacuum, PostgreSQL's searches read through the old index's dead rows and the GIN
    # indexes' pending list (search.database_index.vacuum).
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    CaseStudyFactory(
        parent=city("utrecht"), title="Rain gardens", themes=[theme("energy-efficiency")]
    )
    assert rebuild_database_index() == 1
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relallvisible FROM pg_class WHERE relname = %s",
            [IndexedCaseStudy._meta.db_table],
        )
        assert cursor.fetchone()[0] > 0  # only a vacuum marks the new rows' pages all-visible
    assert titles(run("q=gardens")) == ["Rain gardens"]
