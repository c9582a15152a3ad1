"""Every change that alters what a case study's or a knowledge request's search document says
queues it; a change to the glossary renews the query expansions (and, on PostgreSQL, the case
studies that hold its names: tasks.write_glossary_names)."""

from functools import partial

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver
from taggit.models import Tag
from wagtail.models import PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from exchange.models import Answer, KnowledgeRequest
from learning.models import CaseStudyPage, GlossaryTerm, Theme
from learning.signals import case_studies_bulk_created

from . import glossary
from .database_index import keeps_names
from .tasks import write_glossary_names
from .updates import queue_index_update, queue_request_update


def _case_study_ids_under(page):
    return CaseStudyPage.objects.descendant_of(page, inclusive=True).values_list("pk", flat=True)


@receiver(page_published)
@receiver(page_unpublished)
def page_changed(sender, instance, **kwargs):
    queue_index_update(_case_study_ids_under(instance))


@receiver(post_page_move)
def page_moved(sender, instance, **kwargs):
    queue_index_update(_case_study_ids_under(instance))


@receiver(case_studies_bulk_created)
def case_studies_created(sender, page_ids, **kwargs):
    queue_index_update(page_ids)


@receiver(post_delete, sender=CaseStudyPage)
def case_study_deleted(sender, instance, **kwargs):
    queue_index_update([instance.pk])


@receiver(post_save, sender=Theme)
def theme_saved(sender, instance, **kwargs):
    queue_index_update(CaseStudyPage.objects.filter(themes=instance).values_list("pk", flat=True))
    queue_request_update(
        KnowledgeRequest.objects.filter(themes=instance).values_list("pk", flat=True)
    )


@receiver(post_save, sender=Tag)
def tag_saved(sender, instance, **kwargs):
    queue_index_update(
        CaseStudyPage.objects.filter(tagged_items__tag=instance).values_list("pk", flat=True)
    )


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def privacy_changed(sender, instance, **kwargs):
    queue_index_update(_case_study_ids_under(instance.page))


# PostgreSQL's index holds the glossary's names of several words as single terms: the rows
# that hold a concept's names, before a change and after it, are written again.
@receiver(pre_save, sender=GlossaryTerm)
def glossary_names_before(sender, instance, **kwargs):
    if keeps_names():
        stored = GlossaryTerm.objects.filter(pk=instance.pk).first() if instance.pk else None
        instance.phrases_before = glossary.phrases_of(stored) if stored else []


@receiver(post_save, sender=GlossaryTerm)
@receiver(post_delete, sender=GlossaryTerm)
def glossary_changed(sender, instance, **kwargs):
    glossary.clear()
    if keeps_names():
        phrases = [*getattr(instance, "phrases_before", []), *glossary.phrases_of(instance)]
        names = [list(phrase) for phrase in dict.fromkeys(phrases)]
        transaction.on_commit(partial(write_glossary_names.enqueue, names))


@receiver(post_save, sender=KnowledgeRequest)
@receiver(post_delete, sender=KnowledgeRequest)
def request_changed(sender, instance, **kwargs):
    # A merged request's answers went to the one it was merged into (exchange.services.merge)
    queue_request_update([instance.pk, *filter(None, [instance.duplicate_of_id])])


@receiver(m2m_changed, sender=KnowledgeRequest.themes.through)
@receiver(m2m_changed, sender=KnowledgeRequest.cities.through)
def request_links_changed(sender, instance, action, **kwargs):
    if action.startswith("post_") and isinstance(instance, KnowledgeRequest):
        queue_request_update([instance.pk])


@receiver(post_save, sender=Answer)
@receiver(post_delete, sender=Answer)
def answer_changed(sender, instance, **kwargs):
    queue_request_update([instance.request_id])
