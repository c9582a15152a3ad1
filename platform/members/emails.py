"""Emails to members, rendered from templates/members/email/<name>_subject.txt and
<name>_message.txt in the language that is active when they are sent, or, with `send_to`, in
the recipient's own language."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation


def send(name, recipients, **context):
    recipients = [r for r in recipients if r]
    if not recipients:
        return
    context.setdefault("site_url", settings.WAGTAILADMIN_BASE_URL)
    subject = render_to_string(f"members/email/{name}_subject.txt", context)
    message = render_to_string(f"members/email/{name}_message.txt", context)
    send_mail(" ".join(subject.split()), message, None, recipients)


def language_of(user):
    """The language a person reads the platform's emails in: the one they chose on their
    profile, else the site's default (also when their choice is no longer switched on)."""
    return user.language if user.language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def send_to(user, name, **context):
    """An email to one person in their own language: its texts, dates and the addresses of
    the site's pages in it."""
    with translation.override(language_of(user)):
        send(name, [user.email], **context)
