"""Everything that changes a membership. Each change puts the person in their role's groups,
is recorded in Wagtail's audit log and is told to the person by email."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from cities.models import CityPage

from . import emails, policy
from .models import Invitation, Membership, Role, User
from .roles import groups_for, managed_groups


def apply_role(membership: Membership) -> None:
    """Gives the person exactly the groups of their role; administrators are superusers."""
    user = membership.user
    user.groups.remove(*managed_groups())
    user.groups.add(*groups_for(membership))
    user.is_superuser = user.is_staff = (
        membership.is_active and membership.role == Role.ADMINISTRATOR
    )
    user.save(update_fields=["is_superuser", "is_staff"])


@transaction.atomic
def request_to_join(user: User, *, city: CityPage, motivation: str = "") -> Membership:
    """An open signup: the person waits, without access, until someone approves them. The
    approvers hear of it once the person has confirmed their email address."""
    membership = Membership.objects.create(user=user, city=city, motivation=motivation)
    apply_role(membership)
    log(membership, "members.request", user=user)
    return membership


def announce_join_request(membership: Membership) -> None:
    """Tells the city's coordinators and the moderators that someone waits for approval."""
    emails.send(
        "join_request",
        _approvers_of(membership.city),
        membership=membership,
        review_url=_admin_url("members_admin:index"),
    )


def _approvers_of(city: CityPage) -> QuerySet[User]:
    """The city's coordinators and the moderators."""
    return get_user_model().objects.filter(
        Q(membership__city=city, membership__role=Role.COORDINATOR)
        | Q(membership__role=Role.MODERATOR),
        membership__status=Membership.Status.ACTIVE,
        is_active=True,
    )


@transaction.atomic
def invite(actor: User, *, email: str, city: CityPage, role: str, language: str) -> Invitation:
    policy.check(actor, role=role, city=city)
    invitation = Invitation.objects.create(
        email=email, city=city, role=role, language=language, invited_by=actor
    )
    log(invitation, "members.invite", user=actor, data={"role": role, "city": city.title})
    _send_invitation(invitation, actor)
    return invitation


@transaction.atomic
def resend_invitation(actor: User, invitation: Invitation) -> None:
    """Sends the invitation again, valid for its full time from now."""
    policy.check(actor, role=invitation.role, city=invitation.city)
    invitation.created_at = timezone.now()
    invitation.save(update_fields=["created_at"])
    log(invitation, "members.resend_invitation", user=actor)
    _send_invitation(invitation, actor)


@transaction.atomic
def revoke_invitation(actor: User, invitation: Invitation) -> None:
    """The link stops working: the invitation is deleted."""
    policy.check(actor, role=invitation.role, city=invitation.city)
    log(invitation, "members.revoke_invitation", user=actor, data={"email": invitation.email})
    invitation.delete()


def _send_invitation(invitation: Invitation, inviter: User) -> None:
    with translation.override(invitation.language):
        accept_url = _site_url(reverse("invitation_accept", args=[invitation.token]))
    emails.send_to_address(
        "invitation",
        invitation.email,
        invitation.language,
        invitation=invitation,
        inviter=inviter,
        role=Role(invitation.role).label,
        accept_url=accept_url,
    )


@transaction.atomic
def join_by_invitation(user: User, invitation: Invitation) -> Membership:
    membership = Membership.objects.create(
        user=user,
        city=invitation.city,
        role=invitation.role,
        status=Membership.Status.ACTIVE,
        decided_at=timezone.now(),
    )
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    apply_role(membership)
    log(membership, "members.join_by_invitation", user=user, data={"role": invitation.role})
    return membership


@transaction.atomic
def approve(actor: User, membership: Membership) -> None:
    """Makes a membership active. Only a confirmed email address can become a member: until
    then nobody knows the address belongs to the person who signed up."""
    policy.check(actor, membership, role=membership.role)
    confirmed = Membership.objects.with_email_verified().filter(pk=membership.pk)
    if not confirmed.filter(email_verified=True).exists():
        raise ValidationError(
            _("%(person)s has not confirmed their email address yet; approve them once they have.")
            % {"person": membership.user}
        )
    _decide(membership, status=Membership.Status.ACTIVE)
    log(membership, "members.approve", user=actor)
    _tell(membership, "approved")


@transaction.atomic
def change_role(actor: User, membership: Membership, *, role: str) -> None:
    policy.check(actor, membership, role=role)
    if role != Role.COORDINATOR:
        _keep_a_coordinator(actor, membership)
    previous = membership.role
    membership.role = role
    _decide(membership, status=membership.status)
    log(membership, "members.change_role", user=actor, data={"from": previous, "to": role})
    _tell(membership, "role_changed")


@transaction.atomic
def remove(actor: User, membership: Membership) -> None:
    policy.check(actor, membership)
    _keep_a_coordinator(actor, membership)
    _decide(membership, status=Membership.Status.REMOVED)
    log(membership, "members.remove", user=actor)
    _tell(membership, "removed")


@transaction.atomic
def request_deletion(user: User) -> None:
    """The person asks for their account to be deleted: it is closed at once, and the
    administrators are told to delete it."""
    membership = getattr(user, "membership", None)
    if membership:
        membership.deletion_requested_at = timezone.now()
        _decide(membership, status=Membership.Status.REMOVED)
        log(membership, "members.request_deletion", user=user)
    user.is_active = False
    user.save(update_fields=["is_active"])
    administrators = get_user_model().objects.filter(is_superuser=True, is_active=True)
    emails.send(
        "deletion_request",
        administrators,
        person=user,
        users_url=_admin_url("wagtailusers_users:index"),
    )


def _keep_a_coordinator(actor: User, membership: Membership) -> None:
    """A coordinator does not step down or leave while nobody else coordinates the city:
    its members would have nobody to approve or invite them."""
    if membership.user_id != actor.pk or membership.role != Role.COORDINATOR:
        return
    others = Membership.objects.filter(
        city=membership.city, role=Role.COORDINATOR, status=Membership.Status.ACTIVE
    ).exclude(pk=membership.pk)
    if not others.exists():
        raise ValidationError(
            _(
                "You are the only coordinator of %(city)s: make someone else coordinator "
                "first, then you can step down."
            )
            % {"city": membership.city.title}
        )


def _decide(membership: Membership, status: str) -> None:
    membership.status = status
    membership.decided_at = timezone.now()
    membership.save(update_fields=["role", "status", "decided_at", "deletion_requested_at"])
    apply_role(membership)


def _tell(membership: Membership, name: str) -> None:
    emails.send(name, [membership.user], membership=membership)


def _site_url(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def _admin_url(name: str) -> str:
    return _site_url(reverse(name))
