"""Which view restrictions apply to an indexed page (see learning/visibility.py for who passes
them)."""

from wagtail.models import PageViewRestriction


class Restrictions:
    """All view restrictions, loaded once, to tell which apply to a page (on it or on an
    ancestor) without a query per page."""

    def __init__(self):
        self.by_path = list(PageViewRestriction.objects.values_list("page__path", "id"))

    def on(self, page):
        return sorted(i for path, i in self.by_path if page.path.startswith(path))
