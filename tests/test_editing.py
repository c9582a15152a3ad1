"""Editing case studies in the admin: what the edit form refuses, and why."""

import importlib

import pytest
from django.apps import apps
from django.urls import reverse
from taggit.models import Tag

from learning.models import CaseStudyPage
from tests.helpers import add_case_study, city, theme
from tests.test_permissions import page_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def case_study():
    return add_case_study(city("utrecht"), "Green roofs", [theme("energy-efficiency")])


def edit(client, page, **fields):
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
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
