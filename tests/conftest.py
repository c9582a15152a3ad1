import pytest

from home.structure import ensure_platform_structure

pytest_plugins = ["tests.search_engines"]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test starts from the platform's real structure: languages, home pages, the five
    cities and the eight themes, as a fresh installation has them."""
    with django_db_blocker.unblock():
        ensure_platform_structure()
