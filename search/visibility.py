"""Who may see which case studies: Wagtail's page privacy, applied to search."""

from wagtail.models import PageViewRestriction

from learning.models import CaseStudyPage


def restrictions_hiding_from(request):
    """The view restrictions (login, password, groups) the requester does not pass."""
    return [
        restriction
        for restriction in PageViewRestriction.objects.select_related("page")
        if not restriction.accept_request(request)
    ]


def visible_case_studies(request):
    """Live case studies the requester may see."""
    case_studies = CaseStudyPage.objects.live()
    for restriction in restrictions_hiding_from(request):
        case_studies = case_studies.not_descendant_of(restriction.page, inclusive=True)
    return case_studies


class Restrictions:
    """All view restrictions, loaded once, to tell which apply to a page (on it or on an
    ancestor) without a query per page."""

    def __init__(self):
        self.by_path = list(PageViewRestriction.objects.values_list("page__path", "id"))

    def on(self, page):
        return sorted(i for path, i in self.by_path if page.path.startswith(path))
