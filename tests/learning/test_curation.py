"""Theme and tag curation by moderators: one step each, audited, search index in step."""

import pytest
from django.conf import settings
from django.urls import reverse
from wagtail.models import ModelLogEntry

from learning.models import CaseStudyPage, Theme
from members.models import Role
from tests.factories import CaseStudyFactory, MemberFactory
from tests.helpers import city, theme
from tests.members.test_roles import refused
from tests.search.test_engines import run, titles
from tests.search_engines import sync_index

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator(client):
    user = MemberFactory(role=Role.MODERATOR, city="gdansk")
    client.force_login(user)
    return user


def themes_of(page):
    return {t.slug for t in CaseStudyPage.objects.get(pk=page.pk).themes.all()}


def test_merging_a_theme_moves_its_case_studies_in_every_language(client, engine, moderator):
    en = CaseStudyFactory(
        parent=city("utrecht"), title="Heat pumps", themes=[theme("decentralised-energy-planning")]
    )
    uk = CaseStudyFactory(
        parent=city("lviv", "uk"),
        title="Теплові насоси",
        themes=[theme("decentralised-energy-planning", "uk")],
    )
    # A draft waiting for review keeps its own edits and gets the new theme too.
    draft = en.get_latest_revision_as_object()
    draft.summary = "Edited, not yet published."
    draft.save_revision()
    source = theme("decentralised-energy-planning")

    client.post(reverse("merge_theme", args=[source.pk]), {"target": theme("energy-efficiency").pk})

    assert themes_of(en) == {"energy-efficiency"} and themes_of(uk) == {"energy-efficiency"}
    latest = CaseStudyPage.objects.get(pk=en.pk).get_latest_revision_as_object()
    assert latest.summary == "Edited, not yet published."
    assert [t.slug for t in latest.themes.all()] == ["energy-efficiency"]
    assert not Theme.objects.filter(translation_key=source.translation_key).exists()
    assert client.get("/en/themes/decentralised-energy-planning/")["Location"] == (
        "/en/themes/energy-efficiency/"
    )
    assert ModelLogEntry.objects.filter(action="learning.merge_theme", user=moderator).exists()
    sync_index()
    assert "Heat pumps" in titles(run("theme=energy-efficiency"))


def test_promoting_a_tag_makes_it_a_theme(client, engine, moderator):
    page = CaseStudyFactory(
        parent=city("warsaw"),
        title="Green roofs",
        themes=[theme("energy-efficiency")],
        tags=["climate adaptation"],
    )
    url = reverse("promote_tag", args=[page.tags.get().pk])
    # The name is offered capitalised, for the moderator to confirm or correct.
    assert 'value="Climate adaptation"' in client.get(url).content.decode()
    done = client.post(url, {"target": "Climate adaptation"}, follow=True)
    assert "The tag “climate adaptation” is now the theme “Climate adaptation”." in (
        done.content.decode()
    )
    promoted = Theme.objects.get(slug="climate-adaptation", locale__language_code="en")
    assert promoted.name == "Climate adaptation"
    redirect = client.get("/uk/tags/climate-adaptation/")
    assert redirect.status_code == 301 and redirect["Location"] == "/uk/themes/climate-adaptation/"
    assert Theme.objects.filter(translation_key=promoted.translation_key).count() == len(
        settings.LANGUAGES
    )
    assert themes_of(page) == {"energy-efficiency", "climate-adaptation"}
    assert not CaseStudyPage.objects.get(pk=page.pk).tags.exists()
    assert ModelLogEntry.objects.filter(action="learning.promote_tag").exists()
    sync_index()
    assert titles(run("theme=climate-adaptation")) == ["Green roofs"]


def test_merging_duplicate_tags(client, moderator):
    bike = CaseStudyFactory(
        parent=city("utrecht"),
        title="Bike lanes",
        themes=[theme("sustainable-mobility")],
        tags=["bike"],
    )
    both = CaseStudyFactory(
        parent=city("utrecht"),
        title="Bike parking",
        themes=[theme("sustainable-mobility")],
        tags=["bike", "cycling"],
    )
    source, target = bike.tags.get(), both.tags.get(name="cycling")
    done = client.post(reverse("merge_tag", args=[source.pk]), {"target": target.pk}, follow=True)
    assert "The tag “bike” is merged into “cycling”" in done.content.decode()
    for page in (bike, both):
        assert [t.name for t in CaseStudyPage.objects.get(pk=page.pk).tags.all()] == ["cycling"]
    old = client.get("/en/tags/bike/")
    assert old.status_code == 301 and old["Location"] == "/en/tags/cycling/"
    assert "Bike lanes" in client.get("/en/tags/cycling/").content.decode()


def test_a_retired_theme_leaves_the_filters_but_case_studies_keep_their_others(client):
    page = CaseStudyFactory(
        parent=city("gdansk"),
        title="Civic budget",
        themes=[theme("decentralisation-democratisation"), theme("local-economic-development")],
    )
    retired = theme("decentralisation-democratisation")
    retired.is_active = False
    retired.save()
    assert "decentralisation-democratisation" not in client.get("/en/search/").content.decode()
    assert themes_of(page) == {"decentralisation-democratisation", "local-economic-development"}
    assert "Civic budget" in client.get("/en/themes/local-economic-development/").content.decode()


