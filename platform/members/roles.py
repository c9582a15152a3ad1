"""Roles mapped onto Wagtail's own permission system.

Every right a role has is a Django permission or a Wagtail page permission held by a group:
- "Platform members": every approved member; members-only case studies are restricted to it.
- "<City>: experts" and "<City>: coordinators": add and edit pages under that city's page, in
  every language. Neither may publish: their changes go through the moderation workflow.
- "Moderators": edit and publish everything under the home pages, curate themes and tags,
  manage the members of every city, review in the moderation workflow.
Administrators are superusers. The groups are created with the platform structure and, for a
city added later, when its page is saved (see signals.py).
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Q
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    Locale,
    Page,
    PageViewRestriction,
)

from cities.models import CityPage

from .models import CityGroup, Role

MEMBERS_GROUP = "Platform members"
MODERATORS_GROUP = "Moderators"

EDITOR_PAGE_PERMISSIONS = ["add", "change"]
MODERATOR_PAGE_PERMISSIONS = ["add", "change", "publish", "lock", "unlock", "bulk_delete"]
MEDIA_PERMISSIONS = [
    "wagtailimages.add_image",
    "wagtailimages.choose_image",
    "wagtaildocs.add_document",
    "wagtaildocs.choose_document",
]
EDITOR_PERMISSIONS = ["wagtailadmin.access_admin"]
COORDINATOR_PERMISSIONS = [*EDITOR_PERMISSIONS, "members.manage_city_members"]
MODERATOR_PERMISSIONS = [
    "wagtailadmin.access_admin",
    "members.manage_all_members",
    "learning.add_theme",
    "learning.change_theme",
    "learning.delete_theme",
    "learning.add_glossaryterm",
    "learning.change_glossaryterm",
    "learning.delete_glossaryterm",
    "taggit.add_tag",
    "taggit.change_tag",
    "taggit.delete_tag",
    "platform_search.view_searchquerylog",
    "exchange.view_knowledgerequest",
    "exchange.change_knowledgerequest",
    "exchange.view_answer",
    "exchange.change_answer",
    "exchange.delete_answer",
]


def _permissions(names):
    wanted = [name.split(".") for name in names]
    found = Permission.objects.select_related("content_type").filter(
        codename__in=[codename for _app, codename in wanted]
    )
    return [p for p in found if [p.content_type.app_label, p.codename] in wanted]


def _page_permissions(kinds):
    return list(
        Permission.objects.filter(
            content_type__app_label="wagtailcore", codename__in=[f"{k}_page" for k in kinds]
        )
    )


def _grant_pages(group, pages, kinds):
    """Exactly these page permissions on exactly these pages."""
    permissions = _page_permissions(kinds)
    group.page_permissions.exclude(page__in=pages, permission__in=permissions).delete()
    for page in pages:
        for permission in permissions:
            GroupPagePermission.objects.get_or_create(group=group, page=page, permission=permission)


def _grant_media(group):
    root = Collection.get_first_root_node()
    for permission in _permissions(MEDIA_PERMISSIONS):
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=root, permission=permission
        )


@transaction.atomic
def ensure_platform_groups():
    """The platform-wide groups, with exactly their permissions. Safe to run again."""
    members_group()
    moderators, _created = Group.objects.get_or_create(name=MODERATORS_GROUP)
    moderators.permissions.set(_permissions(MODERATOR_PERMISSIONS))
    homes = Page.objects.filter(depth=2)
    _grant_pages(moderators, homes, MODERATOR_PAGE_PERMISSIONS)
    _grant_media(moderators)
    for city in CityPage.objects.filter(locale=Locale.get_default()):
        ensure_city_groups(city)


@transaction.atomic
def ensure_city_groups(city):
    """The experts' and coordinators' groups of one city, with page permissions on the city's
    page in every language. Safe to run again, and after a translation is added."""
    city = city.get_translation_or_none(Locale.get_default()) or city
    pages = list(CityPage.objects.filter(translation_key=city.translation_key))
    for role, names in (
        (Role.EXPERT, EDITOR_PERMISSIONS),
        (Role.COORDINATOR, COORDINATOR_PERMISSIONS),
    ):
        group = group_for(city, role)
        group.permissions.set(_permissions(names))
        _grant_pages(group, pages, EDITOR_PAGE_PERMISSIONS)
        _grant_media(group)


def group_for(city, role):
    """The group of `role` in `city` (a city page in the default language)."""
    link = CityGroup.objects.select_related("group").filter(city=city, role=role).first()
    if link:
        return link.group
    group, _created = Group.objects.get_or_create(name=f"{city.title}: {role}s")
    CityGroup.objects.create(city=city, role=role, group=group)
    return group


def groups_for(membership):
    """The groups a membership puts its person in: none until it is approved."""
    if not membership.is_active:
        return []
    groups = [members_group()]
    if membership.role in (Role.EXPERT, Role.COORDINATOR):
        groups.append(group_for(membership.city, membership.role))
    elif membership.role == Role.MODERATOR:
        groups.append(Group.objects.get(name=MODERATORS_GROUP))
    return groups


def managed_groups():
    """Every group this module hands out; a role change replaces the person's set of them."""
    return Group.objects.filter(
        Q(name__in=[MEMBERS_GROUP, MODERATORS_GROUP]) | Q(pk__in=CityGroup.objects.values("group"))
    )


def restrict_to_members(page):
    """Makes `page` members-only: Wagtail page privacy "only the group Platform members"."""
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.set([members_group()])
    return restriction


def members_group():
    return Group.objects.get_or_create(name=MEMBERS_GROUP)[0]


def is_member(user):
    """An approved member (any role): may see members-only content."""
    return user.is_authenticated and (
        user.is_superuser or user.groups.filter(name=MEMBERS_GROUP).exists()
    )


def members_among(users):
    """The approved members (as `is_member`) among `users` (a queryset), with active accounts."""
    return (
        users.filter(is_active=True)
        .filter(Q(is_superuser=True) | Q(groups__name=MEMBERS_GROUP))
        .distinct()
    )
