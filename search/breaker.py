"""A circuit breaker for the search node, kept in the cache so that every worker of the server
shares it (production uses the database cache). After a failure, searches go to the database
engine and queued index updates wait, without asking the node, for a cool-off period; then the
next search tries the node again: if it answers, the breaker stays closed, if not, it opens for
another period."""

import time

from django.conf import settings
from django.core.cache import cache

KEY = "search:breaker-open-until"


def is_open():
    return cache.get(KEY, 0) > time.time()


def trip():
    cooling = settings.ELASTICSEARCH_COOL_OFF
    cache.set(KEY, time.time() + cooling, timeout=cooling)


def reset():
    cache.delete(KEY)
