"""One demo account per role, so a newcomer can try each of them (development only)."""

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.db import transaction
from wagtail.models import Locale

from cities.models import CityPage

from . import services
from .models import ExpertProfile, Membership, Role

PASSWORD = "mariupol-reborn-demo"
ACCOUNTS = [
    # email, first name, last name, role, city slug
    ("member@example.org", "Olena", "Member", Role.MEMBER, "mariupol"),
    ("expert@example.org", "Joost", "Expert", Role.EXPERT, "utrecht"),
    ("coordinator@example.org", "Anna", "Coordinator", Role.COORDINATOR, "utrecht"),
    ("moderator@example.org", "Marek", "Moderator", Role.MODERATOR, "gdansk"),
    ("admin@example.org", "Demo", "Administrator", Role.ADMINISTRATOR, "lviv"),
    ("pending@example.org", "Petro", "Pending", Role.MEMBER, "lviv"),
]


@transaction.atomic
def ensure_demo_accounts(expert_themes):
    """Creates the demo accounts if missing and returns (email, role label, status) rows. The
    experts' and coordinators' profiles name `expert_themes`."""
    User = get_user_model()
    rows = []
    for email, first, last, role, city_slug in ACCOUNTS:
        city = CityPage.objects.get(slug=city_slug, locale=Locale.get_default())
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email, PASSWORD, first_name=first, last_name=last)
            EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
            status = Membership.Status.PENDING if "pending" in email else Membership.Status.ACTIVE
            membership = Membership.objects.create(user=user, city=city, role=role, status=status)
            services.apply_role(membership)
            if role in (Role.EXPERT, Role.COORDINATOR):
                _expert_profile(user, expert_themes)
        rows.append((email, user.membership.get_role_display(), user.membership.status))
    return rows


def _expert_profile(user, themes):
    profile = ExpertProfile.objects.create(
        user=user,
        languages=["nl", "en"],
        bio="Works for the city on district renewal and cycling; happy to share plans and "
        "tender documents.",
    )
    profile.themes.set(themes)
