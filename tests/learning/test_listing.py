"""Theme, tag and city listings show exactly the live, public case studies."""

import pytest
from wagtail.models import PageViewRestriction

from tests.factories import CaseStudyFactory
from tests.helpers import city, theme

pytestmark = pytest.mark.django_db


@pytest.fixture
def mobility_case_studies():
    mobility = theme("sustainable-mobility")
    return {
        "live": CaseStudyFactory(
            parent=city("gdansk"), title="Tram priority", themes=[mobility], tags=["tram"]
        ),
        "live_uk": CaseStudyFactory(
            parent=city("lviv", "uk"),
            title="Електробуси",
            themes=[theme("sustainable-mobility", "uk")],
            tags=["tram"],
        ),
        "draft": CaseStudyFactory(
            parent=city("warsaw"),
            title="Metro draft",
            themes=[mobility],
            tags=["tram"],
            publish=False,
        ),
        "other_theme": CaseStudyFactory(
            parent=city("warsaw"),
            title="Waste streams",
            themes=[theme("waste-management")],
            tags=["recycling"],
        ),
        "private": _members_only(
            CaseStudyFactory(
                parent=city("utrecht"), title="Members tram plan", themes=[mobility], tags=["tram"]
            )
        ),
        "unpublished": _unpublished(
            CaseStudyFactory(
                parent=city("utrecht"), title="Old bus plan", themes=[mobility], tags=["tram"]
            )
        ),
    }


def _members_only(page):
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    return page


def _unpublished(page):
    page.unpublish()
    return page


def titles_on(client, url):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    return {
        title
        for title in [
            "Tram priority",
            "Електробуси",
            "Metro draft",
            "Waste streams",
            "Members tram plan",
            "Old bus plan",
        ]
        if title in html
    }


def test_theme_page_lists_exactly_the_live_public_case_studies(client, mobility_case_studies):
    expected = {"Tram priority", "Електробуси"}
    assert titles_on(client, "/en/themes/sustainable-mobility/") == expected
    assert titles_on(client, "/uk/themes/sustainable-mobility/") == expected


def test_tag_page_lists_exactly_the_live_public_case_studies(client, mobility_case_studies):
    assert titles_on(client, "/en/tags/tram/") == {"Tram priority", "Електробуси"}
    assert titles_on(client, "/en/tags/recycling/") == {"Waste streams"}


def test_city_page_lists_only_its_live_case_studies(client, mobility_case_studies):
    assert titles_on(client, "/en/cities/warsaw/") == {"Waste streams"}
    assert titles_on(client, "/en/cities/utrecht/") == set()


def test_theme_listing_is_newest_first_and_paginated(client):
    energy = theme("energy-efficiency")
    for number in range(14):
        CaseStudyFactory(
            parent=city("warsaw"), title=f"School retrofit {number:02d}", themes=[energy]
        )
    first = client.get("/en/themes/energy-efficiency/").content.decode()
    assert "14 case studies" in first
    assert first.index("School retrofit 13") < first.index("School retrofit 12")
    assert "School retrofit 01" not in first
    second = client.get("/en/themes/energy-efficiency/?page=2").content.decode()
    assert "School retrofit 01" in second and "School retrofit 13" not in second
    assert client.get("/en/themes/energy-efficiency/?page=abc").status_code == 200


def test_unknown_theme_or_tag_is_404(client):
    assert client.get("/en/themes/no-such-theme/").status_code == 404
    assert client.get("/en/tags/no-such-tag/").status_code == 404
