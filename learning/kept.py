"""Data each process keeps in memory and reads again when it changes. A version in the shared
cache says which copy is current: a change (a signal, the indexing task) drops it, and every
process reads the data again at its next use. With a cache of each process's own (the default),
a process only sees the versions it drops itself, so versions also expire after SECONDS."""

import time

from django.core.cache import cache

SECONDS = 300  # other processes see a change within this time


class Kept:
    """What `read()` returns, kept by this process under the current version at `key`."""

    def __init__(self, key, read):
        self.key, self.read = key, read
        self._copies = {}  # by version; the shared cache would unpickle it at every use

    def get(self):
        version = cache.get_or_set(self.key, time.time, SECONDS)
        if version not in self._copies:
            self._copies.clear()
            self._copies[version] = self.read()
        return self._copies[version]

    def changed(self):
        """Makes every process read it again."""
        cache.delete(self.key)
