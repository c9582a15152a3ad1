"""Demo content: realistic but invented case studies, clearly marked as demo, for trying the
platform out. Loading it again changes nothing."""

import io
from pathlib import Path

from django.core.files.images import ImageFile
from django.db import transaction
from django.dispatch import Signal
from PIL import Image as PillowImage
from PIL import ImageDraw, ImageFont
from wagtail.images import get_image_model

from cities.models import CityPage
from home.models import FeaturedCaseStudy, HomePage
from home.structure import ensure_platform_structure

from ..importing import import_case_studies, load_items
from ..models import CaseStudyPage
from ..models.case_studies import DEMO_ID_PREFIX

CASE_STUDIES_FILE = Path(__file__).with_name("case_studies.json")
CITY_COLOURS = {
    "utrecht": (176, 32, 40),
    "gdansk": (196, 150, 40),
    "warsaw": (150, 30, 60),
    "lviv": (30, 90, 160),
    "mariupol": (20, 110, 120),
}
FEATURED_PER_HOME = 3
# Sent once the demo accounts exist, for the apps that add demo content of their own with them.
demo_accounts_ready = Signal()


@transaction.atomic
def load_demo_content():
    """Loads the site structure, the demo case studies and their images; returns the import
    report."""
    ensure_platform_structure()
    report = import_case_studies(load_items(CASE_STUDIES_FILE.read_text(encoding="utf-8")))
    for city in CityPage.objects.all():
        image = _city_image(city.slug)
        _publish_if_missing(city, "image", image)
        for case_study in CaseStudyPage.objects.child_of(city).filter(
            external_id__startswith=DEMO_ID_PREFIX
        ):
            _publish_if_missing(case_study, "hero_image", image)
    for home in HomePage.objects.all():
        _feature_demo_case_studies(home)
    return report


def _publish_if_missing(page, field_name, value):
    if getattr(page, f"{field_name}_id") is None:
        setattr(page, field_name, value)
        page.save_revision().publish()


def _feature_demo_case_studies(home):
    candidates = CaseStudyPage.objects.live().filter(
        locale=home.locale, external_id__startswith=DEMO_ID_PREFIX
    )
    if home.featured_case_studies.exists() or not candidates.exists():
        return
    home.featured_case_studies = [
        FeaturedCaseStudy(case_study=case_study)
        for case_study in candidates.order_by("city__slug", "id")[:FEATURED_PER_HOME]
    ]
    home.save_revision().publish()


def _city_image(slug):
    """A generated placeholder picture for a city, labelled as a demo image."""
    Image = get_image_model()
    title = f"Demo image: {slug.title()}"
    existing = Image.objects.filter(title=title).first()
    if existing is not None:
        return existing
    picture = PillowImage.new("RGB", (1200, 600), CITY_COLOURS.get(slug, (80, 80, 80)))
    draw = ImageDraw.Draw(picture)
    for step in range(0, 600, 40):
        draw.line([(0, step), (1200, step + 300)], fill=(255, 255, 255), width=2)
    font = ImageFont.load_default(size=64)
    draw.text((60, 460), title, fill=(255, 255, 255), font=font)
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG")
    return Image.objects.create(title=title, file=ImageFile(buffer, name=f"demo-{slug}.png"))