def test_up_to_three_featured_case_studies_lead_the_theme_page(client, moderator):
    subject = theme("waste-management")
    pages = [
        CaseStudyFactory(parent=city("lviv"), title=f"Sorting station {n}", themes=[subject])
        for n in range(4)
    ]
    data = {
        "name": subject.name,
        "slug": subject.slug,
        "description": "",
        "is_active": "on",
        "featured-TOTAL_FORMS": "4",
        "featured-INITIAL_FORMS": "0",
        "featured-MIN_NUM_FORMS": "0",
        "featured-MAX_NUM_FORMS": "3",
    }
    for n, page in enumerate(pages):
        data |= {
            f"featured-{n}-case_study": page.pk,
            f"featured-{n}-ORDER": n + 1,
            f"featured-{n}-id": "",
            f"featured-{n}-DELETE": "",
        }
    url = reverse("wagtailsnippets_learning_theme:edit", args=[subject.pk])
    assert client.post(url, data).status_code == 200  # refused: four is too many
    assert not subject.featured.exists()
    data["featured-TOTAL_FORMS"] = "2"
    data["featured-0-case_study"], data["featured-1-case_study"] = pages[3].pk, pages[1].pk
    assert client.post(url, data).status_code == 302
    content = client.get("/en/themes/waste-management/").content.decode()
    featured = content.split('id="featured-heading"')[1].split("</section>")[0]
    assert featured.index("Sorting station 3") < featured.index("Sorting station 1")
    assert "Sorting station 0" not in featured


def test_only_moderators_curate(client):
    client.force_login(MemberFactory(role=Role.COORDINATOR, city="utrecht"))
    source = theme("waste-management")
    response = client.post(
        reverse("merge_theme", args=[source.pk]), {"target": theme("energy-efficiency").pk}
    )
    assert refused(response) and Theme.objects.filter(pk=source.pk).exists()


def test_a_theme_in_use_cannot_be_deleted_only_retired_or_merged(client, moderator):
    subject = theme("waste-management")
    pages = [
        CaseStudyFactory(parent=city(slug), title=f"Sorting in {slug}", themes=[subject])
        for slug in ("utrecht", "gdansk", "warsaw")
    ]
    url = reverse("wagtailsnippets_learning_theme:delete", args=[subject.pk])
    confirmation = client.get(url).content.decode()
    assert "3 case studies use this theme, so it cannot be deleted" in confirmation
    assert "Yes, delete" not in confirmation
    assert reverse("merge_theme", args=[subject.pk]) in confirmation

    response = client.post(url, follow=True)
    assert "cannot be deleted" in response.content.decode()
    bulk = reverse("wagtail_bulk_action", args=["learning", "theme", "delete"])
    client.post(f"{bulk}?id={subject.pk}")
    assert Theme.objects.filter(pk=subject.pk).exists()
    assert all(themes_of(page) == {"waste-management"} for page in pages)
    assert client.get("/en/themes/waste-management/").status_code == 200


def test_a_theme_nobody_uses_can_be_deleted(client, moderator):
    unused = Theme.objects.create(
        name="Unused", slug="unused", locale=theme("energy-efficiency").locale
    )
    url = reverse("wagtailsnippets_learning_theme:delete", args=[unused.pk])
    assert "Yes, delete" in client.get(url).content.decode()
    client.post(url)
    assert not Theme.objects.filter(pk=unused.pk).exists()


def test_retiring_or_moving_a_theme_does_it_in_every_language(client, moderator):
    CaseStudyFactory(
        parent=city("lviv"), title="Sorting station", themes=[theme("waste-management")]
    )
    subject, translation = theme("waste-management"), theme("waste-management", "uk")
    data = {  # "active" unticked
        "name": subject.name,
        "slug": subject.slug,
        "description": "",
        "featured-TOTAL_FORMS": "0",
        "featured-INITIAL_FORMS": "0",
        "featured-MIN_NUM_FORMS": "0",
        "featured-MAX_NUM_FORMS": "3",
    }
    url = reverse("wagtailsnippets_learning_theme:edit", args=[subject.pk])
    assert client.post(url, data).status_code == 302
    assert translation.name not in client.get("/uk/themes/").content.decode()
    assert 'value="waste-management"' not in client.get("/uk/search/").content.decode()
    api = client.get("/api/v2/themes/?locale=uk").json()["items"]
    assert api and "waste-management" not in {item["slug"] for item in api}

    last = Theme.objects.filter(locale__language_code="en").order_by("sort_order").last()
    reorder = reverse("wagtailsnippets_learning_theme:reorder", args=[last.pk])
    assert client.post(reorder + "?position=0").status_code == 200
    for language in ("en", "uk"):
        themes = Theme.objects.filter(locale__language_code=language).order_by("sort_order")
        assert themes.first().slug == last.slug
    orders = {(t.translation_key, t.sort_order, t.is_active, t.slug) for t in Theme.objects.all()}
    assert len(orders) == Theme.objects.filter(locale__language_code="en").count()
