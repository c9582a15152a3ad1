"""Who hears of a newly published case study: the members whose saved searches or follows find
it by the search page's rules (search/matching.py), among those who may see it — approved
members, passing its view restrictions as Wagtail checks them for a page they open."""

from django.contrib.auth import get_user_model
from django.http import QueryDict
from wagtail.models import PageViewRestriction

from learning.visibility import member_request
from members.roles import members_among
from search.facets import allowed_values
from search.matching import matching
from search.query import BadSearchRequest, SearchQuery, parse_search_params

from .models import Follow, Frequency, NewMatch, SavedSearch

BATCH = 2000


def record(page_ids, updated=False):
    """Records a waiting match (NewMatch) for each saved search and follow that one of these
    case studies passes, of members who get digests and may see it. Returns how many."""
    queries, owners = _queries()
    documents = matching(queries, page_ids)
    rows = []
    for pk, document in documents.items():
        readers = _readers({owners[key] for key in document.keys}, document.restrictions)
        for kind, key_pk in sorted(document.keys):
            user_id = owners[(kind, key_pk)]
            if user_id in readers:
                rows.append(
                    NewMatch(
                        user_id=user_id,
                        case_study_id=pk,
                        updated=updated,
                        **{"saved_search_id" if kind == "search" else "follow_id": key_pk},
                    )
                )
    NewMatch.objects.bulk_create(rows, batch_size=BATCH, ignore_conflicts=True)
    return len(rows)


class ParsedSearches:
    """Saved searches' parameters read as the search page reads them, kept while the values
    the filters accept stay the same: a worker reads each saved search once, not once for
    every publication."""

    def __init__(self):
        self.valid, self.parsed = None, {}

    def __call__(self, params, valid):
        if valid != self.valid:
            self.valid, self.parsed = valid, {}
        if params not in self.parsed:
            try:
                self.parsed[params] = parse_search_params(QueryDict(params), valid)
            except BadSearchRequest:
                self.parsed[params] = None
        return self.parsed[params]


parsed = ParsedSearches()


def _queries():
    """(key → SearchQuery, key → user id) of the saved searches and follows of members who
    get digests; a key is ("search", id) or ("follow", id). A saved search the search page
    would now refuse (a theme since merged away) finds nothing."""
    valid = allowed_values()
    queries, owners = {}, {}
    for pk, user_id, params in _of_subscribers(SavedSearch).values_list("pk", "user_id", "params"):
        query = parsed(params, valid)
        if query is not None:
            queries[("search", pk)], owners[("search", pk)] = query, user_id
    follows = _of_subscribers(Follow).values_list("pk", "user_id", "kind", "slug")
    for pk, user_id, kind, slug in follows:
        by = {"themes": (slug,)} if kind == Follow.Kind.THEME else {"cities": (slug,)}
        queries[("follow", pk)], owners[("follow", pk)] = SearchQuery(**by), user_id
    return queries, owners


def _of_subscribers(model):
    return model.objects.filter(user__is_active=True).exclude(
        user__alert_settings__frequency=Frequency.NEVER
    )


def _readers(user_ids, restriction_ids):
    """The ids among `user_ids` of approved members who pass every view restriction of
    `restriction_ids` (those on the case study or above it)."""
    users = members_among(get_user_model().objects.filter(pk__in=user_ids))
    if not restriction_ids:
        return set(users.values_list("pk", flat=True))
    restrictions = list(
        PageViewRestriction.objects.filter(pk__in=restriction_ids).prefetch_related("groups")
    )
    return {
        user.pk
        for user in users.prefetch_related("groups")
        if all(r.accept_request(member_request(user)) for r in restrictions)
    }
