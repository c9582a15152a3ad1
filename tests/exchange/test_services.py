"""Knowledge requests: a member asks the partner cities, the experts it is for are told by
email in their own language and see it on their account page, they answer on the request's
page, the asker marks an answer helpful and closes the request, an answer becomes a draft case
study, and moderators merge duplicates and close stale requests. A members-only request
reaches nobody else, through any page."""

from html import unescape
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale, ModelLogEntry, WorkflowState

from exchange import services
from exchange.models import Answer, KnowledgeRequest, Notification
from exchange.notifications import notify
from learning.models import CaseStudyPage, Theme
from members.demo import PASSWORD as DEMO_PASSWORD
from members.models import ExpertProfile, Membership, Role
from members.services import apply_role
from search.models import SearchQueryLog
from tests.factories import CaseStudyFactory, MemberFactory
from tests.helpers import city, signed_in, theme

pytestmark = pytest.mark.django_db


def expert(city_slug, themes, language="en", role=Role.EXPERT, email=None):
    """An expert of `city_slug` whose profile covers the theme slugs `themes`."""
    user = MemberFactory(
        role=role, city=city_slug, email=email or f"{role}.{city_slug}.{language}@example.org"
    )
    user.language = language
    user.save(update_fields=["language"])
    profile = ExpertProfile.objects.create(user=user)
    profile.themes.set(Theme.objects.filter(slug__in=themes, locale=Locale.get_default()))
    return user


@pytest.fixture
def asker():
    return MemberFactory(role=Role.MEMBER, city="mariupol")


@pytest.fixture
def ask(django_capture_on_commit_callbacks, asker):
    """Asks on the form as `asker`, and lets the transaction commit (the tests' task backend
    runs the notification task at once)."""

    def ask(cities=(), themes=("sustainable-mobility",), public=False, language="en", **extra):
        data = {
            "title": "Temporary cycle routes around building sites?",
            "body": "Mariupol rebuilds street by street. How do you keep cyclists safe?",
            "themes": [theme(slug, language).pk for slug in themes],
            "cities": [city(slug, language).pk for slug in cities],
            "language": language,
            "deadline": "2027-03-01",
            **({"public": "on"} if public else {}),
            **extra,
        }
        with django_capture_on_commit_callbacks(execute=True):
            response = signed_in(asker).post(f"/{language}/requests/ask/", data)
        assert response.status_code == 302, response.content.decode()[:2000]
        return KnowledgeRequest.objects.latest("pk")

    return ask


def test_a_member_asks_and_the_experts_of_the_chosen_cities_on_its_themes_hear_of_it(ask):
    joost = expert("utrecht", ["sustainable-mobility"])
    olha = expert("lviv", ["sustainable-mobility"], language="uk")
    expert("gdansk", ["sustainable-mobility"])  # a city not asked
    expert("utrecht", ["waste-management"], email="waste@example.org")  # another theme
    expert("utrecht", ["sustainable-mobility"], email="gone@example.org").membership.delete()

    asked = ask(cities=["utrecht", "lviv"])

    assert ModelLogEntry.objects.get(action="exchange.ask").object_id == str(asked.pk)
    assert asked.title == "Temporary cycle routes around building sites?"
    assert not asked.public and asked.is_open and str(asked.deadline) == "2027-03-01"
    assert sorted(m.to[0] for m in mail.outbox) == sorted([joost.email, olha.email])
    english = next(m for m in mail.outbox if m.to == [joost.email])
    assert english.subject == (
        "[Mariupol Reborn] A question for you: Temporary cycle routes around building sites?"
    )
    assert "asks the partner cities a question on a theme your expert profile covers" in (
        english.body
    )
    assert "Themes: Sustainable mobility" in english.body
    assert "Needed by March 1, 2027." in english.body
    assert "How do you keep cyclists safe?" in english.body
    assert f"http://testserver/en/requests/{asked.pk}/" in english.body
    ukrainian = next(m for m in mail.outbox if m.to == [olha.email])
    assert "Питання для вас: Temporary cycle routes" in ukrainian.subject
    assert "Теми: Сталa мобільність".replace("a", "а") in ukrainian.body
    assert f"http://testserver/uk/requests/{asked.pk}/" in ukrainian.body
    assert "Мова запиту: англійська." in ukrainian.body.lower().replace("мова", "Мова")


