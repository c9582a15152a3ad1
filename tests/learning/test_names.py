import pytest

from learning.names import theme_and_city_names, theme_and_city_slugs
from tests.helpers import city, theme

pytestmark = pytest.mark.django_db


def test_names_read_once_follow_changes_to_themes_and_cities():
    assert theme_and_city_names()["city"]["lviv"] == "Lviv"
    energy = theme("energy-efficiency")
    energy.name = "Saving energy"
    energy.save()
    lviv = city("lviv")
    lviv.title = "Lviv city"
    lviv.save()
    names = theme_and_city_names()
    assert names["theme"]["energy-efficiency"] == "Saving energy"
    assert names["city"]["lviv"] == "Lviv city"
    energy.is_active = False
    energy.save()
    assert "energy-efficiency" not in theme_and_city_names()["theme"]
    assert "energy-efficiency" in theme_and_city_slugs()["theme"]  # a retired theme's filter
