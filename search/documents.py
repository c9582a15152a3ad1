"""What a case study looks like to a search engine: flat, denormalised text and facet values."""

import re
from html import unescape

from learning.models import CaseStudyPage

from .visibility import Restrictions

TAG = re.compile(r"<[^>]*>")


def plain_text(html):
    """The words of rich text: tags become spaces, entities characters. Indexing runs it for
    every paragraph, and a regular expression is several times faster than an HTML parser."""
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


def case_study_document(page: CaseStudyPage, restrictions=None):
    """The indexed form of a live case study, as plain JSON values: what the index returns for
    a document equals this exactly when the document is up to date. Pass `restrictions` when
    building many documents."""
    themes = list(page.themes.all())
    return {
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
        "theme_names": [theme.name for theme in themes],
        "themes": sorted({theme.slug for theme in themes}),
        "tag_names": sorted(item.tag.name for item in page.tagged_items.all()),
        "city": page.city.slug,
        "city_name": page.city.title,
        "status": page.status,
        "locale": page.locale.language_code,
        "period_start": page.period_start,
        "period_end": page.period_end,
        "first_published_at": page.first_published_at.isoformat(),
        "restrictions": (restrictions or Restrictions()).on(page),
        "url_path": page.url_path,
    }


def indexable_case_studies():
    """Everything that belongs in the index, with what the documents need, in id order."""
    return (
        CaseStudyPage.objects.live()
        .select_related("city", "locale")
        .prefetch_related("themes", "tagged_items__tag")
        .order_by("pk")
    )


def documents_for(pages):
    """Documents for many case studies, reading the view restrictions once."""
    restrictions = Restrictions()
    return [case_study_document(page, restrictions) for page in pages]
