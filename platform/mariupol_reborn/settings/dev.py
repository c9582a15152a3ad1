"""Local development: debug on, console email, the embedded SQLite database."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403

# A production host has these set: refuse them, so that it never runs with debug on and the
# two-factor code below because DJANGO_SETTINGS_MODULE was forgotten.
LOCAL_HOSTS = {"", "localhost", "127.0.0.1", "::1"}
_production = [
    f"ALLOWED_HOSTS names {host}"
    for host in ALLOWED_HOSTS  # noqa: F405
    if host not in LOCAL_HOSTS
]
_database_host = DATABASES["default"].get("HOST") or ""  # noqa: F405
if _database_host not in LOCAL_HOSTS and not _database_host.startswith("/"):  # not a socket
    _production.append(f"DATABASE_URL points to the server {_database_host}")
if _production:
    raise ImproperlyConfigured(
        "The development settings refuse to run with production configuration: "
        + ", ".join(_production)
        + ". On a server, set DJANGO_SETTINGS_MODULE=mariupol_reborn.settings.production."
    )

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
