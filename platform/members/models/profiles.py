from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

SPOKEN_LANGUAGES = [
    ("uk", _("Ukrainian")),
    ("en", _("English")),
    ("pl", _("Polish")),
    ("nl", _("Dutch")),
    ("de", _("German")),
    ("fr", _("French")),
]


class ExpertProfile(models.Model):
    """What an expert tells other members about themselves. The name comes from the account,
    the city and role from the membership."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="expert_profile"
    )
    themes = models.ManyToManyField(
        "learning.Theme",
        verbose_name=_("expertise"),
        blank=True,
        related_name="+",
        help_text=_("The themes you can advise on."),
    )
    languages = models.JSONField(_("languages spoken"), default=list, blank=True)
    bio = models.TextField(_("short bio"), max_length=1500, blank=True)

    class Meta:
        verbose_name = _("expert profile")

    def __str__(self):
        return str(self.user)

    def get_absolute_url(self):
        return reverse("expert_detail", kwargs={"pk": self.pk})

    def language_names(self):
        names = dict(SPOKEN_LANGUAGES)
        return [names[code] for code in self.languages if code in names]
