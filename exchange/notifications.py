"""Who hears of a new request, and the email they get: the active experts and coordinators of
the cities it asks (every city when it names none) whose expert profile covers one of its
themes, except the asker; each in their own language, once (a Notification row per expert
and request, written in the transaction that sends the email). And the asker's email of each
answer to their open request."""

import logging
from smtplib import SMTPException

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation

from learning.models import Theme
from members import emails
from members.models import Membership
from members.roles import members_among

from .models import Answer, KnowledgeRequest, Notification
from .policy import ANSWERING_ROLES, may_see

logger = logging.getLogger(__name__)


def experts_for(knowledge_request):
    """The people a request is for (a queryset of users)."""
    theme_keys = knowledge_request.themes.values("translation_key")
    city_keys = knowledge_request.cities.values("translation_key")
    people = get_user_model().objects.filter(
        membership__status=Membership.Status.ACTIVE,
        membership__role__in=ANSWERING_ROLES,
        expert_profile__themes__translation_key__in=theme_keys,
    )
    if knowledge_request.cities.exists():
        people = people.filter(membership__city__translation_key__in=city_keys)
    return members_among(people.exclude(pk=knowledge_request.asker_id)).distinct()


def requests_for(user):
    """The open requests `user` is (or would be) told of, newest first."""
    membership = getattr(user, "membership", None)
    profile = getattr(user, "expert_profile", None)
    if profile is None or membership is None:
        return KnowledgeRequest.objects.none()
    return (
        KnowledgeRequest.objects.open()
        .for_city(membership.city)
        .filter(themes__translation_key__in=profile.themes.values("translation_key"))
        .exclude(asker=user)
        .distinct()
    )


def notify(request_id):
    knowledge_request = KnowledgeRequest.objects.filter(pk=request_id).first()
    if knowledge_request is None or not knowledge_request.is_open:
        return 0
    told = Notification.objects.filter(request=knowledge_request).values("user")
    sent = 0
    for person in experts_for(knowledge_request).exclude(pk__in=told).order_by("pk"):
        sent += _tell(person, knowledge_request)
    return sent


def _tell(person, knowledge_request):
    language = person.language if person.language in dict(settings.LANGUAGES) else None
    with translation.override(language or settings.LANGUAGE_CODE):
        url = settings.PLATFORM_BASE_URL.rstrip("/") + knowledge_request.get_absolute_url()
        account_url = settings.PLATFORM_BASE_URL.rstrip("/") + reverse("account_home")
    try:
        with transaction.atomic():
            Notification.objects.create(request=knowledge_request, user=person)
            emails.send(
                "knowledge_request",
                [person],
                person=person,
                knowledge_request=knowledge_request,
                themes=_theme_names(knowledge_request, person),
                request_url=url,
                account_url=account_url,
            )
    except IntegrityError:  # told by another run meanwhile
        return 0
    except (SMTPException, OSError) as error:  # not recorded: the next run tries again
        logger.warning("Request %s not sent to %s: %s", knowledge_request.pk, person.email, error)
        return 0
    return 1


def _theme_names(knowledge_request, person):
    """The request's themes in the person's language."""
    keys = knowledge_request.themes.values("translation_key")
    themes = Theme.objects.filter(translation_key__in=keys)
    named = {}
    for theme in themes.select_related("locale"):
        if theme.locale.language_code == person.language or theme.translation_key not in named:
            named[theme.translation_key] = theme.name
    return sorted(named.values())


def tell_asker(answer_id):
    """Tells the asker, in their language, of an answer to their open request: 1 if sent."""
    answer = Answer.objects.select_related("request__asker", "author").filter(pk=answer_id).first()
    if answer is None or not answer.request.is_open:
        return 0
    asker = answer.request.asker
    if asker is None or not asker.is_active or asker.pk == answer.author_id:
        return 0
    if not may_see(asker, answer.request):  # no longer a member: not for them
        return 0
    language = asker.language if asker.language in dict(settings.LANGUAGES) else None
    with translation.override(language or settings.LANGUAGE_CODE):
        url = settings.PLATFORM_BASE_URL.rstrip("/") + answer.request.get_absolute_url()
        membership = getattr(answer.author, "membership", None)
        city = membership.city.localized.title if membership else ""
    emails.send(
        "request_answered",
        [asker],
        person=asker,
        knowledge_request=answer.request,
        author=answer.author.public_name if answer.author else "",
        city=city,
        text=answer.plain_text(),
        request_url=f"{url}#answer-{answer.pk}",
    )
    return 1
