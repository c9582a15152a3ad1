from allauth.account.signals import email_confirmed
from django.db.models.signals import post_save
from django.dispatch import receiver
from wagtail.models import PageViewRestriction

from cities.models import CityIndexPage, CityPage

from . import services
from .models import Membership
from .roles import ensure_city_groups, members_group
from .workflow import ensure_moderation_workflow


@receiver(post_save, sender=CityPage)
def give_new_city_its_groups(sender, instance, created, raw=False, **kwargs):
    """A city page added later (or a new translation of one) gets its groups at once."""
    if created and not raw:
        ensure_city_groups(instance)


@receiver(post_save, sender=CityIndexPage)
def moderate_new_city_index(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        ensure_moderation_workflow()


@receiver(post_save, sender=PageViewRestriction)
def members_only_means_approved_members(sender, instance, created, raw=False, **kwargs):
    """Wagtail's "private, for any signed-in user" would let people still waiting for approval
    in: it is stored as "only the group Platform members" instead."""
    if raw or instance.restriction_type != PageViewRestriction.LOGIN:
        return
    PageViewRestriction.objects.filter(pk=instance.pk).update(
        restriction_type=PageViewRestriction.GROUPS
    )
    instance.restriction_type = PageViewRestriction.GROUPS
    instance.groups.set([members_group()])


@receiver(email_confirmed)
def announce_join_request_once_confirmed(sender, request, email_address, **kwargs):
    """An open signup reaches the approvers only when the person has confirmed their address:
    before that, anyone could have typed it."""
    membership = Membership.objects.filter(
        user=email_address.user_id, status=Membership.Status.PENDING
    ).first()
    if membership and email_address.email.lower() == membership.user.email.lower():
        services.announce_join_request(membership)
