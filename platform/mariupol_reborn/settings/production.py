"""Production: every secret and host comes from the environment (see docs/configuration.md)."""

import os
from email.utils import getaddresses

from django.core.checks.security.base import (
    SECRET_KEY_MIN_LENGTH,
    SECRET_KEY_MIN_UNIQUE_CHARACTERS,
)
from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403


def _flag(name, default):
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    if value not in ("true", "false", "1", "0", "yes", "no", "on", "off"):
        raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}.")
    return value in ("true", "1", "yes", "on")


if not SECRET_KEY:  # noqa: F405
    raise ImproperlyConfigured("SECRET_KEY must be set in the environment.")
if (
    len(SECRET_KEY) < SECRET_KEY_MIN_LENGTH  # noqa: F405
    or len(set(SECRET_KEY)) < SECRET_KEY_MIN_UNIQUE_CHARACTERS  # noqa: F405
):
    raise ImproperlyConfigured(
        f"SECRET_KEY must be at least {SECRET_KEY_MIN_LENGTH} random characters long, e.g. "
        'from python3 -c "import secrets; print(secrets.token_urlsafe(50))".'
    )
if not ALLOWED_HOSTS:  # noqa: F405
    raise ImproperlyConfigured("ALLOWED_HOSTS must list the host names the site answers to.")
if "PLATFORM_BASE_URL" not in os.environ:
    raise ImproperlyConfigured(
        "PLATFORM_BASE_URL must be the platform's public address, e.g. https://learn.example.org: "
        "links in emails and the API are made from it."
    )

# HTTPS only. Behind a proxy that terminates TLS, SECURE_PROXY_SSL_HEADER names the header
# by which the proxy tells that the request came over HTTPS, e.g. "X-Forwarded-Proto: https";
# set it only when the proxy always sets (or removes) that header.
if proxy_header := os.environ.get("SECURE_PROXY_SSL_HEADER", "").strip():
    header_name, _, header_value = proxy_header.partition(":")
    if not header_name.strip() or not header_value.strip():
        raise ImproperlyConfigured(
            "SECURE_PROXY_SSL_HEADER must name a header and its value, "
            "e.g. 'X-Forwarded-Proto: https'."
        )
    SECURE_PROXY_SSL_HEADER = (
        "HTTP_" + header_name.strip().upper().replace("-", "_"),
        header_value.strip(),
    )
SECURE_SSL_REDIRECT = _flag("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = _flag("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = _flag("SECURE_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True
CSRF_TRUSTED_ORIGINS = [f"https://{host}" for host in ALLOWED_HOSTS]  # noqa: F405

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")

# Errors: every log line goes to stderr, a server error with its traceback; ADMINS (e.g.
# "Ops <ops@example.org>, dev@example.org") are emailed server errors too.
ADMINS = getaddresses([os.environ.get("ADMINS", "")])
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)  # noqa: F405
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "{asctime} {levelname} {name} {message}", "style": "{"},
    },
    "handlers": {
        "stderr": {"class": "logging.StreamHandler", "formatter": "plain"},
        "mail_admins": {"class": "django.utils.log.AdminEmailHandler", "level": "ERROR"},
    },
    "root": {"handlers": ["stderr"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django": {"handlers": ["stderr", "mail_admins"], "level": "INFO", "propagate": False},
    },
}

# Rate limits must count across every server process: a database cache unless told otherwise.
if "CACHE_BACKEND" not in os.environ:
    CACHES["default"] = {  # noqa: F405
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "cache",
    }

# Uploaded images and documents: a local folder by default (MEDIA_ROOT), or any Django
# storage backend named in MEDIA_STORAGE_BACKEND (for example an S3-compatible store).
if os.environ.get("MEDIA_STORAGE_BACKEND"):
    STORAGES["default"] = {"BACKEND": os.environ["MEDIA_STORAGE_BACKEND"]}  # noqa: F405
