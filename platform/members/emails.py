"""Emails to members, rendered from templates/members/email/<name>_subject.txt and
<name>_message.txt in the language that is active when they are sent."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string


def language_of(user):
    """The language to write to `user` in: the one they chose (or signed up in), if the
    platform still has it, else the site's default language."""
    return user.language if user.language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def send(name, recipients, **context):
    recipients = [r for r in recipients if r]
    if not recipients:
        return
    context.setdefault("site_url", settings.WAGTAILADMIN_BASE_URL)
    subject = render_to_string(f"members/email/{name}_subject.txt", context)
    message = render_to_string(f"members/email/{name}_message.txt", context)
    send_mail(" ".join(subject.split()), message, None, recipients)
