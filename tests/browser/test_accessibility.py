"""Every public page type, in every interface language, on a desktop and a phone screen: no
axe violation of any impact, and no page wider than a 360 px screen (WCAG 1.4.10)."""

from urllib.parse import unquote

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings

from exchange.models import Answer, KnowledgeRequest
from learning.models import CaseStudyPage, Theme

from .conftest import BROWSER, DESKTOP, PHONE

pytestmark = BROWSER


def public_pages(language):
    """One address per public page type, in `language`; the case study is one written in it
    (the Ukrainian ones have the long words that once widened the page)."""
    case_study = (
        CaseStudyPage.objects.live()
        .public()
        .filter(locale__language_code=language)
        .order_by("-title")
        .first()
    )
    tag = case_study.tags.order_by("name").first()
    question = public_question(language)  # before the searches, which find it
    prefix = f"/{language}"
    return {
        "home": f"{prefix}/",
        "city": f"{prefix}/cities/utrecht/",
        "themes": f"{prefix}/themes/",
        "theme": f"{prefix}/themes/decentralised-energy-planning/",
        "cities": f"{prefix}/cities/",
        "glossary": f"{prefix}/glossary/",
        "case study": case_study.url,
        "tag": f"{prefix}/tags/{tag.slug}/",
        "search with results": f"{prefix}/search/?q=heating",
        "search without results": f"{prefix}/search/?q=teleportation",
        "search across languages": f"{prefix}/search/?q=district+heating",
        "search with questions": f"{prefix}/search/?q=cycle+routes",
        "search of questions alone": f"{prefix}/search/?q=cycle+routes&type=request",
        "sign-in": f"{prefix}/accounts/login/",
        "sign-up": f"{prefix}/accounts/signup/",
        "questions": f"{prefix}/requests/",
        "question": f"{prefix}/requests/{question.pk}/",
    }


def public_question(language):
    """A public knowledge request written in `language`, with an answer (the demo content has
    none without the demo accounts)."""
    question, created = KnowledgeRequest.objects.get_or_create(
        title=f"Temporary cycle routes around building sites ({language})?",
        defaults={"body": "Mariupol rebuilds street by street.", "language": language},
    )
    if created:
        question.public = True
        question.save()
        question.themes.set(
            Theme.objects.filter(slug="sustainable-mobility", locale__language_code=language)
        )
        Answer.objects.create(request=question, body="<p>Separated lanes, lit at night.</p>")
    return question


def languages():
    return [code for code, _name in settings.LANGUAGES]


def test_public_pages_have_no_accessibility_violations(site, page):
    axe = Axe()
    found = []
    for language in languages():
        for name, path in public_pages(language).items():
            for viewport in (DESKTOP, PHONE):
                page.set_viewport_size(viewport)
                response = page.goto(site + path)
                assert response.ok, f"{path}: {response.status}"
                for violation in axe.run(page).response["violations"]:
                    targets = [" ".join(node["target"]) for node in violation["nodes"]][:3]
                    found.append(
                        f"{name} ({path}, {viewport['width']} px): {violation['id']} "
                        f"[{violation['impact']}] {violation['help']} at {targets}"
                    )
    assert not found, "axe found:\n" + "\n".join(found)


@pytest.mark.parametrize("width", [360])
def test_no_page_is_wider_than_a_small_screen(site, page, width):
    page.set_viewport_size({"width": width, "height": 740})
    too_wide = []
    for language in languages():
        for name, path in public_pages(language).items():
            page.goto(site + path)
            scroll_width = page.evaluate("document.documentElement.scrollWidth")
            if scroll_width > width:
                widest = page.evaluate(
                    """(width) => [...document.querySelectorAll('body *')]
                        .filter(e => e.getBoundingClientRect().right > width
                                     || e.scrollWidth > e.clientWidth + 1)
                        .slice(-3).map(e => e.tagName + ': ' + e.textContent.slice(0, 40))""",
                    width,
                )
                too_wide.append(f"{name} ({unquote(path)}): {scroll_width} px wide, {widest}")
    assert not too_wide, f"pages wider than {width} px:\n" + "\n".join(too_wide)