def test_no_city_chosen_asks_every_city_and_each_expert_hears_once(ask):
    experts = [expert(slug, ["sustainable-mobility"]) for slug in ("utrecht", "warsaw")]
    asked = ask()
    assert sorted(m.to[0] for m in mail.outbox) == sorted(e.email for e in experts)
    mail.outbox.clear()
    assert notify(asked.pk) == 0  # run again: nobody twice
    assert not mail.outbox
    assert Notification.objects.filter(request=asked).count() == 2


def test_the_asker_is_not_told_of_their_own_question(django_capture_on_commit_callbacks):
    joost = expert("utrecht", ["sustainable-mobility"])
    with django_capture_on_commit_callbacks(execute=True):
        services.ask(
            joost, title="Own question?", body="Text.", themes=[theme("sustainable-mobility")]
        )
    assert not mail.outbox


def test_asking_takes_a_member_and_a_theme(client, asker):
    response = client.get("/en/requests/ask/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    pending = MemberFactory(role=Role.MEMBER, city="lviv", status=Membership.Status.PENDING)
    assert signed_in(pending).get("/en/requests/ask/").status_code == 403
    response = signed_in(asker).post("/en/requests/ask/", {"title": "Q?", "body": "B."})
    assert response.status_code == 200 and not KnowledgeRequest.objects.exists()
    assert "This field is required." in response.content.decode()


def test_a_deadline_that_has_passed_is_refused(asker):
    data = {"title": "Q?", "body": "B.", "themes": [theme("waste-management").pk]}
    data.update(language="en", deadline="2020-01-01")
    response = signed_in(asker).post("/en/requests/ask/", data)
    assert "That day has passed" in response.content.decode()
    assert not KnowledgeRequest.objects.exists()


def test_the_form_is_prefilled_with_a_search_text(asker):
    page = signed_in(asker).get("/en/requests/ask/?q=tram+depots").content.decode()
    assert 'value="tram depots"' in page


def test_a_members_only_request_reaches_no_one_else_and_a_public_one_everyone(ask, client):
    hidden = ask()
    shown = ask(public=True, title="Flood barriers along the Kalmius?")
    pending = signed_in(
        MemberFactory(role=Role.MEMBER, city="lviv", status=Membership.Status.PENDING)
    )
    member = signed_in(MemberFactory(role=Role.MEMBER, city="gdansk"))

    # The list.
    for visitor in (client, pending):
        listed = visitor.get("/en/requests/").content.decode()
        assert shown.title in listed and hidden.title not in listed
    listed = member.get("/en/requests/").content.decode()
    assert shown.title in listed and hidden.title in listed

    # The page.
    response = client.get(hidden.get_absolute_url())
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    response = pending.get(hidden.get_absolute_url())
    assert response.status_code == 403 and hidden.title not in response.content.decode()
    assert hidden.title in member.get(hidden.get_absolute_url()).content.decode()
    assert shown.title in unescape(client.get(shown.get_absolute_url()).content.decode())

    # The API.
    for visitor in (client, pending):
        assert visitor.get(f"/api/v2/requests/{hidden.pk}/").status_code == 404
        titles = [item["title"] for item in visitor.get("/api/v2/requests/").json()["items"]]
        assert titles == [shown.title]
    titles = [item["title"] for item in member.get("/api/v2/requests/").json()["items"]]
    assert set(titles) == {shown.title, hidden.title}


def test_experts_and_coordinators_see_the_requests_for_them_on_their_account_page(ask, asker):
    joost = expert("utrecht", ["sustainable-mobility"])
    other_theme = expert("utrecht", ["waste-management"], email="waste@example.org")
    coordinator = expert("utrecht", [], role=Role.COORDINATOR)
    asked = ask(cities=["utrecht"])
    elsewhere = ask(cities=["gdansk"], title="Only for Gdansk?")

    page = unescape(signed_in(joost).get("/en/accounts/me/").content.decode())
    assert "Questions for you" in page and asked.title in page
    assert elsewhere.title not in page
    page = unescape(signed_in(other_theme).get("/en/accounts/me/").content.decode())
    assert "No open questions for you." in page
    page = unescape(signed_in(coordinator).get("/en/accounts/me/").content.decode())
    assert asked.title in page and elsewhere.title not in page
    page = unescape(signed_in(asker).get("/en/accounts/me/").content.decode())
    assert "Your questions" in page and asked.title in page and elsewhere.title in page

    services.close(asker, asked)
    page = unescape(signed_in(joost).get("/en/accounts/me/").content.decode())
    assert asked.title not in page


def test_an_expert_answers_with_links_to_a_case_study_and_a_document(ask):
    joost = expert("utrecht", ["sustainable-mobility"])
    asked = ask()
    bike = CaseStudyFactory(
        parent=city("utrecht"), title="Bicycle detours", themes=[theme("sustainable-mobility")]
    )
    text = (
        f"See our case study: http://testserver{bike.url}\n\n"
        "And the manual https://example.org/manual.pdf, with <b>care</b>."
    )
    response = signed_in(joost).post(f"/en/requests/{asked.pk}/answer/", {"text": text})
    assert response.status_code == 302
    answer = Answer.objects.get()
    assert f'<a linktype="page" id="{bike.pk}">Bicycle detours</a>' in answer.body
    assert '<a href="https://example.org/manual.pdf">' in answer.body
    assert "&lt;b&gt;care&lt;/b&gt;" in answer.body
    page = signed_in(joost).get(asked.get_absolute_url()).content.decode()
    assert f'<a href="{bike.url}">Bicycle detours</a>' in page


def test_only_experts_coordinators_and_moderators_answer_open_requests(ask, asker):
    asked = ask()
    member = MemberFactory(role=Role.MEMBER, city="gdansk")
    response = signed_in(member).post(f"/en/requests/{asked.pk}/answer/", {"text": "Hi"})
    assert response.status_code == 403
    assert "Your answer" not in signed_in(member).get(asked.get_absolute_url()).content.decode()
    services.close(asker, asked)
    joost = expert("utrecht", ["sustainable-mobility"])
    response = signed_in(joost).post(f"/en/requests/{asked.pk}/answer/", {"text": "Late"})
    assert response.status_code == 403 and not Answer.objects.exists()


def test_the_asker_marks_an_answer_helpful_and_closes_the_request(ask, asker):
    joost = expert("utrecht", ["sustainable-mobility"])
    asked = ask()
    answer = services.answer(joost, asked, text="Separated lanes, lit, 2.5 m wide.")
    someone = signed_in(MemberFactory(role=Role.MEMBER, city="gdansk"))
    assert someone.post(f"/en/requests/answers/{answer.pk}/helpful/").status_code == 403
    assert someone.post(f"/en/requests/{asked.pk}/close/").status_code == 403

    client = signed_in(asker)
    page = client.get(asked.get_absolute_url()).content.decode()
    assert "Mark as helpful" in page and "Close the request" in page
    client.post(f"/en/requests/answers/{answer.pk}/helpful/")
    client.post(f"/en/requests/{asked.pk}/close/")
    asked.refresh_from_db()
    answer.refresh_from_db()
    assert answer.helpful and asked.status == KnowledgeRequest.Status.ANSWERED
    page = client.get(asked.get_absolute_url()).content.decode()
    assert "Helpful" in page and "Closed by the asker" in page
    assert "Mark as helpful" not in page and "Close the request" not in page
    assert asked.title not in client.get("/en/requests/").content.decode()
    assert asked.title in client.get("/en/requests/?status=closed").content.decode()


def test_an_answer_becomes_a_draft_case_study_in_the_experts_city_and_language(ask):
    pieter = expert("utrecht", ["sustainable-mobility"], language="nl")
    asked = ask(themes=["sustainable-mobility", "waste-management"])
    answer = services.answer(pieter, asked, text="Gescheiden fietspaden.\n\nVerlicht en breed.")
    client = signed_in(pieter)
    page_html = client.get(asked.get_absolute_url()).content.decode()
    assert "Turn into a draft case study" in page_html
    other = signed_in(expert("gdansk", ["sustainable-mobility"]))
    assert other.post(f"/en/requests/answers/{answer.pk}/case-study/").status_code == 403

    response = client.post(f"/en/requests/answers/{answer.pk}/case-study/")
    draft = CaseStudyPage.objects.get(title=asked.title)
    assert response.status_code == 302
    assert response["Location"] == f"/admin/pages/{draft.pk}/edit/"
    assert not draft.live and draft.has_unpublished_changes
    assert draft.get_parent().specific == city("utrecht", "nl")
    assert draft.locale.language_code == "nl"
    assert draft.owner == pieter
    latest = draft.get_latest_revision_as_object()
    assert latest.contact_expert == pieter.expert_profile
    assert latest.contact_email == pieter.email
    assert latest.summary == "Gescheiden fietspaden. Verlicht en breed."
    assert "<p>Gescheiden fietspaden.</p>" in str(latest.body)
    assert sorted(t.slug for t in latest.themes.all()) == [
        "sustainable-mobility",
        "waste-management",
    ]
    assert {t.locale.language_code for t in latest.themes.all()} == {"nl"}
    assert not WorkflowState.objects.filter(base_content_type__isnull=False).exists()
    # Once: the button now leads to the draft.
    client.post(f"/en/requests/answers/{answer.pk}/case-study/")
    assert CaseStudyPage.objects.filter(title=asked.title).count() == 1
    assert (
        "Edit the draft case study made of it"
        in client.get(asked.get_absolute_url()).content.decode()
    )
    # The expert may edit and submit it: the usual moderation.
    assert client.get(f"/admin/pages/{draft.pk}/edit/").status_code == 200


def test_moderators_merge_duplicates_and_close_stale_requests_in_the_editing_area(ask):
    joost = expert("utrecht", ["sustainable-mobility"])
    moderator = MemberFactory(role=Role.MODERATOR, city="gdansk")
    first = ask(title="Cycle detours?")
    duplicate = ask(title="Bicycle detours during works?")
    stale = ask(title="Old question?")
    services.answer(joost, duplicate, text="An answer to the duplicate.")
    client = signed_in(moderator)

    listing = client.get("/admin/knowledge_requests/").content.decode()
    assert "Merge into another request" in listing and "Close as stale" in listing
    response = client.post(f"/admin/knowledge_requests/merge/{duplicate.pk}/", {"into": first.pk})
    assert response.status_code == 302
    duplicate.refresh_from_db()
    assert duplicate.status == KnowledgeRequest.Status.MERGED and duplicate.duplicate_of == first
    assert first.answers.count() == 1
    response = client.get(duplicate.get_absolute_url())
    assert response.status_code == 302 and response["Location"] == first.get_absolute_url()

    response = client.post(f"/admin/knowledge_requests/close/{stale.pk}/")
    stale.refresh_from_db()
    assert response.status_code == 302 and stale.status == KnowledgeRequest.Status.STALE

    # Not for experts.
    assert signed_in(joost).get(f"/admin/knowledge_requests/merge/{first.pk}/").status_code in (
        302,
        403,
    )
    assert signed_in(joost).post(f"/admin/knowledge_requests/close/{first.pk}/").status_code in (
        302,
        403,
    )
    first.refresh_from_db()
    assert first.is_open
    assert "/admin/knowledge_requests/" not in signed_in(joost).get("/admin/").content.decode()
    assert "/admin/knowledge_requests/" in client.get("/admin/").content.decode()
    found = client.get("/admin/knowledge_requests/?q=bicycle").content.decode()
    assert "Bicycle detours during works?" in found and "Old question?" not in found
    edit = client.get(f"/admin/knowledge_requests/edit/{first.pk}/")
    assert edit.status_code == 200 and "Cycle detours?" in edit.content.decode()
    answers = client.get("/admin/knowledge_answers/").content.decode()
    assert "An answer to the duplicate." in answers or "Cycle detours?" in answers


def test_the_search_report_turns_a_search_without_results_into_a_request(admin_client):
    SearchQueryLog.objects.create(query_text="tram depots", result_count=0, engine="database")
    page = admin_client.get("/admin/reports/searches-without-results/").content.decode()
    assert '<a href="/en/requests/ask/?q=tram%20depots">Turn this into a request</a>' in page


def test_the_demo_has_a_public_and_a_members_only_request_with_an_answer(settings, client):
    settings.DEBUG = True
    call_command("load_demo_content", "--with-accounts", stdout=StringIO())
    call_command("load_demo_content", "--with-accounts", stdout=StringIO())  # nothing more
    assert KnowledgeRequest.objects.count() == 2 and Answer.objects.count() == 2
    public = KnowledgeRequest.objects.get(public=True)
    hidden = KnowledgeRequest.objects.get(public=False)
    listed = unescape(client.get("/en/requests/").content.decode())
    assert public.title in listed and hidden.title not in listed

    client.login(email="expert@example.org", password=DEMO_PASSWORD)
    page = unescape(client.get("/en/accounts/me/").content.decode())
    assert public.title in page and hidden.title in page  # questions for the expert
    client.login(email="member@example.org", password=DEMO_PASSWORD)
    page = unescape(client.get(hidden.get_absolute_url()).content.decode())
    assert "Mark as helpful" in page and "Close the request" in page


def test_the_asker_hears_of_each_answer_in_their_own_language(
    django_capture_on_commit_callbacks, asker
):
    asker.language = "pl"
    asker.save(update_fields=["language"])
    asked = services.ask(
        asker,
        title="Schrony w szkołach?",
        body="Ile kosztuje miejsce?",
        themes=[theme("waste-management")],
    )
    joost = expert("utrecht", ["waste-management"])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        answer = services.answer(joost, asked, text="About 900 euro a place.\n\nSee the tender.")
    [email] = mail.outbox
    assert email.to == [asker.email]
    assert email.subject == "[Mariupol Reborn] Odpowiedź na Twoje pytanie: Schrony w szkołach?"
    assert "Expert (Utrecht) odpowiada na Twoje pytanie „Schrony w szkołach?”:" in email.body
    assert "About 900 euro a place.\n\nSee the tender." in email.body
    assert f"http://testserver/pl/requests/{asked.pk}/#answer-{answer.pk}" in email.body

    # An asker no longer a member is not sent the answers of a members-only request.
    asker.membership.status = Membership.Status.REMOVED
    asker.membership.save()
    apply_role(asker.membership)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.answer(joost, asked, text="Another answer.")
    assert not mail.outbox


def test_the_list_costs_the_same_queries_however_many_questions_it_shows(asker):
    joost = expert("utrecht", ["sustainable-mobility"])

    def add(count):
        for n in range(count):
            asked = KnowledgeRequest.objects.create(
                asker=asker, title=f"Question {n}?", body="B.", public=True
            )
            asked.themes.set([theme("sustainable-mobility"), theme("waste-management")])
            Answer.objects.create(request=asked, author=joost, body="<p>A.</p>")

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert Client().get("/uk/requests/").status_code == 200
        return len(captured)

    add(1)
    one = queries()
    add(11)
    assert queries() == one


def test_a_request_with_its_answers_gives_search_what_it_needs(ask, asker):
    """Title, text, answers, themes, cities, language and visibility: what a search document
    of a request is made of (tests/search/test_requests.py)."""
    asked = ask(cities=["lviv"], themes=["waste-management"], language="uk", public=False)
    joost = expert("utrecht", ["waste-management"])
    services.answer(joost, asked, text="Sorting at source.\n\nThree bins & a <b>deposit</b>.")
    assert asked.title == "Temporary cycle routes around building sites?"
    assert (
        asked.answers.get().plain_text() == "Sorting at source.\n\nThree bins & a <b>deposit</b>."
    )
    assert [t.slug for t in asked.themes.all()] == ["waste-management"]
    assert [c.slug for c in asked.cities.all()] == ["lviv"] and asked.language == "uk"
    anonymous = Client().get("/").wsgi_request
    assert not KnowledgeRequest.objects.visible_to(anonymous).exists()
    member = signed_in(asker).get("/en/requests/").wsgi_request
    assert list(KnowledgeRequest.objects.visible_to(member)) == [asked]


def test_asking_only_queues_the_emails_until_the_request_commits(
    django_capture_on_commit_callbacks, asker
):
    joost = expert("utrecht", ["sustainable-mobility"])
    data = {"title": "Q?", "body": "B.", "themes": [theme("sustainable-mobility").pk]}
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = signed_in(asker).post("/en/requests/ask/", {**data, "language": "en"})
        assert response.status_code == 302
        assert not mail.outbox  # nothing sent while asking
    assert len(callbacks) == 1  # the task, queued for after the commit
    callbacks[0]()
    assert [m.to for m in mail.outbox] == [[joost.email]]


def test_a_question_no_page_address_can_be_made_of_gives_no_draft_and_says_why(ask):
    joost = expert("utrecht", ["sustainable-mobility"])
    asked = ask(title="???")
    answer = services.answer(joost, asked, text="Ask the tram company.")
    response = signed_in(joost).post(f"/en/requests/answers/{answer.pk}/case-study/", follow=True)
    page = response.content.decode()
    assert "No draft could be made of this answer" in page
    assert "needs a letter or digit" in page
    assert not CaseStudyPage.objects.filter(title="???").exists()


def test_a_search_without_results_offers_to_ask_the_partner_cities(client, asker):
    page = client.get("/nl/search/?q=tramremises").content.decode()
    assert (
        '<a href="/nl/requests/ask/?q=tramremises">Heeft nog niemand erover geschreven? '
        "Vraag het de partnersteden.</a>"
    ) in page
    form = signed_in(asker).get("/nl/requests/ask/?q=tramremises").content.decode()
    assert 'value="tramremises"' in form


def test_a_public_request_never_shows_an_email_address_for_a_name(ask, asker, client):
    """Someone without a name on the platform is "A member" to others, on the page and in the
    API: never their email address."""
    joost = expert("utrecht", ["sustainable-mobility"])
    for user in (asker, joost):
        user.first_name = user.last_name = ""
        user.save(update_fields=["first_name", "last_name"])
    shown = ask(public=True)
    signed_in(joost).post(f"/en/requests/{shown.pk}/answer/", {"text": "We close one lane."})

    page = client.get(shown.get_absolute_url()).content.decode()
    api = client.get(f"/api/v2/requests/{shown.pk}/").content.decode()
    for text in (page, api):
        assert "We close one lane." in text
        assert asker.email not in text and joost.email not in text
    assert page.count("A member") == 2
    assert client.get(f"/api/v2/requests/{shown.pk}/").json()["answers"][0]["author"] == "A member"
