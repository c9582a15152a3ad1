"""Members-only case studies never reach anyone who may not see them: anonymous visitors and
people whose membership is still pending. Approved members see them everywhere."""

import pytest
from wagtail.models import PageViewRestriction

from members.models import Membership, Role
from tests.factories import CaseStudyFactory, MemberFactory
from tests.helpers import city, members_only, theme
from tests.search_engines import sync_index

SECRET = "Confidential heat network tender"
SLUG = "confidential-heat-network-tender"  # in every link to it, however the title is marked up
pytestmark = pytest.mark.django_db


@pytest.fixture
def secret_case_study():
    page = CaseStudyFactory(
        parent=city("utrecht"),
        title=SECRET,
        themes=[theme("energy-efficiency")],
        tags=["district heating"],
    )
    return members_only(page)


def mentions(response):
    content = response.content.decode()
    return SECRET in content or SLUG in content


def viewer(kind):
    if kind == "anonymous":
        return None
    status = Membership.Status.PENDING if kind == "pending" else Membership.Status.ACTIVE
    return MemberFactory(role=Role.MEMBER, city="mariupol", status=status)


def places(client, page):
    """Every place a case study can show up, with what the visitor got there."""
    return {
        "page": client.get(page.url),
        "city": client.get(city("utrecht").url),
        "theme": client.get("/en/themes/energy-efficiency/"),
        "tag": client.get("/en/tags/district-heating/"),
        "search": client.get("/en/search/", {"q": "heat network"}),
        "search api": client.get("/api/v2/search/", {"q": "heat network"}),
    }


@pytest.mark.parametrize("kind", ["anonymous", "pending"])
def test_hidden_from_anonymous_and_pending_people(client, engine, secret_case_study, kind):
    if user := viewer(kind):
        client.force_login(user)
    sync_index()
    seen = places(client, secret_case_study)
    page = seen.pop("page")
    for place, response in seen.items():
        assert not mentions(response), f"leaked on the {place}"
    # The page's own address is the one the visitor asked for (its language links repeat it).
    assert SECRET not in page.content.decode()
    if kind == "anonymous":
        assert page.status_code == 302 and "/accounts/login/" in page["Location"]
    else:  # told why, not sent to the sign-in they already passed (and back, in a loop)
        assert page.status_code == 403 and "For members only" in page.content.decode()
    api = client.get(f"/api/v2/pages/{secret_case_study.pk}/")
    assert api.status_code == 404
    listing = client.get("/api/v2/pages/", {"type": "learning.CaseStudyPage", "limit": 100})
    assert not mentions(listing)


def test_shown_to_approved_members(client, engine, secret_case_study):
    client.force_login(viewer("member"))
    sync_index()
    seen = places(client, secret_case_study)
    for place in ["page", "city", "theme", "tag", "search", "search api"]:
        assert mentions(seen[place]), f"missing on the {place}"


def test_private_for_signed_in_users_means_approved_members_only(client):
    """Wagtail's privacy choice "any signed-in user" would let pending people in."""
    page = CaseStudyFactory(
        parent=city("gdansk"), title="Internal audit", themes=[theme("waste-management")]
    )
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    client.force_login(viewer("pending"))
    assert client.get(page.url).status_code == 403
    client.force_login(viewer("member"))
    assert client.get(page.url).status_code == 200


@pytest.mark.parametrize("kind", ["anonymous", "member"])
def test_did_you_mean_offers_words_only_from_what_the_visitor_may_see(client, engine, kind):
    """A misspelt word close to one that only a members-only case study uses gets no
    suggestion, on every engine: the suggestion would give the word away."""
    CaseStudyFactory(
        parent=city("gdansk"),
        title="Heat network in the shipyard",
        themes=[theme("energy-efficiency")],
    )
    members_only(
        CaseStudyFactory(
            parent=city("utrecht"), title="Privsecret shelters", themes=[theme("energy-efficiency")]
        )
    )
    sync_index()
    if member := viewer(kind):
        client.force_login(member)
    suggestion = client.get("/api/v2/search/", {"q": "privsecrat"}).json()["suggestion"]
    assert suggestion == ("privsecret" if kind == "member" else "")
