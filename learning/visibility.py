"""Who may see which case studies: Wagtail's page privacy, applied to lists of pages."""

from wagtail.models import PageViewRestriction


def restrictions_hiding_from(request):
    """The view restrictions (login, password, groups) the requester does not pass."""
    return [
        restriction
        for restriction in PageViewRestriction.objects.select_related("page")
        if not restriction.accept_request(request)
    ]
