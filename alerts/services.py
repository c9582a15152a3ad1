"""Every change a member makes to what they follow and how they hear of it."""

from django.db import transaction
from django.http import QueryDict
from django.utils.http import urlencode
from django.utils.translation import gettext

from members.models import User
from search.facets import active_filters, allowed_values, labels
from search.query import MAX_QUERY_LENGTH, parse_search_params

from .models import AlertSettings, Follow, Frequency, NewMatch, SavedSearch

# Fields of the save form and the page number: not part of what a search asks.
# A saved search's alerts are about new case studies: the kind of results (search.query.TYPES)
# is how its page shows them, not part of what it asks.
NOT_SEARCH_PARAMETERS = {"page", "type", "name", "next", "csrfmiddlewaretoken"}


def search_params(data: QueryDict) -> str:
    """The search page's parameters in `data` (a QueryDict) as one query string: keys in order,
    the text with single spaces, empty values and the page number left out, so the same search
    saved twice is the same string. Raises search.query.BadSearchRequest for parameters the
    search page refuses."""
    pairs = []
    for key in sorted(set(data) - NOT_SEARCH_PARAMETERS):
        values = data.getlist(key)
        if key == "q":
            values = [" ".join(values[-1].split())] if values else []
        pairs += [(key, value) for value in sorted(set(values)) if value]
    params = urlencode(pairs)
    parse_search_params(QueryDict(params), allowed_values())
    return params


def default_name(params: QueryDict) -> str:
    """A saved search is called by its text, or else by its filters (in the language of the
    page it is saved from)."""
    text = " ".join(params.get("q", "").split())
    if text:
        return text
    chips = [chip["label"] for chip in active_filters(params, labels())]
    return ", ".join(chips) or gettext("All case studies")


@transaction.atomic
def save_search(user: User, *, params: str, name: str = "") -> tuple[SavedSearch, bool]:
    """Keeps the search `params` (from `search_params`) under `name`, or its default name;
    returns (the saved search, whether it is new). Saving a search already kept under
    another name renames it."""
    name = " ".join(name.split())[:MAX_QUERY_LENGTH]
    saved, created = SavedSearch.objects.get_or_create(
        user=user, params=params, defaults={"name": name or default_name(QueryDict(params))}
    )
    if not created and name and name != saved.name:
        saved.name = name
        saved.save(update_fields=["name"])
    return saved, created


def remove_search(user: User, pk: int) -> bool:
    """Forgets one of the member's saved searches, and its matches not sent yet."""
    return SavedSearch.objects.filter(user=user, pk=pk).delete()[0] > 0


@transaction.atomic
def follow(user: User, *, kind: str, slug: str) -> tuple[Follow, bool]:
    followed, created = Follow.objects.get_or_create(user=user, kind=kind, slug=slug)
    return followed, created


def unfollow(user: User, *, kind: str, slug: str) -> bool:
    return Follow.objects.filter(user=user, kind=kind, slug=slug).delete()[0] > 0


def frequency_of(user: User) -> str:
    alert_settings = AlertSettings.objects.filter(user=user).first()
    return alert_settings.frequency if alert_settings else Frequency.WEEKLY


@transaction.atomic
def set_preferences(user: User, *, frequency: str, language: str) -> None:
    """How often (Frequency) and in which language the member hears of new matches."""
    AlertSettings.objects.update_or_create(user=user, defaults={"frequency": frequency})
    user.language = language
    user.save(update_fields=["language"])
    if frequency == Frequency.NEVER:
        NewMatch.objects.filter(user=user, digest=None).delete()


def unsubscribe(user: User) -> None:
    """No more digests, and no matches kept for one; what the member follows stays, to take
    up again on the "What you follow" page."""
    set_preferences(user, frequency=Frequency.NEVER, language=user.language)
