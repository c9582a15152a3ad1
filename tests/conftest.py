import pytest
from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.utils import translation

from home.structure import ensure_platform_structure
from tests.helpers import with_mfa

pytest_plugins = ["tests.search_engines"]

# The database as every test starts from it (tests in real transactions restore it after
# emptying the database; see tests/browser/conftest.py).
BASELINE = {}


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test starts from the platform's real structure: languages, home pages, the five
    cities and the eight themes, as a fresh installation has them."""
    with django_db_blocker.unblock():
        ensure_platform_structure()
        # Tests in real transactions (the browser tests) empty the database after them, and
        # the next one starts from the snapshot Django took after the migrations: take it
        # again, so that they too start from the platform's structure.
        if hasattr(connection, "_test_serialized_contents"):
            BASELINE["default"] = connection.creation.serialize_db_to_string()
            connection._test_serialized_contents = BASELINE["default"]


@pytest.fixture
def admin_user(django_user_model):
    """pytest-django's administrator, with the two-factor authentication the admin requires."""
    user = django_user_model.objects.create_superuser("admin@example.org", "password")
    return with_mfa(user)


@pytest.fixture(autouse=True)
def empty_caches():
    """Each test starts with empty caches: ids reused after a rolled-back test must not meet
    entries an earlier test left behind."""
    for alias in settings.CACHES:
        caches[alias].clear()


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the default language, as a new process would: a request an earlier
    test made in another language leaves that language active in the thread."""
    translation.activate(settings.LANGUAGE_CODE)
