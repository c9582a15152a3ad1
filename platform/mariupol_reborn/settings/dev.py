"""Local development: debug on, console email, the embedded SQLite database."""

from .base import *  # noqa: F403

DEBUG = True
SECRET_KEY = SECRET_KEY or "dev-only-insecure-key-never-use-in-production"  # noqa: F405
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
WHITENOISE_AUTOREFRESH = WHITENOISE_USE_FINDERS = True
ELASTICSEARCH_REPLICAS = 0
# Development only: the two-factor step accepts this code, so the demo moderator and
# administrator can try the editing area without an authenticator app.
MFA_TOTP_INSECURE_BYPASS_CODE = "000000"
