"""The interface translations: each catalog complete, with the placeholders of its messages; the
catalogs in step with the texts of the sources; and pages in a translated language showing none
of the English interface texts."""

import os
import re
import shutil
import subprocess
import sys
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings

from exchange.models import Answer, KnowledgeRequest
from tests.factories import CaseStudyFactory
from tests.helpers import city, theme

pytestmark = pytest.mark.django_db

LOCALE_DIR = Path(settings.BASE_DIR) / "locale"
# What makemessages leaves out (the command in docs/configuration.md).
NOT_EXTRACTED = {".venv", "var", "tests", "bench", "staticfiles", "media", "locale"}
# Names every language keeps as they are.
PROPER_NAMES = {"Mariupol Reborn"}
TRANSLATED_LANGUAGES = [code for code in settings.AVAILABLE_LANGUAGES if code != "en"]
# %(name)s, %d and {name}: what Django and format_html put values into.
PLACEHOLDER = re.compile(
    r"%\(\w+\)[-#0 +]*\d*(?:\.\d+)?[a-zA-Z]|%[-#0 +]*\d*(?:\.\d+)?[sdif]|\{\w*\}"
)
COMPILE = ".venv/bin/pybabel compile --domain django --directory locale"


def catalog_file(code):
    return LOCALE_DIR / code / "LC_MESSAGES" / "django.po"


def read_catalog(path):
    with open(path, "rb") as file:
        return read_po(file, abort_invalid=True)


CATALOG_LANGUAGES = [code for code in TRANSLATED_LANGUAGES if catalog_file(code).exists()]


def messages(catalog):
    """The catalog's messages without its header, each with its msgids (one, or singular and
    plural) and its translations (one, or a form for each plural)."""
    for message in catalog:
        if message.id:
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            yield message, ids, strings


def placeholders(text):
    return set(PLACEHOLDER.findall(text.replace("%%", "")))


def problems(code):
    """What keeps the catalog of `code` from being complete and correct, as
    {kind: [msgid, …]}."""
    catalog = read_catalog(catalog_file(code))
    found = {"untranslated": [], "fuzzy": [], "placeholders": [], "plural forms": []}
    if str(catalog.locale) != code:
        found["header"] = [f"Language: {catalog.locale} instead of {code}"]
    if catalog.fuzzy:
        found["fuzzy"].append("(the header)")
    for message, ids, strings in messages(catalog):
        if not all(strings):
            found["untranslated"].append(ids[0])
            continue
        if message.fuzzy:
            found["fuzzy"].append(ids[0])
        if len(ids) > 1 and len(strings) != catalog.num_plurals:
            found["plural forms"].append(ids[0])
        wanted = set().union(*(placeholders(msgid) for msgid in ids))
        if any(placeholders(string) != wanted for string in strings):
            found["placeholders"].append(ids[0])
    return {kind: msgids for kind, msgids in found.items() if msgids}


def complete(code):
    """Whether every message of the catalog of `code` is translated (its pages can be tested)."""
    if not catalog_file(code).exists():
        return False
    found = problems(code)
    return "untranslated" not in found and "fuzzy" not in found


@pytest.mark.parametrize("code", CATALOG_LANGUAGES)
def test_a_catalog_is_complete_and_keeps_every_placeholder(code):
    found = problems(code)
    assert not found, f"locale/{code}/LC_MESSAGES/django.po: " + "; ".join(
        f"{kind} ({len(msgids)}): {msgids[:10]}" for kind, msgids in found.items()
    )


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    """The catalogs as makemessages leaves them when it extracts the messages of the sources
    again: `code` → its file, in a copy of locale/ (the committed catalogs are left alone)."""
    if not all(shutil.which(tool) for tool in ("xgettext", "msguniq", "msgmerge")):
        reason = "GNU gettext (xgettext) is not installed: apt-get install gettext"
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI must compare the catalogs with the sources, but {reason}")
        pytest.skip(reason)
    # The project's sources, seen from a folder with a copy of the catalogs.
    folder = tmp_path_factory.mktemp("sources")
    for entry in Path(settings.BASE_DIR).iterdir():
        if not entry.name.startswith(".") and entry.name not in NOT_EXTRACTED:
            (folder / entry.name).symlink_to(entry)
    shutil.copytree(LOCALE_DIR, folder / "locale")
    command = [sys.executable, "manage.py", "makemessages", "--symlinks", "--no-obsolete"]
    command += [f"--locale={code}" for code in CATALOG_LANGUAGES] + ["--verbosity=0"]
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "mariupol_reborn.settings.test"}
    subprocess.run(command, cwd=folder, env=environment, check=True, timeout=300)
    return {
        code: folder / "locale" / code / "LC_MESSAGES" / "django.po" for code in CATALOG_LANGUAGES
    }


@pytest.mark.parametrize("code", CATALOG_LANGUAGES)
def test_a_catalog_holds_every_message_of_the_sources(extracted, code):
    """Extracting the messages again finds none that the catalog lacks, and none it holds that
    the sources no longer have."""
    sources = _msgids(extracted[code])
    assert len(sources) > 100  # the extraction did find the sources
    committed = _msgids(catalog_file(code))
    out_of_step = []
    if missing := sorted(sources - committed):
        out_of_step.append(f"lacks {len(missing)}: {missing}")
    if stale := sorted(committed - sources):
        out_of_step.append(f"has {len(stale)} the sources no longer use: {stale}")
    assert not out_of_step, (
        f"locale/{code}/LC_MESSAGES/django.po is out of step with the sources (run makemessages "
        "as docs/configuration.md says, then translate): " + "; ".join(out_of_step)
    )


