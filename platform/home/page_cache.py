"""The public page cache: whole responses kept for PAGE_CACHE_SECONDS in the "pages" cache
and dropped whenever published content changes, so visitors never see stale pages."""

from django.core.cache import caches
from django.db.models.signals import post_delete, post_save
from taggit.models import Tag
from wagtail.models import PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from learning.models import CaseStudyPage, Theme


def clear_page_cache(**kwargs):
    caches["pages"].clear()


def connect():
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(clear_page_cache, dispatch_uid=f"page-cache-{id(signal)}")
    for model in (CaseStudyPage, Theme, Tag, PageViewRestriction):
        post_save.connect(clear_page_cache, sender=model, dispatch_uid=f"page-cache-save-{model}")
        post_delete.connect(
            clear_page_cache, sender=model, dispatch_uid=f"page-cache-delete-{model}"
        )
