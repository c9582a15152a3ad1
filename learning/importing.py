"""Importing case studies from the JSON exchange format described in docs/import.md.

The whole file is checked before anything is written; a file with any problem is rejected
with every problem listed, and a file without problems is written in one transaction.
"""

import hashlib
import json
import sys
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.html import escape
from django.utils.text import slugify
from wagtail.models import Locale
from wagtail.rich_text import RichText

from cities.models import CityPage

from .models import CaseStudyPage, Theme
from .tags import validate_tags

TEXT_KEYS = [
    "summary",
    "funding_sources",
    "partners",
    "results",
    "lessons_learned",
    "transferability",
    "contact_name",
    "contact_role",
    "contact_email",
]
REQUIRED_KEYS = [
    "external_id",
    "city",
    "locale",
    "title",
    "summary",
    "themes",
    "period_start",
    "status",
    "publish",
]
OPTIONAL_DEFAULTS = {
    "body": [],
    "tags": [],
    "period_end": None,
    "budget_amount": None,
    "budget_currency": "",
    "funding_sources": "",
    "partners": "",
    "results": "",
    "lessons_learned": "",
    "transferability": "",
    "contact_name": "",
    "contact_role": "",
    "contact_email": "",
    "key_figures": [],
    "last_verified": None,
    "translation_of": None,
}
KNOWN_KEYS = set(REQUIRED_KEYS) | set(OPTIONAL_DEFAULTS)
# Values the admin's edit form checks too (lengths, digits of the budget, a required summary):
# checked here by the same form fields, so that an imported case study can be saved in the admin.
FORM_FIELDS = {
    key: CaseStudyPage._meta.get_field(key).formfield()
    for key in ["external_id", "title", *TEXT_KEYS, "budget_amount"]
}
KEY_FIGURE_BLOCKS = CaseStudyPage.body.field.stream_block.child_blocks[
    "key_figures"
].child_block.child_blocks
_MISSING = object()  # stands in for a required key that is absent; reported once, not re-checked


class ImportRejected(Exception):
    """The file was not imported. `problems` lists every reason, one line each."""

    def __init__(self, problems):
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s) found; nothing was imported.")


@dataclass
class ImportReport:
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)


