"""/api/v2/requests/: reading what the caller may see, asking and answering as JSON, clear
400s and 403s, and answers that match the OpenAPI description."""

import json
from pathlib import Path

import pytest
import yaml
from django.core import mail
from django.test import Client
from openapi_schema_validator import OAS30Validator, validate

from exchange import services
from exchange.models import KnowledgeRequest
from members.models import Membership, Role
from tests.exchange.test_services import expert, signed_in
from tests.factories import MemberFactory
from tests.helpers import theme

pytestmark = pytest.mark.django_db
OPENAPI = Path(__file__).resolve().parents[2] / "docs" / "openapi.yaml"
GOOD = {
    "title": "Flood barriers along the river?",
    "body": "Which mobile barriers did you buy, and how fast are they up?",
    "themes": ["safety-security-resilience"],
    "cities": ["gdansk"],
    "language": "uk",
    "deadline": "2027-05-01",
    "public": True,
}


def post(client, address, data):
    return client.post(address, json.dumps(data), content_type="application/json")


@pytest.fixture
def spec():
    return yaml.safe_load(OPENAPI.read_text(encoding="utf-8"))


def check(spec, response, path, method, status):
    operation = spec["paths"][path][method]["responses"][str(status)]
    if "$ref" in operation:
        operation = spec["components"]["responses"][operation["$ref"].rsplit("/", 1)[-1]]
    schema = operation["content"]["application/json"]["schema"]
    validate(response.json(), {**schema, "components": spec["components"]}, cls=OAS30Validator)


def test_a_member_asks_through_the_api_and_the_experts_hear_of_it(
    spec, django_capture_on_commit_callbacks
):
    member = signed_in(MemberFactory(role=Role.MEMBER, city="mariupol"))
    gdansk = expert("gdansk", ["safety-security-resilience"], language="pl")
    with django_capture_on_commit_callbacks(execute=True):
        response = post(member, "/api/v2/requests/", GOOD)
    assert response.status_code == 201, response.content
    check(spec, response, "/api/v2/requests/", "post", 201)
    created = response.json()
    assert created["title"] == GOOD["title"] and created["cities"] == ["gdansk"]
    assert created["language"] == "uk" and created["deadline"] == "2027-05-01"
    assert created["public"] is True and created["status"] == "open"
    assert [m.to for m in mail.outbox] == [[gdansk.email]]

    listed = Client().get("/api/v2/requests/")
    check(spec, listed, "/api/v2/requests/", "get", 200)
    assert [item["id"] for item in listed.json()["items"]] == [created["id"]]


def test_an_expert_answers_through_the_api_and_anyone_reads_a_public_request(spec):
    asker = MemberFactory(role=Role.MEMBER, city="mariupol")
    asked = services.ask(
        asker, title="Public?", body="Body.", themes=[theme("sustainable-mobility")], public=True
    )
    joost = signed_in(expert("utrecht", ["sustainable-mobility"]))
    response = post(joost, f"/api/v2/requests/{asked.pk}/answers/", {"text": "Yes.\n\nAnd no."})
    assert response.status_code == 201
    check(spec, response, "/api/v2/requests/{id}/answers/", "post", 201)
    assert response.json()["body"] == "<p>Yes.</p><p>And no.</p>"
    assert response.json()["city"] == "utrecht"

    one = Client().get(f"/api/v2/requests/{asked.pk}/")
    check(spec, one, "/api/v2/requests/{id}/", "get", 200)
    assert one.json()["answers"][0]["body"] == "<p>Yes.</p><p>And no.</p>"
    assert one.json()["answer_count"] == 1


BAD = [
    ({**GOOD, "title": ""}, "title is required"),
    ({**GOOD, "themes": []}, "themes is required"),
    ({**GOOD, "themes": ["no-such-theme"]}, "unknown themes: no-such-theme"),
    ({**GOOD, "cities": ["atlantis"]}, "unknown cities: atlantis"),
    ({**GOOD, "language": "fr"}, "language must be one of"),
    ({**GOOD, "deadline": "next week"}, "deadline must be a date"),
    ({**GOOD, "deadline": "2020-01-01"}, "deadline has passed"),
    ({**GOOD, "public": "yes"}, "public must be true or false"),
    ({**GOOD, "colour": "red"}, "unknown field(s): colour"),
    ({**GOOD, "body": "x" * 5001}, "body can have at most 5000 characters"),
    (["not", "an", "object"], "must be a JSON object"),
]


@pytest.mark.parametrize("data, message", BAD)
def test_bad_input_gets_a_400_saying_what_is_wrong(spec, data, message):
    member = signed_in(MemberFactory(role=Role.MEMBER, city="mariupol"))
    response = post(member, "/api/v2/requests/", data)
    assert response.status_code == 400
    assert message in response.json()["message"]
    check(spec, response, "/api/v2/requests/", "post", 400)
    assert not KnowledgeRequest.objects.exists()


def test_not_json_and_bad_parameters_get_a_400(spec):
    member = signed_in(MemberFactory(role=Role.MEMBER, city="mariupol"))
    response = member.post("/api/v2/requests/", "{oops", content_type="application/json")
    assert response.status_code == 400 and response.json()["message"] == "The body must be JSON."
    for query, message in (("status=lost", "status must be"), ("limit=0", "limit must be")):
        response = Client().get(f"/api/v2/requests/?{query}")
        assert response.status_code == 400 and message in response.json()["message"]
        check(spec, response, "/api/v2/requests/", "get", 400)


def test_anonymous_callers_and_people_waiting_for_approval_cannot_ask_or_answer(spec):
    response = post(Client(), "/api/v2/requests/", GOOD)
    assert response.status_code == 403
    assert response.json()["message"] == "Sign in first: only members ask questions."
    check(spec, response, "/api/v2/requests/", "post", 403)
    pending = signed_in(
        MemberFactory(role=Role.MEMBER, city="lviv", status=Membership.Status.PENDING)
    )
    assert post(pending, "/api/v2/requests/", GOOD).status_code == 403
    assert not KnowledgeRequest.objects.exists()

    asked = services.ask(
        MemberFactory(role=Role.MEMBER, city="mariupol"),
        title="Q?",
        body="B.",
        themes=[theme("waste-management")],
        public=True,
    )
    for caller in (Client(), pending, signed_in(MemberFactory(role=Role.MEMBER, city="gdansk"))):
        response = post(caller, f"/api/v2/requests/{asked.pk}/answers/", {"text": "Hi"})
        assert response.status_code == 403
    assert not asked.answers.exists()


def test_a_members_only_request_is_not_found_for_others(spec):
    asked = services.ask(
        MemberFactory(role=Role.MEMBER, city="mariupol"),
        title="Hidden?",
        body="B.",
        themes=[theme("waste-management")],
    )
    response = Client().get(f"/api/v2/requests/{asked.pk}/")
    assert response.status_code == 404
    check(spec, response, "/api/v2/requests/{id}/", "get", 404)
    joost = signed_in(expert("utrecht", ["waste-management"]))
    assert joost.get(f"/api/v2/requests/{asked.pk}/").json()["title"] == "Hidden?"
    response = post(Client(), f"/api/v2/requests/{asked.pk}/answers/", {"text": "Hi"})
    assert response.status_code == 404
