from functools import partial

from django.db import transaction
from django.dispatch import receiver
from wagtail.signals import page_published

from learning.models import CaseStudyPage

from .tasks import match_publication


@receiver(page_published, sender=CaseStudyPage)
def case_study_published(sender, instance, revision, **kwargs):
    """Once the publication is committed, a background task finds who should hear of it."""
    transaction.on_commit(partial(match_publication.enqueue, instance.pk, revision.pk))
