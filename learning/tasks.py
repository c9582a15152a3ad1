from django_tasks import task


@task()
def send_freshness_reminders():
    """The monthly freshness reminders (learning/reminders.py): run it as often as you like,
    each person gets one a month. Returns how many were sent."""
    from .reminders import send_reminders

    return send_reminders()
