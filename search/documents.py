"""What a case study looks like to a search engine: flat, denormalised text and facet values."""

import re
from collections import defaultdict
from html import unescape
from itertools import islice

from django.db.models import F

from learning.models import CaseStudyPage, CaseStudyTag

from .schema import TEXT_FIELDS
from .text import one_apostrophe
from .visibility import Restrictions

ThemeLink = CaseStudyPage.themes.through
ID_CHUNK = 10_000  # ids per query: SQLite limits the number of query parameters
TAG = re.compile(r"<[^>]*>")


def plain_text(html):
    """The words of rich text: tags become spaces, entities characters. Indexing runs it for
    every paragraph, and a regular expression does it in about half the time of an HTML
    parser."""
    return " ".join(unescape(TAG.sub(" ", html)).split())


def body_text(page):
    """The body's readable text: headings, paragraphs, quotes, captions, key figures."""
    parts = []
    for block in page.body:
        value = block.value
        if block.block_type in ("heading",):
            parts.append(str(value))
        elif block.block_type == "paragraph":
            parts.append(plain_text(value.source))
        elif block.block_type == "quote":
            parts += [value["quote"], value["attribution"]]
        elif block.block_type == "image":
            parts.append(value["caption"])
        elif block.block_type == "key_figures":
            parts += [f"{f['label']} {f['value']} {f['unit']}".strip() for f in value]
        elif block.block_type == "document":
            parts.append(value["title"] or (value["document"].title if value["document"] else ""))
    return "\n".join(part for part in parts if part)


def documents_for(pages, restrictions=None):
    """The indexed form of live case studies from `indexable_case_studies()`, as plain JSON
    values: what the index returns for a document equals this exactly when the document is up
    to date. Themes and tags are read for all the pages at once."""
    pages = list(pages)
    restrictions = restrictions or Restrictions()
    ids = [page.pk for page in pages]
    themes, tags = defaultdict(list), defaultdict(list)
    for pk, name, slug in theme_links(ids, "name", "slug"):
        themes[pk].append((name, slug))
    tagged = CaseStudyTag.objects.filter(content_object_id__in=ids)
    for pk, name in tagged.values_list("content_object_id", "tag__name"):
        tags[pk].append(name)
    return [_document(page, restrictions, themes[page.pk], tags[page.pk]) for page in pages]


def _document(page, restrictions, themes, tags):
    document = {
        "page_id": page.pk,
        "title": page.title,
        "summary": page.summary,
        "body": body_text(page),
        "details": "\n".join(
            filter(
                None,
                [
                    page.results,
                    page.lessons_learned,
                    page.transferability,
                    page.partners,
                    page.funding_sources,
                ],
            )
        ),
        "theme_names": [name for name, _slug in themes],
        "themes": sorted({slug for _name, slug in themes}),
        "tag_names": sorted(tags),
        "city": page.city_slug,
        "city_name": page.city_name,
        "status": page.status,
        "locale": page.locale.language_code,
        "period_start": page.period_start,
        "period_end": page.period_end,
        "first_published_at": page.first_published_at.isoformat(),
        "last_verified": page.last_verified.isoformat() if page.last_verified else None,
        "restrictions": restrictions.on(page),
        "url_path": page.url_path,
    }
    for name in TEXT_FIELDS:  # Ukrainian words are written with one apostrophe everywhere
        value = document[name]
        document[name] = (
            [one_apostrophe(v) for v in value] if isinstance(value, list) else one_apostrophe(value)
        )
    return document


def theme_links(ids, *fields):
    """(case study id, *those fields of one of its themes) for the given case studies, in
    theme order."""
    for chunk in chunks(ids):
        links = ThemeLink.objects.filter(casestudypage_id__in=chunk)
        links = links.order_by("theme__sort_order", "theme__name")
        yield from links.values_list("casestudypage_id", *(f"theme__{f}" for f in fields))


def chunks(ids):
    """The ids in lists short enough for one query."""
    ids = iter(ids)
    while chunk := list(islice(ids, ID_CHUNK)):
        yield chunk


def indexable_case_studies():
    """Everything that belongs in the index, with the city's slug and name, in id order."""
    return (
        CaseStudyPage.objects.live()
        .select_related("locale")
        .annotate(city_slug=F("city__slug"), city_name=F("city__title"))
        .order_by("pk")
    )


def document_batches(size=500):
    """The documents of everything that belongs in the index, `size` at a time."""
    restrictions = Restrictions()
    pages = indexable_case_studies().iterator(chunk_size=size)
    while batch := documents_for(islice(pages, size), restrictions):
        yield batch
