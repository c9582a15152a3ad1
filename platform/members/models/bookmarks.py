from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Bookmark(models.Model):
    """A case study a member keeps for later."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="bookmarks"
    )
    case_study = models.ForeignKey(
        "learning.CaseStudyPage", on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("bookmark")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "case_study"], name="one_bookmark_per_page")
        ]

    def __str__(self):
        return f"{self.user} → {self.case_study}"
