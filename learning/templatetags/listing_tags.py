from django import template

from ..listing import paginate
from ..models import CaseStudyPage

register = template.Library()


@register.simple_tag(takes_context=True)
def city_case_studies(context, city):
    """For the city page: the requested page of the city's case studies in every language that
    the visitor may see, newest first."""
    request = context["request"]
    case_studies = CaseStudyPage.objects.in_city(city).visible_to(request).for_listing()
    return paginate(request, case_studies)
