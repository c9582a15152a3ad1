"""Editing case studies in the admin: what the edit form refuses, and why."""

import html
import importlib
import re

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse
from taggit.models import Tag

from learning.models import CaseStudyPage
from members.models import Role
from tests.factories import CaseStudyFactory, MemberFactory
from tests.helpers import city, theme
from tests.members.test_roles import page_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def case_study():
    return CaseStudyFactory(
        parent=city("utrecht"), title="Green roofs", themes=[theme("energy-efficiency")]
    )


def edit(client, page, **fields):
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    fields.setdefault("period_start", page.period_start)
    return client.post(url, page_form(page.title, slug=page.slug, **fields))


def test_a_tag_without_letters_or_digits_is_refused_with_a_clear_error(admin_client, case_study):
    response = edit(admin_client, case_study, tags="roofs, !!!", **{"action-publish": "1"})
    assert response.status_code == 200
    assert "A tag needs at least one letter or digit: “!!!”" in response.content.decode()
    assert not Tag.objects.filter(name="!!!").exists()
    assert list(CaseStudyPage.objects.get(pk=case_study.pk).tags.all()) == []


def test_tags_left_without_an_address_get_one(client, case_study):
    """A tag saved before the rule, with an empty slug, broke the page (NoReverseMatch)."""
    tag = Tag.objects.create(name="!!!")
    assert tag.slug == ""
    case_study.tags.add(tag)
    case_study.save_revision().publish()
    migration = importlib.import_module("learning.migrations.0004_tags_with_an_address")
    migration.give_tags_an_address(apps, None)
    response = client.get(case_study.url)
    assert response.status_code == 200
    assert f"/tags/tag-{tag.pk}/" in response.content.decode()


def open_edit_form(client, page):
    """What the edit form carries about the version it was loaded from."""
    content = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    return {
        name: re.search(f'name="{name}" value="([^"]*)"', content).group(1)
        for name in ("loaded_revision_id", "loaded_revision_created_at")
    }


def test_publishing_a_stale_form_does_not_revert_a_newer_change(client, case_study):
    editor_a, editor_b = (
        MemberFactory(role=Role.MODERATOR, city="utrecht"),
        MemberFactory(role=Role.MODERATOR, city="gdansk"),
    )
    original_summary = case_study.summary
    client_b = Client()
    client_b.force_login(editor_b)
    client.force_login(editor_a)
    form_a = open_edit_form(client, case_study)

    form_b = open_edit_form(client_b, case_study)
    edit(client_b, case_study, summary="B's better summary.", **form_b, **{"action-publish": "1"})
    assert CaseStudyPage.objects.get(pk=case_study.pk).summary == "B's better summary."

    response = edit(
        client,
        case_study,
        summary=original_summary,
        results="A's results.",
        **form_a,
        **{"action-publish": "1"},
    )
    page = CaseStudyPage.objects.get(pk=case_study.pk)
    assert page.summary == "B's better summary." and page.results == ""
    assert page.get_latest_revision().user == editor_b
    message = html.unescape(response.content.decode())
    assert f"{editor_b.get_full_name()} saved a newer version of this page" in message
    assert "(changed: summary)" in message and "Your changes were not saved" in message


def test_a_form_loaded_from_the_latest_version_saves(client, case_study):
    client.force_login(MemberFactory(role=Role.MODERATOR, city="utrecht"))
    form = open_edit_form(client, case_study)
    edit(client, case_study, results="New results.", **form, **{"action-publish": "1"})
    assert CaseStudyPage.objects.get(pk=case_study.pk).results == "New results."
