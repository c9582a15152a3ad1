"""Emails to members, rendered from templates/members/email/<name>_subject.txt and
<name>_message.txt, each in the language of its recipient (`User.language`; an invitation in
the language the inviter chose), one email per recipient."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation


def send(name, people, **context):
    """Sends the email `name` to each of `people` (members) in their language."""
    for person in people:
        send_to_address(name, person.email, person.language, **context)


def send_to_address(name, address, language, **context):
    if not address:
        return
    context.setdefault("site_url", settings.WAGTAILADMIN_BASE_URL)
    with translation.override(language):
        subject = render_to_string(f"members/email/{name}_subject.txt", context)
        message = render_to_string(f"members/email/{name}_message.txt", context)
    send_mail(" ".join(subject.split()), message, None, [address])
