"""Matching saved searches against new case studies (search/matching.py) finds exactly what the
search page finds: for every kind of query, the case studies the matcher says a query matches
are the results the search page lists for it."""

from dataclasses import replace

import pytest
from django.http import QueryDict
from django.utils import timezone

from learning.visibility import member_request
from members.models import Role
from search.facets import allowed_values
from search.matching import matching
from search.query import parse_search_params
from search.service import search
from tests.factories import CaseStudyFactory, MemberFactory
from tests.helpers import city, theme

pytestmark = pytest.mark.django_db

QUERIES = [
    "q=heat+pumps",
    "q=heat+pumps&glossary=off",
    "q=warmtepompen",
    "q=тепловими+насосами",
    "q=pompy+ciepła",
    'q="heat+pumps"',
    'q="pumps+heat"',
    'q="heat+pump"+schools',  # the glossary looks up only the words outside quotes
    "q=schools&verified_within=6",
    "q=schools&sort=verified",
    "q=boilers&city=utrecht",
    "q=boilers&city=gdansk",
    "q=schools&status=completed",
    "q=schools&year_from=2021",
    "q=schools&year_to=2019",
    "q=schools&year_to=2020",
    "q=schools&locale=uk",
    "theme=energy-efficiency",
    "theme=waste-management&city=lviv",
    "q=...",
    "q=pumpz",  # the search page shows "results for pumps" instead: not a match
    "q=rubble+crushed",
    "q=concrete&theme=waste-management",
]


def test_matching_agrees_with_the_search_page_for_every_saved_query():
    moderator = MemberFactory(role=Role.MODERATOR, city="utrecht", email="moderator@example.org")
    pages = [
        CaseStudyFactory(
            parent=city("utrecht"),
            title="Heat pumps for schools",
            themes=[theme("energy-efficiency")],
            period_start=2020,
            last_verified=timezone.localdate(),
            summary="Schools heated by heat pumps instead of gas boilers.",
            body=[("paragraph", "<p>Ground-source heat pumps in twelve schools.</p>")],
        ),
        CaseStudyFactory(
            parent=city("gdansk"),
            title="Replacing coal stoves",
            themes=[theme("energy-efficiency")],
            summary="Households replaced coal stoves and boilers.",
            status="completed",
            period_start=2012,
            period_end=2018,
        ),
        CaseStudyFactory(
            parent=city("lviv", "uk"),
            title="Теплові насоси у школах",
            themes=[theme("energy-efficiency", "uk")],
            summary="Школи опалюють тепловими насосами.",
            period_start=2022,
        ),
        CaseStudyFactory(
            parent=city("lviv"),
            title="Recycling rubble",
            themes=[theme("waste-management")],
            summary="Crushed concrete for new roads.",
            period_start=2023,
        ),
        CaseStudyFactory(
            parent=city("warsaw", "pl"),
            title="Pompy ciepła w szkołach",
            themes=[theme("energy-efficiency", "pl")],
            summary="Szkoły ogrzewane pompami ciepła.",
            period_start=2019,
        ),
    ]
    valid = allowed_values()
    queries = {q: parse_search_params(QueryDict(q), valid) for q in QUERIES}
    found = matching(queries, [page.pk for page in pages])
    request = member_request(moderator)
    for q, query in queries.items():
        results = search(replace(query, page_size=50), request, log=False)
        expected = set() if results.corrected else {hit.page.pk for hit in results.hits}
        got = {pk for pk, document in found.items() if q in document.keys}
        assert got == expected, q
    assert any(found[pk].keys for pk in found)
