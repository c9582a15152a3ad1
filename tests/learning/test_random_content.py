"""Random case studies for the benchmarks: written in the language of the city page they are
under, and found by search in that language's word forms."""

import pytest

from learning.models import CaseStudyPage
from learning.random_content import ENGLISH, VOCABULARIES, RandomCaseStudies
from tests.search.test_engines import run

pytestmark = pytest.mark.django_db


def test_each_language_gets_its_own_words_and_search_finds_their_forms():
    RandomCaseStudies(seed=7).create(120)
    pages = CaseStudyPage.objects.select_related("locale")
    assert {page.locale.language_code for page in pages} == {"en", "uk", "nl", "pl"}
    for page in pages:
        words = VOCABULARIES.get(page.locale.language_code, ENGLISH)
        assert any(subject in page.title for subject in words["subjects"]), page.title
        others = [v for v in (ENGLISH, *VOCABULARIES.values()) if v is not words]
        assert not any(who in page.summary for v in others for who in v["who"]), page.summary
    # Polish places are in the locative ("w powojennej dzielnicy"): the nominative finds them.
    in_districts = [p for p in pages if "dzielnicy" in p.summary]
    assert in_districts
    found = set()
    results = run("q=dzielnica&locale=pl")
    for number in range(1, results.page_count + 1):
        found |= {hit.page.pk for hit in run(f"q=dzielnica&locale=pl&page={number}").hits}
    assert {page.pk for page in in_districts} <= found
