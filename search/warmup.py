"""What a server process reads before its first search, so that no searcher waits for it.

A process reads these on first use and keeps them: the lemmatisers' dictionaries (0.03 to
0.25 s a language), the glossary (0.06 s once those are in), the theme and city names, the
site's addresses and translations in each language (0.15 s), the templates of the search page
and the stored vectors (0.09 s at 10,000 case studies), which both engines use. Read during
requests, they made a server worker's first search take 0.7 to 1 s, and its first search in
each further language 0.1 to 0.25 s more. The WSGI entry point (mariupol_reborn/wsgi.py) calls
warm() in each process before it serves.

The query model is left to the first search (about 10 ms more than the next): a preloading
server (gunicorn --preload) runs the entry point in the process it forks its workers from,
where the model's threads must not start (search/vectors.py).
"""

import logging
import time

from django.conf import settings
from django.db import DatabaseError
from django.template.loader import get_template
from django.urls import reverse
from django.utils import translation

from learning.names import theme_and_city_slugs

from . import glossary, text, vector_index, vectors

logger = logging.getLogger(__name__)
TEMPLATES = ("base.html", "search/search.html", "search/request_hit.html", "includes/verified.html")


def warm():
    """Reads what the first searches would otherwise read. A database not ready yet (before
    its migrations) is logged and left to the first search: the server starts all the same."""
    started = time.perf_counter()
    for code, _name in settings.LANGUAGES:
        text.lemma("warm", code)
        with translation.override(code):
            reverse("search")  # the site's addresses in this language, and its translations
    for name in TEMPLATES:
        get_template(name)
    try:
        theme_and_city_slugs()
        glossary.concepts()
        if vectors.available():
            vector_index.matrix().centres  # noqa: B018 (computed on first use, then kept)
    except DatabaseError as error:
        logger.warning("The search was not warmed up: %s", error)
    logger.info("Search warmed up in %.2f s", time.perf_counter() - started)