def _msgids(path):
    """The messages of a catalog as (context, msgid), or (context, (msgid, plural msgid))."""
    return {
        (message.context or "", ids if len(ids) > 1 else ids[0])
        for message, ids, _strings in messages(read_catalog(path))
    }


class VisibleText(HTMLParser):
    """The text of a page as people read or hear it: the text outside scripts and styles, and
    the attributes browsers and screen readers show."""

    SHOWN_ATTRIBUTES = {"alt", "aria-label", "placeholder", "title"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.text, self.attributes, self.hidden = [], [], 0

    def handle_starttag(self, tag, attrs):
        self.hidden += tag in ("script", "style")
        self.attributes += [value for name, value in attrs if name in self.SHOWN_ATTRIBUTES]

    def handle_endtag(self, tag):
        self.hidden -= tag in ("script", "style")

    def handle_data(self, data):
        if not self.hidden:
            self.text.append(data)


def visible_text(html):
    parser = VisibleText()
    parser.feed(html)
    parser.close()
    return " ".join(" ".join(["".join(parser.text), *parser.attributes]).split())


def english_texts(code):
    """The English interface texts of two words or more: each msgid of the catalog, without
    its markup, cut at its placeholders (the values put in are not the interface's)."""
    texts = set()
    for _message, ids, _strings in messages(read_catalog(catalog_file(code))):
        for msgid in ids:
            for fragment in PLACEHOLDER.split(re.sub(r"<[^>]+>", "", msgid.replace("%%", "%"))):
                fragment = " ".join(fragment.split())
                if len(fragment.split()) >= 2 and fragment not in PROPER_NAMES:
                    texts.add(fragment)
    return texts


@pytest.fixture
def content():
    """A case study in the page's language with every part a case study page shows, and one in
    English that the same search finds."""

    def make(code):
        heat = theme("decentralised-energy-planning", code)
        case_study = CaseStudyFactory(
            parent=city("utrecht", code),
            title="Warmtenet Overvecht",
            themes=[heat],
            tags=["warmtenet"],
            summary="Overvecht-Noord: 4200 woningen, 2019–2024.",
            status="completed",
            period_start=2019,
            period_end=2024,
            budget_amount=12_500_000,
            budget_currency="EUR",
            funding_sources="EFRO",
            partners="Eneco, Portaal",
            results="4200 woningen aangesloten.",
            lessons_learned="Bewoners vroeg betrekken.",
            transferability="Past bij de wijken van Marioepol.",
            contact_name="Joost de Vries",
            contact_role="Eneco",
            contact_email="joost@example.org",
            last_verified=date(2026, 1, 15),
            external_id="demo-warmtenet-overvecht",
            body=[
                ("heading", "Overvecht"),
                ("paragraph", "<p>Overvecht-Noord, 2019–2024.</p>"),
                ("key_figures", [{"label": "Overvecht", "value": "4200", "unit": ""}]),
            ],
        )
        CaseStudyFactory(
            parent=city("utrecht"),
            title="Overvecht cargo bikes",
            themes=[theme("sustainable-mobility")],
            status="completed",
            period_start=2019,
        )
        return case_study, heat

    return make


@pytest.mark.parametrize("code", TRANSLATED_LANGUAGES)
def test_pages_in_a_translated_language_show_no_english_interface_text(client, content, code):
    if code not in dict(settings.LANGUAGES):
        pytest.skip(f"{code} is not switched on here (PLATFORM_LANGUAGES)")
    if not complete(code):
        pytest.skip(f"the {code} catalog is not complete yet")
    case_study, heat = content(code)
    asked = KnowledgeRequest.objects.create(
        title="Warmtenet Overvecht?", body="Overvecht-Noord, 2019–2024.", language=code, public=True
    )
    asked.themes.set([heat])
    Answer.objects.create(request=asked, body="<p>Overvecht-Noord.</p>")
    pages = {
        "home page": f"/{code}/",
        "search with filters": f"/{code}/search/?q=Overvecht&theme={heat.slug}"
        "&status=completed&year_from=2019",
        "search without results": f"/{code}/search/?q=zzxqv",
        "theme index": f"/{code}/themes/",
        "theme page": f"/{code}/themes/{heat.slug}/",
        "glossary": f"/{code}/glossary/",
        "case study": case_study.url,
        "city index": f"/{code}/cities/",
        "city page": case_study.get_parent().url,
        "sign in": f"/{code}/accounts/login/",
        "sign up": f"/{code}/accounts/signup/",
        "page not found": f"/{code}/no-such-page/",
        "questions": f"/{code}/requests/",
        "closed questions": f"/{code}/requests/?status=closed",
        "a question": f"/{code}/requests/{asked.pk}/",
    }
    english = english_texts(code)
    found, htmls, texts = {}, {}, {}
    for name, address in pages.items():
        response = client.get(address)
        assert response.status_code == (404 if name == "page not found" else 200), name
        htmls[name] = html = response.content.decode()
        assert f'<html lang="{code}">' in html, name
        texts[name] = text = visible_text(html)
        if shown := sorted(t for t in english if t in text):
            found[name] = shown
    # The search found the case study and shows its filters; its page shows every section.
    assert case_study.title in texts["search with filters"]
    assert 'type="checkbox"' in htmls["search with filters"]
    assert 'class="transferability"' in htmls["case study"]
    assert not found, (
        f"English interface text on {code} pages (are the catalogs compiled? {COMPILE}): {found}"
    )
