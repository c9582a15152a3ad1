"""The demo site, for trying the platform out: the site structure with each app's demo content
(learning's case studies, members' accounts, exchange's requests) and the case studies the home
pages feature. Loading it again changes nothing."""

from django.db import transaction
from wagtail.models import Locale

from exchange.demo import ensure_demo_requests
from learning.demo import load_demo_case_studies
from learning.models import CaseStudyPage, Theme
from learning.models.case_studies import DEMO_ID_PREFIX
from members.demo import ensure_demo_accounts

from .models import FeaturedCaseStudy, HomePage
from .structure import ensure_platform_structure

FEATURED_PER_HOME = 3
# The themes of the demo experts' and coordinators' profiles.
EXPERT_THEMES = ["sustainable-mobility"]


@transaction.atomic
def load_demo_content():
    """Loads the site structure, the demo case studies and their images, and features some on
    each home page; returns the import report."""
    ensure_platform_structure()
    report = load_demo_case_studies()
    for home in HomePage.objects.all():
        _feature_demo_case_studies(home)
    return report


def load_demo_accounts():
    """Creates the demo accounts and the demo requests they asked and answered (development
    only); returns the accounts as (email, role label, status) rows."""
    themes = Theme.objects.filter(locale=Locale.get_default(), slug__in=EXPERT_THEMES)
    rows = ensure_demo_accounts(themes)
    ensure_demo_requests()
    return rows


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
