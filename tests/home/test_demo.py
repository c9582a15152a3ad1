import json
import re
from html import unescape

import pytest
from django.core.management import call_command
from django.utils.html import strip_tags
from taggit.models import Tag
from wagtail.images import get_image_model
from wagtail.models import Page, Revision

from cities.models import CityPage
from learning.demo import CASE_STUDIES_FILE
from learning.models import CaseStudyPage, Theme
from members.demo import PASSWORD

pytestmark = pytest.mark.django_db

DEMO_ITEMS = json.loads(CASE_STUDIES_FILE.read_text(encoding="utf-8"))
WORD = re.compile(r"\w+(?:['’]\w+)*")
DEMO_ITEMS_BY_ID = {item["external_id"]: item for item in DEMO_ITEMS}
# The cities whose experts write demo case studies in each partner language.
OWN_LANGUAGE_CITIES = {"nl": {"utrecht"}, "pl": {"gdansk", "warsaw"}, "uk": {"lviv"}}


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
    assert f"{len(DEMO_ITEMS)} case studies created" in capsys.readouterr().out
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
    assert f"{len(DEMO_ITEMS)} already there" in capsys.readouterr().out
    assert snapshot() == first


def words(case_study):
    """The words a reader sees: title, summary, body paragraphs and the outcome texts."""
    paragraphs = [
        unescape(strip_tags(block.value.source))
        for block in case_study.body
        if block.block_type == "paragraph"
    ]
    texts = [
        case_study.title,
        case_study.summary,
        *paragraphs,
        case_study.funding_sources,
        case_study.partners,
        case_study.results,
        case_study.lessons_learned,
        case_study.transferability,
    ]
    return sum(len(WORD.findall(text)) for text in texts)


def test_demo_content_is_real_reading_in_each_partner_citys_own_language(client):
    call_command("load_demo_content")
    demo = CaseStudyPage.objects.filter(external_id__startswith="demo-")
    for language, cities in OWN_LANGUAGE_CITIES.items():
        own = demo.live().filter(locale__language_code=language, city__slug__in=cities)
        assert own.count() >= 6, language
        assert {c.city.slug for c in own} == cities, language
        page = client.get(own.first().url)
        assert page.status_code == 200
        assert f'<html lang="{language}">' in page.content.decode()
    short = {c.external_id: words(c) for c in demo if words(c) < 200}
    assert not short, f"fewer than 200 words: {short}"


def test_demo_translations_link_to_their_originals(client):
    call_command("load_demo_content")
    translations = [item for item in DEMO_ITEMS if item.get("translation_of")]
    assert len(translations) >= 4
    pairs = {(DEMO_ITEMS_BY_ID[t["translation_of"]]["locale"], t["locale"]) for t in translations}
    assert {("nl", "en"), ("pl", "uk"), ("en", "uk"), ("uk", "en")} <= pairs
    for item in translations:
        translated = CaseStudyPage.objects.get(external_id=item["external_id"])
        original = CaseStudyPage.objects.get(external_id=item["translation_of"])
        assert original in translated.get_translations()
        assert translated.live and original.live
        language = original.locale.language_code
        page = client.get(translated.url).content.decode()
        assert f'href="{original.url}" hreflang="{language}"' in page


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
