import secrets
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .users import language_field


class Role(models.TextChoices):
    """What a member may do. The first three belong to a city; moderators and administrators
    act on every city."""

    MEMBER = "member", _("Member")
    EXPERT = "expert", _("Expert")
    COORDINATOR = "coordinator", _("Coordinator")
    MODERATOR = "moderator", _("Moderator")
    ADMINISTRATOR = "administrator", _("Administrator")

    @classmethod
    def city_roles(cls):
        return [cls.MEMBER, cls.EXPERT, cls.COORDINATOR]


class MembershipQuerySet(models.QuerySet):
    def with_email_verified(self):
        """Annotates `email_verified`: the person has confirmed the address they sign in with."""
        confirmed = EmailAddress.objects.filter(
            user=OuterRef("user"), email__iexact=OuterRef("user__email"), verified=True
        )
        return self.annotate(email_verified=Exists(confirmed))


class Membership(models.Model):
    """A person's place on the platform: one city and one role. Open signups wait as
    pending until a coordinator of the city or a moderator approves them."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for approval")
        ACTIVE = "active", _("Active")
        REMOVED = "removed", _("Removed")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership"
    )
    city = models.ForeignKey(
        "cities.CityPage",
        verbose_name=_("city"),
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    motivation = models.TextField(_("why you want to join"), blank=True)
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    deletion_requested_at = models.DateTimeField(_("deletion requested"), null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["status", "city__title", "user__email"]
        permissions = [
            ("manage_city_members", _("Can manage the members of their own city")),
            ("manage_all_members", _("Can manage the members of every city")),
        ]

    def __str__(self):
        return f"{self.user} ({self.get_role_display()}, {self.city})"

    @property
    def is_active(self):
        return self.status == self.Status.ACTIVE


class CityGroup(models.Model):
    """The Wagtail group that carries one role's permissions in one city."""

    city = models.ForeignKey("cities.CityPage", on_delete=models.CASCADE, related_name="+")
    role = models.CharField(max_length=20, choices=Role.choices)
    group = models.OneToOneField("auth.Group", on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["city", "role"], name="one_group_per_city_role")
        ]

    def __str__(self):
        return self.group.name


def _new_token():
    return secrets.token_urlsafe(32)


class Invitation(models.Model):
    """An invitation by email to join a city with a given role. The link in the email leads
    to signup with the city and role fixed."""

    VALID_FOR = timedelta(days=14)

    email = models.EmailField(_("email address"))
    city = models.ForeignKey(
        "cities.CityPage", verbose_name=_("city"), on_delete=models.CASCADE, related_name="+"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    language = language_field(
        _("language"), _("The invitation and the signup page are in this language.")
    )
    token = models.CharField(max_length=64, unique=True, default=_new_token, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self):
        return self.email

    @property
    def is_open(self):
        return self.accepted_at is None and timezone.now() < self.created_at + self.VALID_FOR