def load_items(text):
    """Parses the file's text into a list of items, or rejects it."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ImportRejected(
            [f"line {error.lineno}, column {error.colno}: not valid JSON ({error.msg})"]
        ) from None
    except RecursionError:
        raise ImportRejected(["the JSON is nested too deeply to be read"]) from None
    except ValueError:  # Python's limit on the digits of an integer read from text
        raise ImportRejected(
            [f"a number in the file has more than {sys.get_int_max_str_digits()} digits"]
        ) from None
    if not isinstance(data, list):
        raise ImportRejected(["the file must contain a JSON list of case studies"])
    return data


def import_case_studies(items, progress=None) -> ImportReport:
    """Validates all items, then creates or updates their case studies in one transaction.

    `progress`, if given, is called with (done, total) as items are written.
    """
    validated = _Validator().validate(items)
    report = ImportReport()
    with transaction.atomic():
        for done, item in enumerate(validated, start=1):
            outcome = _write(item)
            getattr(report, outcome).append(item.data["external_id"])
            if progress:
                progress(done, len(validated))
    return report


@dataclass
class _ValidItem:
    data: dict
    city: CityPage
    themes: list
    existing: CaseStudyPage | None
    fingerprint: str
    original: str | None  # external id of the case study this one translates


class _Validator:
    def __init__(self):
        self.problems = []
        self.locales = {locale.language_code: locale for locale in Locale.objects.all()}
        self.cities = {
            (city.locale_id, city.slug): city for city in CityPage.objects.select_related("locale")
        }
        self.themes = {(theme.locale_id, theme.slug): theme for theme in Theme.objects.all()}

    def validate(self, items):
        checked = [(index, self._check_item(index, item)) for index, item in enumerate(items)]
        external_ids = [data["external_id"] for _index, data in checked if data]
        originals = [data["translation_of"] for _index, data in checked if data]
        pages = CaseStudyPage.objects.filter(external_id__in=external_ids + originals)
        self.existing = {page.external_id: page for page in pages.select_related("locale")}
        self.translated = {}  # (original's external id, language) → item index
        seen = {}  # external id → the item's data, for the items before the one checked
        valid = []
        for index, data in checked:
            result = data and self._resolve(index, data, seen)
            if result:
                valid.append(result)
        if self.problems:
            raise ImportRejected(self.problems)
        return valid

    def _problem(self, index, key, message):
        where = f"item {index}" + (f", '{key}'" if key else "")
        self.problems.append(_printable(f"{where}: {message}"))

    def _check_item(self, index, item):
        """The item's own keys and values, with its defaults filled in; None if it has problems."""
        if not isinstance(item, dict):
            self._problem(index, None, "must be an object")
            return None
        before = len(self.problems)
        for key, value in item.items():
            for problem in _unstorable_characters(value):
                self._problem(index, key, f"contains {problem}")
        if len(self.problems) > before:
            return None
        for key in sorted(set(item) - KNOWN_KEYS):
            self._problem(index, key, "unknown key")
        missing = {key: _MISSING for key in REQUIRED_KEYS if key not in item}
        for key in missing:
            self._problem(index, key, "is required")
        data = {**OPTIONAL_DEFAULTS, **missing, **item}
        self._check_types(index, data)
        if len(self.problems) > before:
            return None
        self._check_values(index, data)
        return None if len(self.problems) > before else data

    def _resolve(self, index, data, seen):
        """The item's city, themes and existing case study; None if any is wrong."""
        before = len(self.problems)
        external_id = data["external_id"]
        if external_id in seen:
            self._problem(index, "external_id", f"'{external_id}' appears more than once")
        seen[external_id] = data
        locale = self.locales.get(data["locale"])
        if locale is None:
            known = ", ".join(sorted(self.locales))
            self._problem(index, "locale", f"unknown locale '{data['locale']}' (known: {known})")
            return None
        city = self.cities.get((locale.id, data["city"]))
        if city is None:
            self._problem(index, "city", f"unknown city '{data['city']}' in locale {locale}")
        themes = []
        for slug in data["themes"]:
            theme = self.themes.get((locale.id, slug))
            if theme is None:
                self._problem(index, "themes", f"unknown theme '{slug}' in locale {locale}")
            themes.append(theme)
        existing = self.existing.get(external_id)
        if existing is not None and existing.locale_id != locale.id:
            self._problem(index, "locale", "cannot change the locale of an imported case study")
        if data["translation_of"] is not None:
            self._check_original(index, data, seen)
        if len(self.problems) > before:
            return None
        fingerprint = hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()
        return _ValidItem(data, city, themes, existing, fingerprint, data["translation_of"])

    def _check_original(self, index, data, seen):
        """A translation names a case study in another language, of the same city, written
        before it (in the file or earlier), with no other translation in this language."""
        original_id = data["translation_of"]
        original = self.existing.get(original_id)
        if original_id == data["external_id"]:
            self._problem(index, "translation_of", "a case study cannot translate itself")
            return
        if original_id in seen:
            language, city = seen[original_id]["locale"], seen[original_id]["city"]
        elif original is not None:
            language, city = original.locale.language_code, original.city.slug
        else:
            self._problem(
                index,
                "translation_of",
                f"no case study '{original_id}' before this item or on the platform",
            )
            return
        if language == data["locale"]:
            self._problem(index, "translation_of", f"'{original_id}' is in the same language")
        if city != data["city"]:
            self._problem(index, "translation_of", f"'{original_id}' is about another city")
        other = self.translated.setdefault((original_id, data["locale"]), index)
        if other != index:
            self._problem(
                index, "translation_of", f"item {other} already translates '{original_id}'"
            )
        elif original is not None:
            taken = CaseStudyPage.objects.filter(
                translation_key=original.translation_key, locale__language_code=data["locale"]
            ).exclude(external_id=data["external_id"])
            if taken.exists():
                self._problem(
                    index,
                    "translation_of",
                    f"'{original_id}' already has a translation in this language",
                )

    def _check_values(self, index, data):
        """What the admin would refuse when the case study is next saved there."""
        for key, form_field in FORM_FIELDS.items():
            try:
                form_field.clean(data[key])
            except ValidationError as error:
                self._problem(index, key, " ".join(error.messages))
        allow_unicode = getattr(settings, "WAGTAIL_ALLOW_UNICODE_SLUGS", True)
        if not slugify(data["title"], allow_unicode=allow_unicode):
            self._problem(index, "title", "needs a letter or digit to make the page's address")
        try:
            validate_tags(data["tags"])
        except ValidationError as error:
            self._problem(index, "tags", " ".join(error.messages))
        for number, figure in enumerate(data["key_figures"]):
            for name, block in KEY_FIGURE_BLOCKS.items():
                try:
                    block.clean(figure.get(name, ""))
                except ValidationError as error:
                    where = f"figure {number}, '{name}'"
                    self._problem(index, "key_figures", f"{where}: {' '.join(error.messages)}")

    def _check_types(self, index, data):
        def expect(key, ok, description):
            if not ok and data[key] is not _MISSING:
                self._problem(index, key, f"must be {description}")

        def is_text(value):
            return isinstance(value, str)

        def is_year(value):
            return isinstance(value, int) and not isinstance(value, bool) and 1900 <= value <= 2100

        for key in ("external_id", "city", "locale", "title"):
            expect(key, is_text(data[key]) and data[key].strip(), "a non-empty string")
        for key in TEXT_KEYS:
            expect(key, is_text(data[key]), "a string")
        expect("body", _is_list_of(data["body"], str), "a list of paragraphs (strings)")
        expect("tags", _is_list_of(data["tags"], str), "a list of strings")
        expect(
            "themes",
            _is_list_of(data["themes"], str) and data["themes"],
            "a non-empty list of theme slugs",
        )
        expect("period_start", is_year(data["period_start"]), "a year between 1900 and 2100")
        expect(
            "period_end",
            data["period_end"] is None or is_year(data["period_end"]),
            "a year between 1900 and 2100, or null while ongoing",
        )
        if is_year(data["period_start"]) and is_year(data["period_end"]):
            expect("period_end", data["period_end"] >= data["period_start"], "after period_start")
        expect(
            "status",
            data["status"] in CaseStudyPage.Status.values,
            "one of " + ", ".join(CaseStudyPage.Status.values),
        )
        amount = data["budget_amount"]
        expect(
            "budget_amount",
            amount is None
            or (isinstance(amount, int | float) and not isinstance(amount, bool) and amount >= 0),
            "a number of zero or more, or null",
        )
        currencies = CaseStudyPage.Currency.values
        if amount is not None:
            expect(
                "budget_currency",
                data["budget_currency"] in currencies,
                "one of " + ", ".join(currencies) + " when there is a budget",
            )
        else:
            expect(
                "budget_currency",
                data["budget_currency"] in ["", None, *currencies],
                "one of " + ", ".join(currencies) + ", or empty",
            )
        expect("publish", isinstance(data["publish"], bool), "true or false")
        expect(
            "translation_of",
            data["translation_of"] is None or is_text(data["translation_of"]),
            "the external_id of the case study this one translates, or null",
        )
        expect(
            "key_figures",
            _is_list_of(data["key_figures"], dict)
            and all(
                is_text(f.get("label")) and is_text(f.get("value")) and is_text(f.get("unit", ""))
                for f in data["key_figures"]
            ),
            "a list of objects with 'label', 'value' and optional 'unit' strings",
        )
        if data["last_verified"] is not None:
            try:
                date.fromisoformat(data["last_verified"])
            except (TypeError, ValueError):
                expect("last_verified", False, "a date as YYYY-MM-DD, or null")


