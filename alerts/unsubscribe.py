"""Unsubscribe links: the member's id signed with the site's secret key (django.core.signing),
so a link opens without signing in and cannot be made for someone else. They do not expire:
an old digest must still unsubscribe."""

from django.contrib.auth import get_user_model
from django.core import signing

SALT = "alerts.unsubscribe"


def token_for(user):
    return signing.dumps(user.pk, salt=SALT, compress=False)


def user_of(token):
    """The member the token was made for, or None for a tampered or unknown token."""
    try:
        pk = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    return get_user_model().objects.filter(pk=pk, is_active=True).first()
