"""Rendering a case study costs the same number of queries however rich it is."""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image as PillowImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from learning.models import Theme
from tests.factories import CaseStudyFactory
from tests.helpers import city

pytestmark = pytest.mark.django_db


def make_image(title):
    buffer = io.BytesIO()
    PillowImage.new("RGB", (40, 30), (10, 90, 160)).save(buffer, format="PNG")
    return get_image_model().objects.create(
        title=title, file=ImageFile(buffer, name=f"{title}.png")
    )


def make_document(title):
    return get_document_model().objects.create(
        title=title, file=ContentFile(b"report", f"{title}.txt")
    )


def body_with(copies):
    blocks = []
    for n in range(copies):
        blocks += [
            ("heading", f"Part {n}"),
            ("paragraph", f"<p>Paragraph {n}.</p>"),
            ("image", {"image": make_image(f"photo-{n}"), "caption": f"Photo {n}"}),
            ("quote", {"quote": f"Quote {n}", "attribution": "Mayor"}),
            ("key_figures", [{"label": f"Figure {n}", "value": "1", "unit": "km"}]),
            ("document", {"document": make_document(f"report-{n}"), "title": ""}),
        ]
    return blocks


def queries_to_render(client, page):
    client.get(page.url)  # the first visit creates image renditions once
    with CaptureQueriesContext(connection) as queries:
        response = client.get(page.url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("rendition_cache", ["locmem", "none"])
def test_case_study_page_queries_do_not_grow_with_themes_tags_and_blocks(
    client, settings, rendition_cache
):
    if rendition_cache == "none":
        settings.CACHES = {
            **settings.CACHES,
            "renditions": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
        }
    themes = list(Theme.objects.filter(locale__language_code="en"))
    small = CaseStudyFactory(
        parent=city("lviv"),
        title="Small",
        themes=themes[:1],
        tags=["one"],
        body=body_with(1),
        hero_image=make_image("hero-small"),
    )
    large = CaseStudyFactory(
        parent=city("lviv"),
        title="Large",
        themes=themes,
        tags=[f"tag {n}" for n in range(12)],
        body=body_with(8),
        hero_image=make_image("hero-large"),
    )
    assert queries_to_render(client, small) == queries_to_render(client, large)
