"""An answer typed in a plain text box, as rich text: paragraphs at blank lines, and each web
address a link. An address of a case study or a document of the platform becomes a link to
the page or document itself (Wagtail's page and document links), which follows the page when
it moves and is named by its title."""

import re
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.html import escape
from wagtail.documents import get_document_model

from learning.models import CaseStudyPage

ADDRESS = re.compile(r"https?://[^\s<>\"']+[^\s<>\"'.,;:!?)]")
DOCUMENT_PATH = re.compile(r"^/documents/(\d+)/")


def answer_html(text, host=""):
    """The rich text (Wagtail's stored form) of `text`; `host` is the site's own host besides
    PLATFORM_BASE_URL's."""
    hosts = {urlsplit(settings.PLATFORM_BASE_URL).netloc, host} - {""}
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text.replace("\r\n", "\n"))]
    return "".join(
        "<p>" + _linked(paragraph, hosts).replace("\n", "<br/>") + "</p>"
        for paragraph in paragraphs
        if paragraph
    )


def _linked(text, hosts):
    parts, start = [], 0
    for match in ADDRESS.finditer(text):
        parts.append(escape(text[start : match.start()]))
        parts.append(_link(match.group(), hosts))
        start = match.end()
    parts.append(escape(text[start:]))
    return "".join(parts)


def _link(address, hosts):
    parts = urlsplit(address)
    if parts.netloc in hosts:
        if found := DOCUMENT_PATH.match(parts.path):
            document = get_document_model().objects.filter(pk=found.group(1)).first()
            if document:
                return f'<a linktype="document" id="{document.pk}">{escape(document.title)}</a>'
        if page := case_study_at(parts.path):
            return f'<a linktype="page" id="{page.pk}">{escape(page.title)}</a>'
    return f'<a href="{escape(address)}">{escape(address)}</a>'


def case_study_at(path):
    """The case study whose address is `path` (/en/cities/utrecht/its-slug/), or None."""
    slug = path.rstrip("/").rsplit("/", 1)[-1]
    for page in CaseStudyPage.objects.filter(slug=slug).select_related("locale"):
        if page.url == path or page.url == path + "/":
            return page
    return None
