import pytest
from django.core.management import call_command
from taggit.models import Tag
from wagtail.images import get_image_model
from wagtail.models import Page, Revision

from cities.models import CityPage
from learning.models import CaseStudyPage, Theme
from members.demo import PASSWORD

pytestmark = pytest.mark.django_db


def snapshot():
    return {
        "pages": list(Page.objects.order_by("pk").values_list("pk", "title", "live", "path")),
        "revisions": Revision.objects.count(),
        "images": get_image_model().objects.count(),
        "themes": Theme.objects.count(),
        "tags": Tag.objects.count(),
    }


def test_demo_content_covers_every_city_and_theme_and_loads_idempotently(capsys):
    call_command("load_demo_content")
    assert "30 case studies created" in capsys.readouterr().out
    first = snapshot()

    live = CaseStudyPage.objects.live()
    assert live.count() >= 24
    assert {c.city.slug for c in live} == set(CityPage.objects.values_list("slug", flat=True))
    used_themes = set(live.values_list("themes__slug", flat=True))
    assert used_themes == set(Theme.objects.values_list("slug", flat=True))
    assert live.filter(locale__language_code="uk").exists()
    assert all(
        c.is_demo and c.hero_image_id and len(c.body) >= 3
        for c in live.filter(locale__language_code="en")
    )

    call_command("load_demo_content")
    assert "30 already there" in capsys.readouterr().out
    assert snapshot() == first


def test_demo_administrator_only_in_development(settings):
    settings.DEBUG = False
    with pytest.raises(Exception, match="only created in development"):
        call_command("load_demo_content", "--with-accounts")


def test_demo_accounts_let_a_newcomer_try_every_role(settings, capsys, client):
    settings.DEBUG = True
    call_command("load_demo_content", "--with-accounts")
    printed = capsys.readouterr().out
    for role in ["Member", "Expert", "Coordinator", "Moderator", "Administrator"]:
        email = f"{'admin' if role == 'Administrator' else role.lower()}@example.org"
        assert f"{role:<14} {email}" in printed
        assert client.login(email=email, password=PASSWORD)
    assert "pending@example.org (waiting for approval)" in printed
    shelters = CaseStudyPage.objects.get(external_id="demo-civil-defence-shelters")
    client.logout()
    assert client.get(shelters.url).status_code == 302  # members only
    client.login(email="member@example.org", password=PASSWORD)
    assert client.get(shelters.url).status_code == 200
