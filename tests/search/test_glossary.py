"""The moderated glossary: a query naming a concept in one language also finds the case studies
that name it in the others, on every engine; the search page says what was also searched; the
glossary page lists the concepts; moderators keep it clean."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from learning.models import GlossaryTerm
from search.glossary import expand
from search.indexing import check_database_index
from tests.factories import CaseStudyFactory
from tests.helpers import city, theme
from tests.search.test_engines import run, titles
from tests.search.test_views import html
from tests.search_engines import sync_index

pytestmark = pytest.mark.django_db


def concept(theme_slug, en, uk, nl, pl):
    return GlossaryTerm.objects.create(
        theme=theme(theme_slug),
        terms_en="\n".join(en),
        terms_uk="\n".join(uk),
        terms_nl="\n".join(nl),
        terms_pl="\n".join(pl),
    )


@pytest.fixture
def glossary():
    GlossaryTerm.objects.all().delete()  # the seed's concepts are tested on the demo content
    return [
        concept(
            "waste-management",
            ["separate waste collection", "waste sorting"],
            ["сортування відходів", "роздільне збирання відходів"],
            ["afvalscheiding", "gescheiden afvalinzameling"],
            ["selektywna zbiórka odpadów", "segregacja odpadów"],
        ),
        concept(
            "decentralised-energy-planning",
            ["heat pump"],
            ["тепловий насос"],
            ["warmtepomp"],
            ["pompa ciepła"],
        ),
        concept(
            "energy-efficiency",
            ["heat"],  # a short name inside the longer one above: the longest name wins
            ["тепло"],
            ["warmte"],
            ["ciepło"],
        ),
    ]


@pytest.fixture
def library(engine, glossary):
    waste = {code: [theme("waste-management", code)] for code in ("en", "uk", "nl", "pl")}
    CaseStudyFactory(
        parent=city("utrecht", "nl"),
        title="Afvalscheiding in hoogbouw",
        themes=waste["nl"],
        summary="Nieuwe containers voor gescheiden afvalinzameling bij flats.",
    )
    CaseStudyFactory(
        parent=city("warsaw", "pl"),
        title="Segregacja odpadów na osiedlach",
        themes=waste["pl"],
        summary="Warszawa wprowadziła selektywną zbiórkę odpadów w blokach.",
    )
    CaseStudyFactory(
        parent=city("lviv", "uk"),
        title="Сортування відходів у Львові",
        themes=waste["uk"],
        summary="Місто запровадило сортування відходів у кожному районі.",
    )
    CaseStudyFactory(
        parent=city("gdansk", "en"),
        title="Harbour dredging",
        themes=waste["en"],
        summary="Sediment from the harbour is cleaned and reused.",
    )
    sync_index()


def test_expansion_recognises_inflected_forms_and_the_longest_name(glossary):
    [found] = expand("сортуванням відходів у Маріуполі")
    assert found.typed == "сортуванням відходів" and found.language == "uk"
    assert dict(found.preferred) == {
        "en": "separate waste collection",
        "nl": "afvalscheiding",
        "pl": "selektywna zbiórka odpadów",
    }
    assert "роздільне збирання відходів" in {term.text for term in found.terms}
    [pumps] = expand("warmtepompen")  # the Dutch plural
    assert dict(pumps.preferred)["uk"] == "тепловий насос"
    assert expand("shelters in schools") == []


def test_a_ukrainian_query_finds_the_other_languages_typed_words_first(library):
    found = titles(run("q=сортування відходів"))
    assert found[0] == "Сортування відходів у Львові"
    assert set(found) == {
        "Сортування відходів у Львові",
        "Afvalscheiding in hoogbouw",
        "Segregacja odpadów na osiedlach",
    }
    assert titles(run("q=сортування відходів&glossary=off")) == ["Сортування відходів у Львові"]


def test_a_dutch_query_finds_the_polish_and_ukrainian_case_studies(library):
    found = titles(run("q=afvalscheiding"))
    assert found[0] == "Afvalscheiding in hoogbouw"
    assert "Segregacja odpadów na osiedlach" in found and "Сортування відходів у Львові" in found


def test_a_concept_added_later_finds_the_case_studies_written_before_it(
    engine, glossary, django_capture_on_commit_callbacks
):
    # On PostgreSQL the index holds a glossary name of several words as one term: adding or
    # deleting a concept writes again the case studies that name it (write_glossary_names).
    CaseStudyFactory(
        parent=city("gdansk", "en"),
        title="Harbour heat for the old town",
        themes=[theme("decentralised-energy-planning", "en")],
        summary="Waste heat from the port now feeds the district heating of the old town.",
    )
    sync_index()
    assert titles(run("q=stadsverwarming")) == []
    with django_capture_on_commit_callbacks(execute=True):
        added = concept(
            "decentralised-energy-planning",
            ["district heating"],
            ["централізоване теплопостачання"],
            ["stadsverwarming"],
            ["ciepłownictwo systemowe"],
        )
    assert titles(run("q=stadsverwarming")) == ["Harbour heat for the old town"]
    with django_capture_on_commit_callbacks(execute=True):
        added.delete()
    assert titles(run("q=stadsverwarming")) == []
    assert check_database_index().clean  # no name of the deleted concept is left in the rows


def test_the_search_page_says_what_was_also_searched(client, library):
    page = html(client.get("/uk/search/?q=сортування+відходів"))
    assert "<mark>Afvalscheiding</mark> in hoogbouw" in page  # marked as the typed words are
    assert "odpadów</mark> na osiedlach" in page
    assert '<span lang="nl">afvalscheiding</span> (nl)' in page
    assert '<span lang="pl">selektywna zbiórka odpadów</span> (pl)' in page
    assert "glossary=off" in page
    without = html(client.get("/uk/search/?q=сортування+відходів&glossary=off"))
    assert "hoogbouw" not in without and 'lang="nl">afvalscheiding' not in without


def test_the_api_says_what_was_also_searched(client, library):
    answer = client.get("/api/v2/search/?q=afvalscheiding&language=uk").json()
    assert answer["also_searched"] == [
        {
            "typed": "afvalscheiding",
            "language": "nl",
            "names": {
                "en": "separate waste collection",
                "uk": "сортування відходів",
                "pl": "selektywna zbiórka odpadów",
            },
        }
    ]
    assert answer["total"] == 3


def test_a_bad_glossary_parameter_is_a_clear_error(client, library):
    response = client.get("/api/v2/search/?q=heat&glossary=maybe")
    assert response.status_code == 400 and "glossary" in response.json()["message"]


def test_the_glossary_page_lists_each_concept_in_every_language(client, glossary):
    page = html(client.get("/nl/glossary/"))
    assert '<th scope="col" lang="nl">Nederlands</th>' in page
    assert (
        '<td lang="nl"><strong>afvalscheiding</strong><br>gescheiden afvalinzameling</td>' in page
    )
    assert '<td lang="uk"><strong>тепловий насос</strong></td>' in page
    assert "Afvalbeheer" in page  # the theme, named in Dutch


def test_moderators_cannot_name_two_concepts_alike(glossary):
    twin = GlossaryTerm(
        theme=theme("waste-management"),
        terms_en="waste sorting",
        terms_uk="сміття",
        terms_nl="afval",
        terms_pl="Segregacja odpadów",
    )
    with pytest.raises(ValidationError) as raised:
        twin.full_clean()
    assert set(raised.value.message_dict) == {"terms_en", "terms_pl"}
    empty = GlossaryTerm(theme=theme("waste-management"), terms_en="x", terms_uk=" \n ")
    with pytest.raises(ValidationError) as raised:
        empty.full_clean()
    assert "terms_uk" in raised.value.message_dict


def test_on_the_demo_content_ukrainian_waste_sorting_finds_utrecht_and_warsaw(client, engine):
    """The seed glossary on the demo content: a Mariupol planner's two Ukrainian words find
    the partner cities' waste-separation work, written in English, on the first page."""
    call_command("load_demo_content")
    sync_index()
    page = html(client.get("/uk/search/?q=сортування+відходів"))
    assert "Також шукали:" in page
    results = re.sub(r"<[^>]+>", "", page[page.index('id="results"') :])  # without <mark>
    assert "Separating waste after collection instead of at the door" in results  # Utrecht
    assert "selective waste collection" in results  # Warsaw
