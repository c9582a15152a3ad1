"""Many realistic-looking case studies, made fast, for benchmarks and load tests.

Pages are written with bulk inserts (tree paths computed here) rather than one save each, so
100,000 case studies take minutes. They are marked with external ids starting "random-".
"""

import random
import uuid
from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from taggit.models import Tag
from wagtail.models import Page
from wagtail.rich_text import RichText
from wagtail.search.backends import get_search_backend

from cities.models import CityPage

from .models import CaseStudyPage, CaseStudyTag, Theme

RANDOM_ID_PREFIX = "random-"
BATCH = 500

SUBJECTS = [
    "district heating",
    "the tram network",
    "bicycle lanes",
    "school retrofits",
    "waste separation",
    "civil protection shelters",
    "participatory budgeting",
    "rubble recycling",
    "social housing",
    "heat pumps",
    "flood retention",
    "solar roofs",
    "bus rapid transit",
    "open data",
    "small business grants",
    "street lighting",
    "water supply",
    "green corridors",
    "public squares",
    "kindergartens",
    "energy audits",
    "cogeneration",
    "e-services",
    "park renewal",
]
VERBS = [
    "renewed",
    "planned",
    "financed",
    "mapped",
    "tested",
    "rebuilt",
    "connected",
    "modernised",
    "extended",
    "insulated",
    "digitised",
    "co-designed",
]
PLACES = [
    "the old town",
    "a post-war district",
    "the port area",
    "a residential estate",
    "the city centre",
    "the riverside",
    "an industrial zone",
    "the northern districts",
]
WHO = [
    "residents",
    "the housing association",
    "the municipal utility",
    "local businesses",
    "schools",
    "the district council",
    "a university",
    "international donors",
]
RESULTS = [
    "costs fell by a fifth",
    "waiting times halved",
    "emissions dropped sharply",
    "use doubled within two years",
    "residents rated it highly",
    "maintenance became simpler",
    "the city attracted new funding",
]
FILLER = [
    "the plan",
    "the budget",
    "the tender",
    "the design",
    "the consultation",
    "the pilot",
    "the works",
    "the evaluation",
    "the contract",
    "the maintenance",
    "the survey",
]
TAG_WORDS = [
    "heat",
    "cycling",
    "housing",
    "shelters",
    "recycling",
    "participation",
    "transport",
    "energy",
    "water",
    "climate",
    "schools",
    "procurement",
    "digital",
    "heritage",
    "parks",
    "lighting",
    "youth",
    "jobs",
    "grants",
    "trams",
]


