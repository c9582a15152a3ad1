from django.db.models.signals import post_save
from django.dispatch import receiver

from cities.models import CityIndexPage, CityPage

from .roles import ensure_city_groups
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
