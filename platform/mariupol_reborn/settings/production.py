"""Production: every secret and host comes from the environment (see docs/configuration.md)."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403

if not SECRET_KEY:  # noqa: F405
    raise ImproperlyConfigured("SECRET_KEY must be set in the environment.")
if not ALLOWED_HOSTS:  # noqa: F405
    raise ImproperlyConfigured("ALLOWED_HOSTS must list the host names the site answers to.")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True
CSRF_TRUSTED_ORIGINS = [f"https://{host}" for host in ALLOWED_HOSTS]  # noqa: F405
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")

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
