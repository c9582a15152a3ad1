"""Background work: telling the experts of a new request."""

from django_tasks import task


@task()
def notify_experts(request_id):
    """Emails the experts a request is for (exchange/notifications.py), once each. Queued after
    the asking transaction commits: the asker never waits for it. Returns how many were sent."""
    from .notifications import notify

    return notify(request_id)


@task()
def tell_asker(answer_id):
    """Emails the asker that their request has a new answer (exchange/notifications.py)."""
    from .notifications import tell_asker

    return tell_asker(answer_id)
