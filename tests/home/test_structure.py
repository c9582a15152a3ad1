import pytest
from django.core.exceptions import ValidationError

from cities.models import CityIndexPage, CityPage
from home.models import HomePage
from learning.models import CaseStudyPage
from tests.factories import CaseStudyFactory
from tests.helpers import city, theme

pytestmark = pytest.mark.django_db


def test_case_studies_can_only_be_created_under_a_city():
    utrecht = city("utrecht")
    assert CaseStudyPage.can_create_at(utrecht)
    for parent in (HomePage.objects.first(), CityIndexPage.objects.first()):
        assert not CaseStudyPage.can_create_at(parent)
    case_study = CaseStudyFactory(
        parent=utrecht, title="Heat pumps", themes=[theme("energy-efficiency")]
    )
    assert not CaseStudyPage.can_create_at(case_study)


def test_admin_refuses_to_add_a_case_study_outside_a_city(admin_client):
    home = HomePage.objects.get(locale__language_code="en")
    response = admin_client.get(f"/admin/pages/add/learning/casestudypage/{home.pk}/", follow=True)
    assert "you do not have permission" in str(list(response.context["messages"])[0])
    assert not CaseStudyPage.objects.exists()
    response = admin_client.get(f"/admin/pages/add/learning/casestudypage/{city('lviv').pk}/")
    assert response.status_code == 200


def test_cities_only_live_in_the_city_index():
    assert CityPage.can_create_at(CityIndexPage.objects.first())
    assert not CityPage.can_create_at(HomePage.objects.first())


def test_case_study_knows_its_city_even_after_a_move():
    case_study = CaseStudyFactory(
        parent=city("warsaw"), title="Shelters", themes=[theme("safety-security-resilience")]
    )
    assert case_study.city.slug == "warsaw"
    case_study.move(city("gdansk"), pos="last-child")
    assert CaseStudyPage.objects.get(pk=case_study.pk).city.slug == "gdansk"


def test_end_year_before_start_year_is_refused():
    case_study = CaseStudyPage(title="x", summary="y", period_start=2020, period_end=2019)
    with pytest.raises(ValidationError) as error:
        case_study.clean()
    assert "period_end" in error.value.message_dict
