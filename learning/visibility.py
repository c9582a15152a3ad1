"""Who may see which case studies: Wagtail's page privacy, applied to lists of pages and to the
documents and images used on them."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, IntegerField
from django.db.models.functions import Cast
from django.http import HttpRequest
from wagtail.models import Page, PageViewRestriction, ReferenceIndex


def restrictions_hiding_from(request):
    """The view restrictions (login, password, groups) the requester does not pass, read once
    per request (a search asks several times). Their pages are read apart, not joined: SQLite
    would scan every page to join them to the few restrictions there are."""
    if not hasattr(request, "_restrictions_hiding"):
        request._restrictions_hiding = [
            restriction
            for restriction in PageViewRestriction.objects.prefetch_related("page")
            if not restriction.accept_request(request)
        ]
    return request._restrictions_hiding


def member_request(user):
    """A request as `user` makes it signed in, for what is done on their behalf away from the
    site (emails): it passes the restrictions of their groups, and no password restriction
    (a password opens a page for one browser session only)."""
    request = HttpRequest()
    request.user, request.session = user, {}
    return request


def visible_to(pages, request):
    """The live pages of `pages` the requester may see."""
    pages = pages.live()
    for restriction in restrictions_hiding_from(request):
        pages = pages.not_descendant_of(restriction.page, inclusive=True)
    return pages


def media_visible_to(media, request):
    """The documents or images of `media` the requester may open: those used on a live page
    they may see (found through Wagtail's reference index), so one used on a members-only case
    study is for members, and one on no published page for nobody outside the editing area.
    People who work in the editing area see them all, as they do there."""
    if request.user.has_perm("wagtailadmin.access_admin"):
        return media
    used = ReferenceIndex.objects.filter(
        base_content_type=ContentType.objects.get_for_model(Page),
        object_id__in=visible_to(Page.objects.all(), request).values(
            pk_text=Cast("pk", CharField())
        ),
        to_content_type=ContentType.objects.get_for_model(media.model),
    )
    return media.filter(pk__in=used.values(used_pk=Cast("to_object_id", IntegerField())))
