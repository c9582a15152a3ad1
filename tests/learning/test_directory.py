"""The experts directory and bookmarks, for approved members."""

import pytest

from members.models import ExpertProfile, Membership, Role, User
from tests.factories import CaseStudyFactory, MemberFactory
from tests.helpers import city, theme

pytestmark = pytest.mark.django_db


def profile(user, *theme_slugs, bio=""):
    expert_profile = ExpertProfile.objects.create(user=user, languages=["pl", "en"], bio=bio)
    expert_profile.themes.set([theme(slug) for slug in theme_slugs])
    return expert_profile


def names_on(client, url, **params):
    content = client.get(url, params).content.decode()
    return {name for name in ["Expert", "Coordinator"] if f">{name}</a>" in content}


def test_directory_is_for_members_only(client):
    assert client.get("/en/experts/")["Location"].startswith("/en/accounts/login/")
    client.force_login(
        MemberFactory(role=Role.MEMBER, city="mariupol", status=Membership.Status.PENDING)
    )
    assert client.get("/en/experts/").status_code == 403


def test_directory_filters_by_city_and_theme(client):
    profile(MemberFactory(role=Role.EXPERT, city="gdansk"), "waste-management")
    profile(MemberFactory(role=Role.COORDINATOR, city="utrecht"), "sustainable-mobility")
    profile(
        MemberFactory(role=Role.MEMBER, city="mariupol"), "waste-management"
    )  # not an expert: not listed
    client.force_login(MemberFactory(role=Role.MEMBER, city="mariupol", email="reader@example.org"))
    assert names_on(client, "/en/experts/") == {"Expert", "Coordinator"}
    assert names_on(client, "/en/experts/", city="gdansk") == {"Expert"}
    assert names_on(client, "/en/experts/", theme="sustainable-mobility") == {"Coordinator"}


def test_experts_edit_their_own_profile_and_case_studies_link_to_it(client):
    expert = MemberFactory(role=Role.EXPERT, city="gdansk")
    client.force_login(expert)
    response = client.post(
        "/en/accounts/profile/",
        {
            "first_name": "Ewa",
            "last_name": "Nowak",
            "themes": [theme("waste-management").pk],
            "languages": ["pl", "uk"],
            "bio": "Runs the city's recycling programme.",
            "email_language": "pl",
        },
    )
    assert response.status_code == 302
    assert User.objects.get(pk=expert.pk).language == "pl"  # emails to her in Polish
    expert_profile = ExpertProfile.objects.get(user=expert)
    page = CaseStudyFactory(
        parent=city("gdansk"),
        title="Deposit return",
        themes=[theme("waste-management")],
        contact_expert=expert_profile,
    )
    detail = client.get(expert_profile.get_absolute_url()).content.decode()
    assert "Ewa Nowak" in detail and "Polish, Ukrainian" in detail and "Deposit return" in detail
    assert expert_profile.get_absolute_url() in client.get(page.url).content.decode()


def test_members_keep_bookmarks(client):
    page = CaseStudyFactory(
        parent=city("lviv"), title="Tram priority lanes", themes=[theme("sustainable-mobility")]
    )
    client.force_login(MemberFactory(role=Role.MEMBER, city="mariupol"))
    assert "Bookmark" in client.get(page.url).content.decode()
    client.post(f"/en/bookmarks/{page.pk}/")
    assert "Tram priority lanes" in client.get("/en/bookmarks/").content.decode()
    client.post(f"/en/bookmarks/{page.pk}/")
    assert "Tram priority lanes" not in client.get("/en/bookmarks/").content.decode()
