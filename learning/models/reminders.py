from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class FreshnessReminder(models.Model):
    """A monthly reminder sent to one person (learning/freshness.py): at most one a month,
    however often the task runs."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    case_studies = models.PositiveIntegerField(_("case studies to check"))
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("freshness reminder")
        constraints = [
            models.UniqueConstraint(fields=["user", "month"], name="one_reminder_a_month")
        ]

    def __str__(self):
        return f"{self.user} {self.month:%Y-%m}"
