"""Knowledge requests: a member asks the partner cities what they have not written yet, and
their experts answer on the request's page.

Search finds requests by their words and their answers' (search/request_index.py), as
`sees_members_only` allows."""

import re
from html import unescape

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from wagtail.fields import RichTextField

from members.roles import is_member

ANSWER_FEATURES = ["bold", "italic", "ol", "ul", "link", "document-link"]


def sees_members_only(request):
    """Whether the requester may read members-only requests (the default): approved members
    only, the same people who may see members-only case studies (the "Platform members"
    group, members.roles). Others read the public ones. Read once per request: a search asks
    several times."""
    if not hasattr(request, "_sees_members_only"):
        request._sees_members_only = is_member(request.user)
    return request._sees_members_only


class KnowledgeRequestQuerySet(models.QuerySet):
    def visible_to(self, request):
        """The requests the requester may see (sees_members_only)."""
        return self if sees_members_only(request) else self.filter(public=True)

    def open(self):
        return self.filter(status=KnowledgeRequest.Status.OPEN)

    def for_city(self, city):
        """Requests that ask `city` (a city page, any language), or every city."""
        return self.filter(
            models.Q(cities__translation_key=city.translation_key) | models.Q(cities=None)
        ).distinct()


class KnowledgeRequest(models.Model):
    """A question to the partner cities: what the asker needs and why, on which themes, from
    which cities (none chosen: every city), written in one language, perhaps by a date."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        ANSWERED = "answered", _("Closed by the asker")
        STALE = "stale", _("Closed as stale")
        MERGED = "merged", _("Merged into another request")

    asker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("asked by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="knowledge_requests",
    )
    title = models.CharField(_("question"), max_length=200)
    body = models.TextField(_("what you need and why"), max_length=5000)
    themes = models.ManyToManyField(
        "learning.Theme", verbose_name=_("themes"), related_name="+", blank=True
    )
    cities = models.ManyToManyField(
        "cities.CityPage",
        verbose_name=_("cities to hear from"),
        related_name="+",
        blank=True,
        help_text=_("None chosen: every partner city."),
    )
    language = models.CharField(
        _("language you write in"),
        max_length=8,
        choices=list(settings.AVAILABLE_LANGUAGES.items()),
        default=settings.LANGUAGE_CODE,
    )
    deadline = models.DateField(_("needed by"), null=True, blank=True)
    public = models.BooleanField(
        _("public"),
        default=False,
        help_text=_("Anyone may read a public request; others are for members only."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="duplicates",
    )
    created_at = models.DateTimeField(_("asked on"), auto_now_add=True)
    closed_at = models.DateTimeField(_("closed on"), null=True, blank=True)

    objects = KnowledgeRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("knowledge request")
        verbose_name_plural = _("knowledge requests")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("request_detail", kwargs={"pk": self.pk})

    @property
    def is_open(self):
        return self.status == self.Status.OPEN


class Answer(models.Model):
    """An expert's answer on the request's page: rich text, whose links may lead to case
    studies and documents of the platform."""

    request = models.ForeignKey(
        KnowledgeRequest,
        verbose_name=_("request"),
        on_delete=models.CASCADE,
        related_name="answers",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = RichTextField(_("answer"), features=ANSWER_FEATURES)
    helpful = models.BooleanField(_("helpful"), default=False)
    case_study = models.ForeignKey(
        "learning.CaseStudyPage",
        verbose_name=_("case study made of it"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("answered on"), auto_now_add=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.author} on {self.request}"

    def plain_text(self):
        """The answer without markup: paragraphs separated by a blank line."""
        paragraphs = (unescape(strip_tags(p)).strip() for p in re.split(r"</p>|<br/?>", self.body))
        return "\n\n".join(p for p in paragraphs if p)


class Notification(models.Model):
    """An expert told of a request by email: one per expert and request, whoever sends."""

    request = models.ForeignKey(KnowledgeRequest, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["request", "user"], name="one_notification_each")
        ]

    def __str__(self):
        return f"{self.user_id} told of {self.request_id}"
