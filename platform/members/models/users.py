from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils.translation import gettext_lazy as _


def language_field(verbose_name, help_text):
    """One of the platform's languages, the default language unless chosen."""
    return models.CharField(
        verbose_name,
        max_length=8,
        choices=list(settings.AVAILABLE_LANGUAGES.items()),
        default=settings.LANGUAGE_CODE,
        help_text=help_text,
    )


class UserManager(BaseUserManager):
    """Users sign in with their email address; there is no username."""

    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields["is_staff"] = extra_fields["is_superuser"] = True
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A member of the platform, identified by email address."""

    username = None
    email = models.EmailField(_("email address"), unique=True)
    language = language_field(
        _("language of emails"), _("Emails from the platform reach you in this language.")
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")

    def __str__(self):
        return self.get_full_name() or self.email

    @property
    def public_name(self):
        """The name shown to other people on the site: never the email address."""
        return self.get_full_name() or _("A member")