def _unstorable_characters(value):
    """Yields a description of each kind of character in `value`'s strings (at any depth, keys
    too) that databases refuse: a null character, or half of a UTF-16 surrogate pair."""
    found = set()
    pending = [value]
    while pending:  # a loop rather than recursion: the JSON may be nested deeply
        value = pending.pop()
        if isinstance(value, dict):
            pending.extend(value.keys())
            pending.extend(value.values())
        elif isinstance(value, list):
            pending.extend(value)
        elif isinstance(value, str):
            if "\x00" in value:
                found.add("a null character (\\u0000)")
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                found.add("an unpaired surrogate (\\ud800 to \\udfff), which is not a character")
    yield from sorted(found)


def _printable(text):
    """`text` with the characters a terminal or log cannot take written as escapes."""
    return text.replace("\x00", "\\x00").encode("utf-8", "backslashreplace").decode("utf-8")


def _is_list_of(value, kind):
    return isinstance(value, list) and all(isinstance(v, kind) for v in value)


def _write(item: _ValidItem) -> str:
    """Creates or updates one case study as a new revision, published if the item says so."""
    page = item.existing
    if page is None:
        page = CaseStudyPage(external_id=item.data["external_id"], live=False)
        _apply(page, item)
        item.city.add_child(instance=page)
        outcome = "created"
    elif page.source_hash == item.fingerprint:
        return "unchanged"
    else:
        if page.city_id != item.city.pk:
            page.move(item.city, pos="last-child")
            page = CaseStudyPage.objects.get(pk=page.pk)
        _apply(page, item)
        outcome = "updated"
    revision = page.save_revision()
    if item.data["publish"]:
        revision.publish()
    # Remembered on the page itself so that re-importing the same item is a no-op,
    # even when it was only saved as a draft.
    CaseStudyPage.objects.filter(pk=page.pk).update(source_hash=item.fingerprint)
    return outcome


def _apply(page, item):
    data = item.data
    if item.original:
        original = CaseStudyPage.objects.get(external_id=item.original)
        page.translation_key = original.translation_key
    page.title = data["title"].strip()
    page.summary = data["summary"]
    page.body = _body(data)
    page.period_start = data["period_start"]
    page.period_end = data["period_end"]
    page.status = data["status"]
    amount = data["budget_amount"]
    page.budget_amount = None if amount is None else Decimal(str(amount))
    page.budget_currency = data["budget_currency"] or ""
    for key in TEXT_KEYS:
        setattr(page, key, data[key])
    page.last_verified = (
        date.fromisoformat(data["last_verified"]) if data["last_verified"] else None
    )
    page.themes = item.themes
    page.tags.set(data["tags"])


def _body(data):
    blocks = [("paragraph", RichText(f"<p>{escape(text)}</p>")) for text in data["body"]]
    if data["key_figures"]:
        figures = [
            {"label": f["label"], "value": f["value"], "unit": f.get("unit", "")}
            for f in data["key_figures"]
        ]
        blocks.insert(min(1, len(blocks)), ("key_figures", figures))
    return blocks
