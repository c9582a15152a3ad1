"""Test settings: fast password hashing, in-memory email, SQLite unless DATABASE_URL is set."""

import tempfile

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-key"
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = tempfile.mkdtemp(prefix="mariupol-reborn-test-media-")
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
PLATFORM_BASE_URL = WAGTAILADMIN_BASE_URL = WAGTAILAPI_BASE_URL = "http://testserver"
WHITENOISE_AUTOREFRESH = WHITENOISE_USE_FINDERS = True
ELASTICSEARCH_URL = ""  # tests that need Elasticsearch switch it on themselves
ELASTICSEARCH_REPLICAS = 0
# Tests that need semantic vectors switch them on themselves (the search contract's exact
# results would gain the nearest case studies).
SEARCH_VECTORS = "off"
