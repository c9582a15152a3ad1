"""Demo case studies: realistic but invented, clearly marked as demo, for trying the platform
out, with generated pictures for them and their cities. Loading them again changes nothing.
home/demo.py loads them with the rest of the demo site."""

import io
from pathlib import Path

from django.core.files.images import ImageFile
from django.db import transaction
from PIL import Image as PillowImage
from PIL import ImageDraw, ImageFont
from wagtail.images import get_image_model
from wagtail.models import PageViewRestriction

from cities.models import CityPage
from members.roles import restrict_to_members

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
# Demo case studies about sensitive infrastructure, shown to approved members only.
MEMBERS_ONLY = ["demo-civil-defence-shelters", "demo-energy-independent-heat"]


@transaction.atomic
def load_demo_case_studies():
    """Loads the demo case studies into the cities (which must exist) and gives them and the
    cities their pictures; returns the import report."""
    report = import_case_studies(load_items(CASE_STUDIES_FILE.read_text(encoding="utf-8")))
    for city in CityPage.objects.all():
        image = _city_image(city.slug)
        _publish_if_missing(city, "image", image)
        for case_study in CaseStudyPage.objects.child_of(city).filter(
            external_id__startswith=DEMO_ID_PREFIX
        ):
            _publish_if_missing(case_study, "hero_image", image)
    return report


def ensure_members_only_examples():
    """Restricts a few demo case studies to members (Wagtail page privacy), once."""
    for page in CaseStudyPage.objects.filter(external_id__in=MEMBERS_ONLY):
        if not PageViewRestriction.objects.filter(page=page).exists():
            restrict_to_members(page)


def _publish_if_missing(page, field_name, value):
    if getattr(page, f"{field_name}_id") is None:
        setattr(page, field_name, value)
        page.save_revision().publish()


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
