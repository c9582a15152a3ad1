"""Every email the platform sends goes through allauth's account adapter (members/adapter.py),
as allauth's own emails do: the subject prefix (ACCOUNT_EMAIL_SUBJECT_PREFIX), the sender and
the templates (<prefix>_subject.txt and <prefix>_message.txt) are found in one place. Each
email is in the language of its recipient (`User.language`; an invitation in the language the
inviter chose), one email per recipient."""

from allauth.account.adapter import get_adapter
from django.conf import settings
from django.utils import translation


def send(name, people, **context):
    """Sends the email `name` (templates/members/email/<name>_…) to each of `people`
    (members) in their language."""
    for person in people:
        send_to_address(name, person.email, person.language, **context)


def send_to_address(name, address, language, **context):
    if address:
        message(f"members/email/{name}", address, language, context).send()


def message(template_prefix, address, language, context, headers=None):
    """The email of the templates `template_prefix` to `address`, rendered in `language`."""
    context.setdefault("site_url", settings.WAGTAILADMIN_BASE_URL)
    with translation.override(language):
        return get_adapter().render_mail(template_prefix, address, context, headers=headers)
