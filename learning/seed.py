"""The eight curated urban-development themes the platform starts with, in English and
Ukrainian."""

from .models import Theme

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
