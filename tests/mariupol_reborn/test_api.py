"""API v2 returns the documented fields and never drafts or private pages to anonymous users."""

import pytest
from wagtail.models import PageViewRestriction

from tests.factories import CaseStudyFactory
from tests.helpers import city, theme

pytestmark = pytest.mark.django_db

DOCUMENTED_FIELDS = {
    "summary",
    "city",
    "themes",
    "tags",
    "hero_image",
    "body",
    "period_start",
    "period_end",
    "status",
    "budget_amount",
    "budget_currency",
    "funding_sources",
    "partners",
    "results",
    "lessons_learned",
    "transferability",
    "contact_name",
    "contact_role",
    "contact_email",
    "last_verified",
}


@pytest.fixture
def published():
    return CaseStudyFactory(
        parent=city("utrecht"),
        title="Cycling network",
        themes=[theme("sustainable-mobility")],
        tags=["cycling"],
        budget_amount=120000000,
        budget_currency="EUR",
        body=[("paragraph", "<p>Four metres wide.</p>")],
    )


def test_case_study_detail_has_the_documented_fields(client, published):
    data = client.get(f"/api/v2/pages/{published.pk}/").json()
    assert DOCUMENTED_FIELDS <= set(data)
    assert data["city"] == {
        "id": city("utrecht").pk,
        "title": "Utrecht",
        "slug": "utrecht",
        "country": "Netherlands",
    }
    assert data["themes"][0]["slug"] == "sustainable-mobility"
    assert data["tags"] == ["cycling"]
    assert data["body"][0]["type"] == "paragraph"
    assert data["budget_amount"] == "120000000.00"
    assert data["meta"]["locale"] == "en"


def test_listing_by_type_with_fields(client, published):
    response = client.get("/api/v2/pages/?type=learning.CaseStudyPage&fields=summary,themes,city")
    items = response.json()["items"]
    assert [item["title"] for item in items] == ["Cycling network"]
    assert items[0]["summary"] == published.summary


def test_drafts_and_private_case_studies_are_hidden(client, published):
    draft = CaseStudyFactory(
        parent=city("gdansk"), title="Draft plan", themes=[theme("waste-management")], publish=False
    )
    private = CaseStudyFactory(
        parent=city("gdansk"), title="Members plan", themes=[theme("waste-management")]
    )
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    titles = [
        i["title"] for i in client.get("/api/v2/pages/?type=learning.CaseStudyPage").json()["items"]
    ]
    assert titles == ["Cycling network"]
    assert client.get(f"/api/v2/pages/{draft.pk}/").status_code == 404
    assert client.get(f"/api/v2/pages/{private.pk}/").status_code == 404


def test_themes_endpoint_lists_active_themes_per_language(client):
    retired = theme("waste-management")
    retired.is_active = False
    retired.save()
    items = client.get("/api/v2/themes/?locale=uk").json()["items"]
    assert len(items) == 7  # retired in every language
    assert "Стала мобільність" in {item["name"] for item in items}
    assert "waste-management" not in {item["slug"] for item in items}
    english = client.get("/api/v2/themes/?locale=en").json()["items"]
    assert "waste-management" not in {item["slug"] for item in english}
    detail = client.get(f"/api/v2/themes/{theme('energy-efficiency').pk}/").json()
    assert detail["description"]


def test_cities_endpoint(client):
    items = client.get("/api/v2/cities/?fields=country,role&locale=en").json()["items"]
    assert {item["title"] for item in items} == {"Utrecht", "Gdansk", "Warsaw", "Lviv", "Mariupol"}
    assert {item["role"] for item in items} == {"partner", "beneficiary"}


def test_images_and_documents_endpoints_answer(client):
    assert client.get("/api/v2/images/").status_code == 200
    assert client.get("/api/v2/documents/").status_code == 200


def test_missing_api_object_is_a_json_404_not_a_redirect(client):
    response = client.get("/api/v2/pages/999999/")
    assert response.status_code == 404
    assert response.json() == {"message": "No Page matches the given query."}


API_BAD_INPUT = [
    # (address, expected status, text the answer must contain)
    ("/api/v2/pages/?offset=99999999999999999999", 400, "offset must be an integer"),
    ("/api/v2/pages/?offset=-1", 400, "offset must be an integer"),
    ("/api/v2/images/?offset=99999999999999999999", 400, "offset must be an integer"),
    ("/api/v2/pages/?search=he%00at", 400, "null characters"),
    ("/api/v2/documents/?search=he%00at", 400, "null characters"),
    ("/api/v2/pages/?search=heat&search_operator=xor", 400, "search_operator"),
    ("/api/v2/pages/?type=learning.CaseStudyPage&themes=abc", 400, "field filter error"),
    ("/api/v2/pages/?limit=abc", 400, "limit must be"),
    # Search syntax is plain text, as on the site: no error, and the words still find.
    ('/api/v2/pages/?search="(*:~\\', 200, '"total_count": 0'),
    ('/api/v2/pages/?search="Cycling*:', 200, '"title": "Cycling network"'),
]


@pytest.mark.parametrize("address, status, expected", API_BAD_INPUT)
def test_bad_input_gets_a_clear_answer_from_the_pages_api(
    client, published, address, status, expected
):
    response = client.get(address)
    assert response.status_code == status
    assert expected in response.content.decode()


def test_the_api_lists_its_endpoints_and_serves_its_description(client):
    index = client.get("/api/v2/").json()
    assert set(index["endpoints"]) == {
        "pages",
        "cities",
        "themes",
        "images",
        "documents",
        "search",
        "requests",
    }
    for url in index["endpoints"].values():
        assert client.get(url.replace("http://testserver", "")).status_code == 200
    description = client.get("/api/openapi.yaml")
    assert description["Content-Type"] == "application/yaml"
    assert b"/api/v2/search/:" in b"".join(description.streaming_content)
    docs = client.get("/api/docs/").content.decode()
    assert "swagger-ui-bundle.js" in docs and 'data-openapi-url="/api/openapi.yaml"' in docs
