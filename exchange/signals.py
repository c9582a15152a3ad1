from django.dispatch import receiver

from learning.demo import demo_accounts_ready


@receiver(demo_accounts_ready)
def add_demo_requests(sender, **kwargs):
    """The demo requests join the demo accounts (manage.py load_demo_content --with-accounts)."""
    from .demo import ensure_demo_requests

    ensure_demo_requests()
