"""Who may manage whose membership. The rights come from the permissions of the person's
groups (see roles.py); a coordinator's are limited to their own city and its city roles."""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from wagtail.models import Locale

from cities.models import CityPage

from .models import Invitation, Membership, Role, User


def manageable_memberships(actor: User) -> QuerySet[Membership]:
    memberships = Membership.objects.select_related("user", "city")
    if actor.is_superuser:
        return memberships
    if actor.has_perm("members.manage_all_members"):
        return memberships.exclude(role=Role.ADMINISTRATOR)
    city = _own_city(actor)
    if city and actor.has_perm("members.manage_city_members"):
        return memberships.filter(city=city, role__in=Role.city_roles())
    return memberships.none()


def grantable_roles(actor: User) -> list[Role]:
    if actor.is_superuser:
        return list(Role)
    if actor.has_perm("members.manage_all_members"):
        return [*Role.city_roles(), Role.MODERATOR]
    if actor.has_perm("members.manage_city_members"):
        return Role.city_roles()
    return []


def invitable_cities(actor: User) -> QuerySet[CityPage]:
    cities = CityPage.objects.filter(locale=Locale.get_default()).order_by("title")
    if actor.is_superuser or actor.has_perm("members.manage_all_members"):
        return cities
    if actor.has_perm("members.manage_city_members"):
        return cities.filter(pk=getattr(_own_city(actor), "pk", None))
    return cities.none()


def manageable_invitations(actor: User) -> QuerySet[Invitation]:
    """The invitations to the cities `actor` may invite to, newest first."""
    return (
        Invitation.objects.filter(city__in=invitable_cities(actor))
        .select_related("city", "invited_by")
        .order_by("-created_at")
    )


def may_manage_members(actor: User) -> bool:
    return bool(grantable_roles(actor))


def check(
    actor: User,
    membership: Membership | None = None,
    role: str | None = None,
    city: CityPage | None = None,
) -> None:
    """Raises PermissionDenied unless `actor` may act on `membership`, grant `role` and act
    in `city`."""
    if (
        membership is not None
        and not manageable_memberships(actor).filter(pk=membership.pk).exists()
    ):
        raise PermissionDenied
    if role is not None and role not in grantable_roles(actor):
        raise PermissionDenied
    if city is not None and not invitable_cities(actor).filter(pk=city.pk).exists():
        raise PermissionDenied


def _own_city(user: User) -> CityPage | None:
    membership = getattr(user, "membership", None)
    return membership.city if membership and membership.is_active else None
