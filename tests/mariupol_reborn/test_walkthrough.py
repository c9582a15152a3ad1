"""Rough edges found by walking through the site as its visitors do: paging past the end,
searches that find nothing, what a card says about a project's years, the home page's title
and the icon browsers ask for."""

import re

import pytest

from tests.factories import CaseStudyFactory
from tests.helpers import city, theme

pytestmark = pytest.mark.django_db


def html(response):
    return response.content.decode()


@pytest.fixture
def heat_studies():
    heat = theme("decentralised-energy-planning")
    return [
        CaseStudyFactory(
            parent=city("utrecht"), title=f"District heating {n}", themes=[heat], summary="Heat."
        )
        for n in range(12)
    ]


def test_a_page_past_the_last_goes_to_the_last_page(client, heat_studies):
    response = client.get("/en/search/?q=heating&city=utrecht&page=99")
    assert response.status_code == 302
    assert response["Location"] == "/en/search/?q=heating&city=utrecht&page=2"
    page = html(client.get(response["Location"]))
    assert "12 results" in page and "Page 2 of 2" in page and "No case studies match" not in page


def test_a_page_past_the_end_of_nothing_goes_to_the_first_page(client, heat_studies):
    response = client.get("/en/search/?q=teleportation&page=3")
    assert response.status_code == 302 and response["Location"] == "/en/search/?q=teleportation"


def test_zero_results_show_theme_suggestions_without_empty_filters_or_sorting(client):
    CaseStudyFactory(
        parent=city("utrecht"),
        title="District heating",
        themes=[theme("decentralised-energy-planning")],
    )
    page = html(client.get("/en/search/?q=teleportation"))
    assert "0 results" in page and "No case studies match" in page
    assert 'href="/en/themes/waste-management/"' in page  # suggestions stay
    for absent in ("<legend>", "Sort by", "Apply filters", "Skip to results"):
        assert absent not in page


def test_filters_without_values_leave_no_empty_heading(client):
    CaseStudyFactory(
        parent=city("utrecht"),
        title="District heating",
        themes=[theme("decentralised-energy-planning")],
    )
    page = html(client.get("/en/search/?q=heating"))
    assert page.count("<legend>") == page.count("<fieldset>")
    legends = [part.split("</legend>")[0] for part in page.split("<legend>")[1:]]
    for legend, rest in zip(legends, page.split("</legend>")[1:], strict=False):
        assert legend in ("Period", "Verified") or 'type="checkbox"' in rest.split("</fieldset>")[0]


@pytest.mark.parametrize(
    "fields, said",
    [
        ({"status": "planned", "period_start": 2027, "period_end": 2029}, "2027–2029 · Planned"),
        ({"status": "planned", "period_start": 2021}, "from 2021 · Planned"),
        ({"status": "ongoing", "period_start": 2017}, "since 2017 · Ongoing"),
        (
            {"status": "completed", "period_start": 2015, "period_end": 2019},
            "2015–2019 · Completed",
        ),
    ],
)
def test_a_card_says_a_projects_years_and_status_once(client, fields, said):
    CaseStudyFactory(
        parent=city("gdansk"), title="Tram line", themes=[theme("sustainable-mobility")], **fields
    )
    card = html(client.get("/en/cities/gdansk/")).split('class="card"')[1].split("</article>")[0]
    meta = card.split('<p class="meta">')[1].split("</p>")[0]
    text = " ".join(re.sub(r"<[^>]+>", "", meta).split())
    assert said in text
    assert "ongoing" not in text.replace("Ongoing", "")


def test_the_home_page_title_says_the_platform_name_once(client):
    page = html(client.get("/en/"))
    title = page.split("<title>")[1].split("</title>")[0]
    assert title == "Mariupol Reborn learning platform"
    other = html(client.get("/en/themes/")).split("<title>")[1].split("</title>")[0]
    assert other == "Themes · Mariupol Reborn learning platform"


def test_the_icon_browsers_ask_for_is_served(client):
    response = client.get("/favicon.ico", follow=True)
    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:4] == b"\x00\x00\x01\x00"
    assert '<link rel="icon"' in html(client.get("/en/"))
