"""Which publications of a case study are news to those who follow it: its first publication,
and a revision that changes what a reader reads first — the title, the summary or the text of
the body. A revision of the facts, outcomes, themes, tags or contact alone, or publishing the
same text again, is not news."""

from wagtail.models import PageLogEntry, Revision

from search.documents import body_text

NEW, UPDATED = "new", "updated"
PUBLISHED = ("wagtail.publish", "wagtail.publish.scheduled")  # Wagtail's log: went live


def news(page_id, revision_id):
    """NEW, UPDATED or None for the publication of revision `revision_id` of a case study,
    judged against the revision published before it (Wagtail's log of publications)."""
    published = list(
        PageLogEntry.objects.filter(page_id=page_id, action__in=PUBLISHED)
        .exclude(revision=None)
        .order_by("timestamp", "pk")
        .values_list("revision_id", flat=True)
    )
    if revision_id in published:  # what went live before this publication
        published = published[: max(i for i, r in enumerate(published) if r == revision_id)]
    earlier = [r for r in published if r != revision_id]
    if not earlier:
        return NEW
    revisions = Revision.objects.in_bulk([earlier[-1], revision_id])
    if revision_id not in revisions:
        return None
    if earlier[-1] not in revisions:  # the earlier revision was deleted: say it changed
        return UPDATED
    before, now = (revisions[r].as_object() for r in (earlier[-1], revision_id))
    return UPDATED if _reads(before) != _reads(now) else None


def _reads(page):
    return (page.title.strip(), " ".join(page.summary.split()), " ".join(body_text(page).split()))
