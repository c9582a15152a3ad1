from django.dispatch import Signal, receiver
from wagtail.signals import post_page_move

from .models import CaseStudyPage

# Sent with `page_ids` when case studies were written in bulk, without the page signals.
case_studies_bulk_created = Signal()


@receiver(post_page_move)
def follow_case_study_to_its_new_city(sender, instance, parent_page_after, **kwargs):
    """A case study moved under another city belongs to that city from now on."""
    if issubclass(sender, CaseStudyPage):
        CaseStudyPage.objects.filter(pk=instance.pk).update(city_id=parent_page_after.pk)
