from django.conf import settings
from django.db import models
from django.db.models import Q
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _


class Frequency(models.TextChoices):
    DAILY = "daily", _("Daily")
    WEEKLY = "weekly", _("Weekly")
    NEVER = "never", _("No emails")


class AlertSettings(models.Model):
    """How often a member hears of new matches. Members without a row get the default."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="alert_settings"
    )
    frequency = models.CharField(
        _("how often"), max_length=10, choices=Frequency.choices, default=Frequency.WEEKLY
    )

    def __str__(self):
        return f"{self.user}: {self.frequency}"


class SavedSearch(models.Model):
    """A search a member keeps, to hear of new case studies it finds: the search page's
    parameters as they were (text, filters, glossary), without the page number."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_searches"
    )
    name = models.CharField(_("name"), max_length=300)
    params = models.TextField()  # the search page's query string, keys in a fixed order
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("saved search")
        verbose_name_plural = _("saved searches")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "params"], name="one_saved_search_per_params")
        ]

    def __str__(self):
        return self.name

    @property
    def query_dict(self):
        return QueryDict(self.params)

    @property
    def text(self):
        return self.query_dict.get("q", "")


class Follow(models.Model):
    """A theme or a city a member follows: every new case study with the theme, or from the
    city, as the search page's filter by that theme or city finds it. Kept by slug, which the
    translations of a theme or a city share."""

    class Kind(models.TextChoices):
        THEME = "theme", _("Theme")
        CITY = "city", _("City")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    slug = models.SlugField(max_length=255)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "slug"]
        constraints = [
            models.UniqueConstraint(fields=["user", "kind", "slug"], name="one_follow_per_slug")
        ]

    def __str__(self):
        return f"{self.user} follows {self.kind} {self.slug}"


class Digest(models.Model):
    """An email of new matches sent to a member: at most one per member and period (a day, or
    a week from Monday), whoever runs the digest and however often."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digests"
    )
    period_start = models.DateField()  # the first day of the period it was sent in
    frequency = models.CharField(max_length=10, choices=Frequency.choices)
    language = models.CharField(max_length=10)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "period_start"], name="one_digest_per_period")
        ]

    def __str__(self):
        return f"digest for {self.user} of {self.period_start}"


class NewMatch(models.Model):
    """A case study, newly published or substantially revised, that a saved search or a follow
    of a member matched: waiting for their next digest, or sent in `digest`. Removing the saved
    search or the follow removes its waiting matches with it."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    case_study = models.ForeignKey(
        "learning.CaseStudyPage", on_delete=models.CASCADE, related_name="+"
    )
    saved_search = models.ForeignKey(
        SavedSearch, null=True, blank=True, on_delete=models.CASCADE, related_name="matches"
    )
    follow = models.ForeignKey(
        Follow, null=True, blank=True, on_delete=models.CASCADE, related_name="matches"
    )
    updated = models.BooleanField(default=False)  # a revision, not a first publication
    matched_at = models.DateTimeField(auto_now_add=True)
    digest = models.ForeignKey(
        Digest, null=True, blank=True, on_delete=models.CASCADE, related_name="matches"
    )

    class Meta:
        verbose_name_plural = "new matches"
        constraints = [
            models.CheckConstraint(
                condition=(Q(saved_search__isnull=False) & Q(follow__isnull=True))
                | (Q(saved_search__isnull=True) & Q(follow__isnull=False)),
                name="match_of_a_search_or_a_follow",
            ),
            # Matched again before the digest went out: one waiting match is enough.
            models.UniqueConstraint(
                fields=["saved_search", "case_study"],
                condition=Q(digest__isnull=True),
                name="one_waiting_match_per_search",
            ),
            models.UniqueConstraint(
                fields=["follow", "case_study"],
                condition=Q(digest__isnull=True),
                name="one_waiting_match_per_follow",
            ),
        ]

    def __str__(self):
        return f"{self.case_study_id} for {self.user_id}"
