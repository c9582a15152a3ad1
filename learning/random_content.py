"""Many realistic-looking case studies, made fast, for benchmarks and load tests.

Pages are written with bulk inserts (tree paths computed here) rather than one save each, so
100,000 case studies take minutes. They are marked with external ids starting "random-".
"""

import random
import uuid
from datetime import timedelta
from functools import partial

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
from .signals import case_studies_bulk_created

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
# The same parts in Ukrainian, Dutch and Polish, for case studies under a city's page in that
# language: the same topics in the same order, with words in the forms a sentence needs, so
# searches meet inflected forms as they do in real text.
UKRAINIAN = {
    "subjects": [
        "централізоване опалення",
        "трамвайну мережу",
        "велосипедні смуги",
        "утеплення шкіл",
        "сортування відходів",
        "укриття цивільного захисту",
        "бюджет участі",
        "переробку будівельного сміття",
        "соціальне житло",
        "теплові насоси",
        "захист від повеней",
        "сонячні дахи",
        "швидкісні автобуси",
        "відкриті дані",
        "гранти малому бізнесу",
        "вуличне освітлення",
        "водопостачання",
        "зелені коридори",
        "громадські простори",
        "дитячі садки",
        "енергетичні аудити",
        "когенерацію",
        "електронні послуги",
        "оновлення парків",
    ],
    "verbs": [
        "оновили",
        "спланували",
        "профінансували",
        "нанесли на карту",
        "випробували",
        "відбудували",
        "підключили",
        "модернізували",
        "розширили",
        "утеплили",
        "оцифрували",
        "спільно спроєктували",
    ],
    "places": [
        "старому місті",
        "повоєнному районі",
        "портовій зоні",
        "житловому масиві",
        "центрі міста",
        "прибережній частині",
        "промисловій зоні",
        "північних районах",
    ],
    "who": [
        "мешканці",
        "об'єднання співвласників",
        "міське комунальне підприємство",
        "місцеві підприємці",
        "школи",
        "районна рада",
        "університет",
        "міжнародні донори",
    ],
    "results": [
        "витрати знизилися на п'яту частину",
        "час очікування скоротився вдвічі",
        "викиди помітно зменшилися",
        "користування подвоїлося за два роки",
        "мешканці високо оцінили результат",
        "обслуговування стало простішим",
        "місто залучило нове фінансування",
    ],
    "filler": [
        "план",
        "бюджет",
        "тендер",
        "проєкт",
        "консультації",
        "пілотний етап",
        "роботи",
        "оцінювання",
        "договір",
        "обслуговування",
        "опитування",
    ],
    "title": "{city}: {subject} {verb} у {place} ({number})",
    "summary": "{city}: {who} {verb} {subject} у {place}.",
    "sentence": "{who} {verb} {subject} у {place}, і {result}, бо {who2} {verb2} {filler} вчасно.",
    "outcome": "У підсумку {result}.",
}
# Subjects are objects (with the article a Dutch object takes), verbs past participles, places
# with their preposition; who is plural, agreeing with "hebben".
DUTCH = {
    "subjects": [
        "het warmtenet",
        "het tramnet",
        "fietspaden",
        "de verduurzaming van scholen",
        "afvalscheiding",
        "schuilkelders",
        "de burgerbegroting",
        "puinrecycling",
        "sociale huurwoningen",
        "warmtepompen",
        "waterberging",
        "zonnedaken",
        "snelbuslijnen",
        "open data",
        "subsidies voor kleine ondernemers",
        "de straatverlichting",
        "de drinkwatervoorziening",
        "groene verbindingen",
        "pleinen",
        "kinderdagverblijven",
        "energiescans",
        "warmtekrachtkoppeling",
        "digitale diensten",
        "de herinrichting van parken",
    ],
    "verbs": [
        "vernieuwd",
        "gepland",
        "gefinancierd",
        "in kaart gebracht",
        "getest",
        "herbouwd",
        "aangesloten",
        "gemoderniseerd",
        "uitgebreid",
        "geïsoleerd",
        "gedigitaliseerd",
        "in cocreatie ontworpen",
    ],
    "places": [
        "in de oude binnenstad",
        "in een naoorlogse woonwijk",
        "in het havengebied",
        "in een flatwijk",
        "in het stadscentrum",
        "langs de rivier",
        "op een bedrijventerrein",
        "in de noordelijke wijken",
    ],
    "who": [
        "bewoners",
        "woningcorporaties",
        "de gemeentelijke diensten",
        "lokale ondernemers",
        "scholen",
        "leden van de wijkraad",
        "onderzoekers van de universiteit",
        "internationale donoren",
    ],
    "results": [
        "de kosten daalden met een vijfde",
        "de wachttijden halveerden",
        "de uitstoot daalde sterk",
        "het gebruik verdubbelde binnen twee jaar",
        "bewoners gaven het project een hoog cijfer",
        "het onderhoud werd eenvoudiger",
        "de gemeente trok nieuwe financiering aan",
    ],
    "filler": [
        "het plan",
        "de begroting",
        "de aanbesteding",
        "het ontwerp",
        "de inspraak",
        "de pilot",
        "de werkzaamheden",
        "de evaluatie",
        "het contract",
        "het onderhoud",
        "de enquête",
    ],
    "title": "{city}: {subject} {place} {verb} ({number})",
    "summary": "{city} heeft samen met {who} {subject} {place} {verb}.",
    "sentence": "{who} hebben {subject} {place} {verb} en {result}, omdat {who2} {filler} tijdig "
    "{verb2} hadden.",
    "outcome": "Het resultaat: {result}.",
}
# Subjects and filler in the accusative, verbs in the past tense agreeing with who (all
# masculine-personal plurals), places in the locative with their preposition. The title has no
# who, so it takes the impersonal "postawiono na" rather than a verb of the list.
POLISH = {
    "subjects": [
        "miejskie ciepłownictwo",
        "sieć tramwajową",
        "ścieżki rowerowe",
        "termomodernizację szkół",
        "segregację odpadów",
        "schrony obrony cywilnej",
        "budżet obywatelski",
        "recykling gruzu",
        "mieszkania socjalne",
        "pompy ciepła",
        "ochronę przeciwpowodziową",
        "fotowoltaikę dachową",
        "szybkie linie autobusowe",
        "otwarte dane",
        "dotacje dla małych firm",
        "oświetlenie uliczne",
        "wodociągi",
        "zielone korytarze",
        "place miejskie",
        "przedszkola",
        "audyty energetyczne",
        "kogenerację",
        "e-usługi",
        "rewitalizację parków",
    ],
    "verbs": [
        "odnowili",
        "zaplanowali",
        "sfinansowali",
        "zinwentaryzowali",
        "przetestowali",
        "odbudowali",
        "podłączyli",
        "zmodernizowali",
        "rozbudowali",
        "ocieplili",
        "scyfryzowali",
        "wspólnie zaprojektowali",
    ],
    "places": [
        "na starym mieście",
        "w powojennej dzielnicy",
        "na terenach portowych",
        "na osiedlu mieszkaniowym",
        "w centrum miasta",
        "na bulwarach nadrzecznych",
        "w strefie przemysłowej",
        "w północnych dzielnicach",
    ],
    "who": [
        "mieszkańcy",
        "członkowie wspólnoty mieszkaniowej",
        "pracownicy spółki komunalnej",
        "lokalni przedsiębiorcy",
        "nauczyciele",
        "radni dzielnicy",
        "naukowcy z politechniki",
        "zagraniczni darczyńcy",
    ],
    "results": [
        "koszty spadły o jedną piątą",
        "czas oczekiwania skrócił się o połowę",
        "emisje gwałtownie spadły",
        "liczba użytkowników podwoiła się w ciągu dwóch lat",
        "mieszkańcy wysoko ocenili zmiany",
        "utrzymanie stało się prostsze",
        "miasto pozyskało środki na kolejne inwestycje",
    ],
    "filler": [
        "plan",
        "budżet",
        "przetarg",
        "projekt",
        "konsultacje",
        "pilotaż",
        "prace",
        "ewaluację",
        "umowę",
        "utrzymanie",
        "ankietę",
    ],
    "title": "{city}: {place} postawiono na {subject} ({number})",
    "summary": "{city}: {who} {verb} {subject} {place}.",
    "sentence": "{who} {verb} {subject} {place}, a {result}, ponieważ {who2} {verb2} {filler} "
    "z wyprzedzeniem.",
    "outcome": "W efekcie {result}.",
}
ENGLISH = {
    "subjects": SUBJECTS,
    "verbs": VERBS,
    "places": PLACES,
    "who": WHO,
    "results": RESULTS,
    "filler": FILLER,
    "title": "{city}: {subject} {verb} in {place} ({number})",
    "summary": "{city} {verb} {subject} in {place} together with {who}.",
    "sentence": "{who} {verb} {subject} in {place}, and {result} because {who2} {verb2} {filler} "
    "early.",
    "outcome": "In the end {result}.",
}
VOCABULARIES = {"uk": UKRAINIAN, "nl": DUTCH, "pl": POLISH}  # by language code; else ENGLISH
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
                case_studies_bulk_created.send(CaseStudyPage, page_ids=[p.pk for p in pages])
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
        words = VOCABULARIES.get(city.locale.language_code, ENGLISH)
        subject, verb = r.choice(words["subjects"]), r.choice(words["verbs"])
        place = r.choice(words["places"])
        related = r.sample(words["subjects"], 2)
        title = words["title"].format(
            city=city.title, subject=subject, verb=verb, place=place, number=self.counter
        )
        start_year = r.randint(2005, 2025)
        end_year = r.choice([None, min(2026, start_year + r.randint(1, 6))])
        status = "ongoing" if end_year is None else r.choice(["completed", "completed", "planned"])
        step = self.next_step[city.pk]
        self.next_step[city.pk] += 1
        slug = f"{slugify(f'{subject} {place}', allow_unicode=True)}-{self.counter}"
        paragraph = partial(self._paragraph, words, subject, related)
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
            summary=words["summary"].format(
                city=city.title, verb=verb, subject=subject, place=place, who=r.choice(words["who"])
            ),
            body=[("paragraph", RichText(f"<p>{paragraph()}</p>")) for _ in range(r.randint(3, 5))],
            period_start=start_year,
            period_end=end_year,
            status=status,
            budget_amount=r.randint(50, 50000) * 1000,
            budget_currency=r.choice(["EUR", "PLN", "UAH"]),
            results=words["outcome"].format(result=r.choice(words["results"])),
            lessons_learned=paragraph(),
            transferability=paragraph(),
            partners=r.choice(words["who"]),
            external_id=f"{RANDOM_ID_PREFIX}{self.counter}",
        )

    def _paragraph(self, words, subject, related):
        """Sentences about the case study's own subject and the two it relates to, so a word
        is found in a realistic share of case studies rather than in all of them."""
        r = self.random
        sentences = []
        for _ in range(r.randint(5, 8)):
            sentence = words["sentence"].format(
                who=r.choice(words["who"]),
                verb=r.choice(words["verbs"]),
                subject=r.choice([subject, subject, *related]),
                place=r.choice(words["places"]),
                result=r.choice(words["results"]),
                who2=r.choice(words["who"]),
                verb2=r.choice(words["verbs"]),
                filler=r.choice(words["filler"]),
            )
            sentences.append(sentence[0].upper() + sentence[1:])
        return " ".join(sentences)

    @staticmethod
    def _page_columns(page):
        return {
            f.attname: getattr(page, f.attname)
            for f in Page._meta.concrete_fields
            if f.attname != "id"
        }
