"""Settings for benchmark servers: production behaviour (DEBUG off), on loopback, with one
extra address serving Wagtail's built-in search as the peer to compare with."""

import os

from mariupol_reborn.settings.base import *  # noqa: F403

DEBUG = False
SECRET_KEY = os.environ.get("SECRET_KEY", "benchmark-only-key")
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "bench.urls"
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
LOGGING = {"version": 1, "disable_existing_loggers": False}
