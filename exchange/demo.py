"""Two demo requests with an answer each (development only, with the demo accounts): a
members-only one and a public one, both asked by the demo member and answered by the demo
expert of Utrecht."""

from django.contrib.auth import get_user_model
from django.db import transaction
from wagtail.models import Locale

from cities.models import CityPage
from learning.models import Theme

from .models import Answer, KnowledgeRequest

REQUESTS = [
    {
        "title": "How did you keep cyclists safe on temporary routes during reconstruction?",
        "body": "Mariupol will rebuild its main streets one by one over ten years. We need "
        "temporary cycle routes that stay safe while whole blocks are building sites. How did "
        "you plan, sign and light them, and what went wrong?",
        "themes": ["sustainable-mobility"],
        "cities": ["utrecht", "gdansk"],
        "public": True,
        "answer": "<p>In Utrecht every detour is planned with the building contractor before "
        "work starts: a separated lane at least 2.5 m wide, lit, with yellow signs at every "
        "junction. Our biggest mistake was detours that made cyclists cross tram tracks at a "
        "sharp angle.</p>",
    },
    {
        "title": "Which shelters did you add to existing schools, and at what cost?",
        "body": "We are preparing the reconstruction of twelve schools and must add shelters "
        "for pupils and staff. Cost per place, standards used and how the space is used in "
        "peacetime would help us most.",
        "themes": ["safety-security-resilience", "sustainable-mobility"],
        "cities": [],
        "public": False,
        "answer": "<p>We have no school shelters in Utrecht, but our civil protection office "
        "keeps the cost figures of basements converted for the same use; I will ask them to "
        "write a case study.</p>",
    },
]


@transaction.atomic
def ensure_demo_requests():
    """Adds the demo requests if the demo member has asked none yet. Safe to repeat."""
    User = get_user_model()
    asker = User.objects.filter(email="member@example.org").first()
    expert = User.objects.filter(email="expert@example.org").first()
    if asker is None or expert is None or KnowledgeRequest.objects.filter(asker=asker).exists():
        return
    default = Locale.get_default()
    for data in REQUESTS:
        knowledge_request = KnowledgeRequest.objects.create(
            asker=asker,
            title=data["title"],
            body=data["body"],
            language="en",
            public=data["public"],
        )
        knowledge_request.themes.set(Theme.objects.filter(locale=default, slug__in=data["themes"]))
        knowledge_request.cities.set(
            CityPage.objects.filter(locale=default, slug__in=data["cities"])
        )
        Answer.objects.create(request=knowledge_request, author=expert, body=data["answer"])
