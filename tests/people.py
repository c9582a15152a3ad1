"""People of the platform for tests: an account with a verified email and a membership, in
the groups of its role, as an approval or an invitation leaves it."""

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

from members.models import Membership, Role
from members.roles import restrict_to_members
from members.services import apply_role
from tests.helpers import city, with_mfa

PASSWORD = "a-long-test-password"


def person(role, city_slug="utrecht", status=Membership.Status.ACTIVE, email=None):
    email = email or f"{role}.{city_slug}.{status}@example.org"
    user = get_user_model().objects.create_user(email, PASSWORD, first_name=role.title())
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    membership = Membership.objects.create(
        user=user, city=city(city_slug), role=role, status=status
    )
    apply_role(membership)
    if role in (Role.MODERATOR, Role.ADMINISTRATOR):
        with_mfa(user)
    return get_user_model().objects.get(pk=user.pk)


def members_only(page):
    """Restricts `page` to approved members, as a moderator does with Wagtail's privacy
    setting "Only these groups: Platform members"."""
    restrict_to_members(page)
    return page
