import os

from django.core.wsgi import get_wsgi_application
from django.db import connections

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mariupol_reborn.settings.production")

application = get_wsgi_application()

# Each server process reads what searches need before it serves its first one (the apps are
# loaded by now). A preloading server runs this before it forks its workers, which must not
# share its database connections.
from search.warmup import warm  # noqa: E402

warm()
connections.close_all()
