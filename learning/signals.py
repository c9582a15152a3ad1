from django.db.models.signals import post_delete, post_save
from django.dispatch import Signal, receiver
from wagtail.signals import post_page_move

from cities.models import CityPage

from . import names
from .models import CaseStudyPage, Theme

# Sent with `page_ids` when case studies were written in bulk, without the page signals.
case_studies_bulk_created = Signal()


@receiver(post_page_move)
def follow_case_study_to_its_new_city(sender, instance, parent_page_after, **kwargs):
    """A case study moved under another city belongs to that city from now on."""
    if issubclass(sender, CaseStudyPage):
        CaseStudyPage.objects.filter(pk=instance.pk).update(city_id=parent_page_after.pk)


@receiver(post_save, sender=Theme)
@receiver(post_delete, sender=Theme)
@receiver(post_save, sender=CityPage)
@receiver(post_delete, sender=CityPage)
def theme_or_city_changed(sender, **kwargs):
    names.rows.changed()
