"""Background work: matching a publication against what members follow, and the digests."""

from django_tasks import task


@task()
def match_publication(page_id, revision_id):
    """Records the new matches of a case study's publication if it is news (alerts/
    publications.py). Queued after the publishing transaction commits: the publishing request
    never waits for it. Returns how many matches were recorded."""
    from .matching import record
    from .publications import UPDATED, news

    kind = news(page_id, revision_id)
    if kind is None:
        return 0
    return record([page_id], updated=kind == UPDATED)


@task()
def send_digests():
    """Sends the digests that are due (alerts/digests.py); returns how many were sent."""
    from .digests import send_due

    return send_due()