class RandomCaseStudies:
    def __init__(self, seed=2023):
        self.random = random.Random(seed)
        self.cities = list(CityPage.objects.select_related("locale").order_by("pk"))
        self.themes = {}
        for theme in Theme.objects.all():
            self.themes.setdefault(theme.locale_id, []).append(theme)
        self.tags = [
            Tag.objects.get_or_create(name=word, defaults={"slug": word})[0] for word in TAG_WORDS
        ]
        self.content_type = ContentType.objects.get_for_model(CaseStudyPage)
        self.next_step = {}
        for city in self.cities:
            last = city.get_last_child()
            self.next_step[city.pk] = (Page._str2int(last.path[-Page.steplen :]) + 1) if last else 1
        start = CaseStudyPage.objects.filter(external_id__startswith=RANDOM_ID_PREFIX).count()
        self.counter = start

    def create(self, count, progress=None):
        made = 0
        while made < count:
            size = min(BATCH, count - made)
            with transaction.atomic():
                pages = self._batch(size)
                get_search_backend().add_bulk(CaseStudyPage, pages)
            made += size
            if progress:
                progress(made, count)
        return made

    def _batch(self, size):
        now = timezone.now()
        pages, theme_links, tag_links = [], [], []
        for _ in range(size):
            self.counter += 1
            city = self.random.choice(self.cities)
            page = self._page(city, now - timedelta(minutes=self.counter))
            pages.append(page)
        Page.objects.bulk_create([Page(**self._page_columns(p)) for p in pages])
        ids = dict(Page.objects.filter(path__in=[p.path for p in pages]).values_list("path", "id"))
        for page in pages:
            page.id = page.page_ptr_id = ids[page.path]
        fields = CaseStudyPage._meta.local_concrete_fields
        for start in range(0, len(pages), 100):
            CaseStudyPage.objects._insert(pages[start : start + 100], fields=fields, raw=True)
        for page in pages:
            for theme in self.random.sample(self.themes[page.locale_id], self.random.randint(1, 3)):
                theme_links.append(
                    CaseStudyPage.themes.through(casestudypage_id=page.pk, theme_id=theme.pk)
                )
            for tag in self.random.sample(self.tags, self.random.randint(1, 4)):
                tag_links.append(CaseStudyTag(content_object_id=page.pk, tag_id=tag.pk))
        CaseStudyPage.themes.through.objects.bulk_create(theme_links)
        CaseStudyTag.objects.bulk_create(tag_links)
        for city in self.cities:
            CityPage.objects.filter(pk=city.pk).update(
                numchild=F("numchild") + sum(1 for p in pages if p.city_id == city.pk)
            )
        return list(
            CaseStudyPage.objects.filter(pk__in=[p.pk for p in pages])
            .select_related("city", "locale")
            .prefetch_related("themes", "tags")
        )

    def _page(self, city, published):
        r = self.random
        subject, verb, place = r.choice(SUBJECTS), r.choice(VERBS), r.choice(PLACES)
        related = r.sample(SUBJECTS, 2)
        title = f"{city.title}: {subject} {verb} in {place} ({self.counter})"
        start_year = r.randint(2005, 2025)
        end_year = r.choice([None, min(2026, start_year + r.randint(1, 6))])
        status = "ongoing" if end_year is None else r.choice(["completed", "completed", "planned"])
        step = self.next_step[city.pk]
        self.next_step[city.pk] += 1
        slug = slugify(f"{subject} {place} {self.counter}")
        return CaseStudyPage(
            title=title,
            draft_title=title,
            slug=slug,
            live=True,
            locale_id=city.locale_id,
            path=Page._get_path(city.path, city.depth + 1, step),
            depth=city.depth + 1,
            url_path=f"{city.url_path}{slug}/",
            first_published_at=published,
            last_published_at=published,
            translation_key=uuid.uuid4(),
            content_type=self.content_type,
            city_id=city.pk,
            summary=f"{city.title} {verb} {subject} in {place} together with {r.choice(WHO)}.",
            body=[
                ("paragraph", RichText(f"<p>{self._paragraph(subject, related)}</p>"))
                for _ in range(r.randint(3, 5))
            ],
            period_start=start_year,
            period_end=end_year,
            status=status,
            budget_amount=r.randint(50, 50000) * 1000,
            budget_currency=r.choice(["EUR", "PLN", "UAH"]),
            results=f"In the end {r.choice(RESULTS)}.",
            lessons_learned=self._paragraph(subject, related),
            transferability=self._paragraph(subject, related),
            partners=r.choice(WHO),
            external_id=f"{RANDOM_ID_PREFIX}{self.counter}",
        )

    def _paragraph(self, subject, related):
        """Sentences about the case study's own subject and the two it relates to, so a word
        is found in a realistic share of case studies rather than in all of them."""
        r = self.random
        sentences = []
        for _ in range(r.randint(5, 8)):
            sentences.append(
                f"{r.choice(WHO).capitalize()} {r.choice(VERBS)} "
                f"{r.choice([subject, subject, *related])} in {r.choice(PLACES)}, "
                f"and {r.choice(RESULTS)} because {r.choice(WHO)} "
                f"{r.choice(VERBS)} {r.choice(FILLER)} early."
            )
        return " ".join(sentences)

    @staticmethod
    def _page_columns(page):
        return {
            f.attname: getattr(page, f.attname)
            for f in Page._meta.concrete_fields
            if f.attname != "id"
        }
