"""Two demo requests with an answer each (development only, with the demo accounts): a
members-only one and a public one, both asked by the demo member and answered by the demo
expert of Utrecht."""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.html import escape
from wagtail.models import Locale

from cities.models import CityPage
from learning.models import CaseStudyPage, Theme

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
        "title": "How do you plan evacuation by bus and tram in an emergency?",
        "body": "Mariupol's new bus and tram network must also be able to evacuate whole "
        "districts. Which lines are set aside for it, who decides, and how do you practise it "
        "with the transport operator? For members only: it touches on civil defence plans.",
        "themes": ["safety-security-resilience", "sustainable-mobility"],
        "cities": [],
        "public": False,
        "answer": "<p>Utrecht's crisis plan names the bus lines that evacuate each district, "
        "with the operator's drivers on call; the safety region decides. We practise it every "
        "year, as in our case study on crisis exercises: {link}.</p>",
        "link": "demo-safety-region-crisis-exercises",
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
        Answer.objects.create(
            request=knowledge_request, author=expert, body=_with_link(data["answer"], data)
        )


def _with_link(answer, data):
    """The answer, with a link to the demo case study it names (if it is there)."""
    page = CaseStudyPage.objects.filter(external_id=data.get("link")).first()
    link = f'<a linktype="page" id="{page.pk}">{escape(page.title)}</a>' if page else ""
    return answer.replace("{link}", link) if link else answer.replace(": {link}", "")
