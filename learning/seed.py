"""The eight curated urban-development themes the platform starts with, in the four content
languages, and the seed glossary."""

import json
from pathlib import Path

from .models import GlossaryTerm, Theme
from .models.glossary import TERM_FIELDS

GLOSSARY_FILE = Path(__file__).with_name("glossary_terms.json")

THEMES = [
    {
        "slug": "integrated-urban-planning",
        "en": (
            "Integrated urban planning",
            "Planning districts as a whole: housing, services, "
            "green space and infrastructure together.",
        ),
        "uk": (
            "Інтегроване міське планування",
            "Планування районів як цілого: житло, послуги, зелені зони та інфраструктура разом.",
        ),
        "nl": (
            "Integrale stedelijke planning",
            "Wijken als geheel plannen: wonen, voorzieningen, groen en infrastructuur samen.",
        ),
        "pl": (
            "Zintegrowane planowanie miejskie",
            "Planowanie dzielnic jako całości: mieszkania, usługi, zieleń i infrastruktura razem.",
        ),
    },
    {
        "slug": "energy-efficiency",
        "en": (
            "Energy efficiency",
            "Retrofitting buildings and networks so they need less energy.",
        ),
        "uk": (
            "Енергоефективність",
            "Модернізація будівель і мереж, щоб вони споживали менше енергії.",
        ),
        "nl": (
            "Energie-efficiëntie",
            "Gebouwen en netten zo renoveren dat ze minder energie nodig hebben.",
        ),
        "pl": (
            "Efektywność energetyczna",
            "Modernizacja budynków i sieci, aby zużywały mniej energii.",
        ),
    },
    {
        "slug": "decentralised-energy-planning",
        "en": (
            "Decentralised energy planning",
            "Local generation, heat networks and storage planned by the city and its districts.",
        ),
        "uk": (
            "Децентралізоване енергетичне планування",
            "Місцева генерація, теплові мережі та "
            "накопичення енергії, сплановані містом і його районами.",
        ),
        "nl": (
            "Decentrale energieplanning",
            "Lokale opwekking, warmtenetten en opslag, gepland door de stad en haar wijken.",
        ),
        "pl": (
            "Zdecentralizowane planowanie energetyczne",
            "Lokalna produkcja energii, sieci ciepłownicze i magazynowanie planowane przez "
            "miasto i jego dzielnice.",
        ),
    },
    {
        "slug": "sustainable-mobility",
        "en": (
            "Sustainable mobility",
            "Public transport, cycling and walking as the backbone of the city.",
        ),
        "uk": (
            "Стала мобільність",
            "Громадський транспорт, велосипед і піші прогулянки як основа міста.",
        ),
        "nl": (
            "Duurzame mobiliteit",
            "Openbaar vervoer, fietsen en lopen als ruggengraat van de stad.",
        ),
        "pl": (
            "Zrównoważona mobilność",
            "Transport publiczny, rower i ruch pieszy jako kręgosłup miasta.",
        ),
    },
    {
        "slug": "waste-management",
        "en": (
            "Waste management",
            "Separation, recycling, reuse of rubble and the circular economy.",
        ),
        "uk": (
            "Поводження з відходами",
            "Сортування, переробка, повторне використання уламків і циркулярна економіка.",
        ),
        "nl": (
            "Afvalbeheer",
            "Scheiden, recyclen, hergebruik van puin en de circulaire economie.",
        ),
        "pl": (
            "Gospodarka odpadami",
            "Segregacja, recykling, ponowne wykorzystanie gruzu i gospodarka o obiegu zamkniętym.",
        ),
    },
    {
        "slug": "safety-security-resilience",
        "en": (
            "Safety, security and resilience",
            "Shelters, civil protection, crisis management and resilient infrastructure.",
        ),
        "uk": (
            "Безпека та стійкість",
            "Укриття, цивільний захист, кризове управління та стійка інфраструктура.",
        ),
        "nl": (
            "Veiligheid en weerbaarheid",
            "Schuilplaatsen, civiele bescherming, crisisbeheersing en weerbare infrastructuur.",
        ),
        "pl": (
            "Bezpieczeństwo i odporność",
            "Schrony, ochrona ludności, zarządzanie kryzysowe i odporna infrastruktura.",
        ),
    },
    {
        "slug": "local-economic-development",
        "en": (
            "Local economic development and project management",
            "Jobs, small businesses, investment and running large projects well.",
        ),
        "uk": (
            "Місцевий економічний розвиток і управління проєктами",
            "Робочі місця, малий бізнес, інвестиції та якісне управління великими проєктами.",
        ),
        "nl": (
            "Lokale economische ontwikkeling en projectmanagement",
            "Banen, kleine bedrijven, investeringen en het goed leiden van grote projecten.",
        ),
        "pl": (
            "Lokalny rozwój gospodarczy i zarządzanie projektami",
            "Miejsca pracy, małe firmy, inwestycje i dobre prowadzenie dużych projektów.",
        ),
    },
    {
        "slug": "decentralisation-democratisation",
        "en": (
            "Decentralisation and democratisation",
            "Participation, civic budgets, transparency and strong local self-government.",
        ),
        "uk": (
            "Децентралізація та демократизація",
            "Участь мешканців, громадські бюджети, прозорість і сильне місцеве самоврядування.",
        ),
        "nl": (
            "Decentralisatie en democratisering",
            "Participatie, burgerbegrotingen, transparantie en een sterk lokaal bestuur.",
        ),
        "pl": (
            "Decentralizacja i demokratyzacja",
            "Partycypacja, budżety obywatelskie, przejrzystość i silny samorząd lokalny.",
        ),
    },
]


def ensure_themes(default_locale, translations):
    """Creates the seed themes and translations that do not exist yet; existing ones are left
    as moderators curated them."""
    for order, seed in enumerate(THEMES, start=1):
        name, description = seed["en"]
        theme, _ = Theme.objects.get_or_create(
            slug=seed["slug"],
            locale=default_locale,
            defaults={"name": name, "description": description, "sort_order": order},
        )
        for code, locale in translations.items():
            if theme.has_translation(locale):
                continue
            translated = theme.copy_for_translation(locale)
            translated.name, translated.description = seed.get(code, seed["en"])
            translated.save()


def ensure_glossary(default_locale):
    """Fills an empty glossary with the seed terms (learning/glossary_terms.json); a glossary
    moderators have started is left as it is."""
    if GlossaryTerm.objects.exists():
        return
    themes = {theme.slug: theme for theme in Theme.objects.filter(locale=default_locale)}
    seed = json.loads(GLOSSARY_FILE.read_text(encoding="utf-8"))
    GlossaryTerm.objects.bulk_create(
        GlossaryTerm(
            theme=themes[concept["theme"]],
            **{field: "\n".join(concept[code]) for code, field in TERM_FIELDS.items()},
        )
        for concept in seed
    )
