"""The permission matrix: for every role, in their own city and in another city, every action
through the Wagtail admin, asserting that exactly the allowed ones take effect and the others
are refused (403, 404, or Wagtail's "no permission" redirect to the dashboard)."""

import base64
from types import SimpleNamespace
from urllib.parse import quote

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Page, WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from learning.models import CaseStudyPage, Theme
from members.models import Membership, Role
from tests.factories import PASSWORD, CaseStudyFactory, MemberFactory
from tests.helpers import city, members_only, theme

OWN, OTHER = "utrecht", "gdansk"
ROLES = [Role.MEMBER, Role.EXPERT, Role.COORDINATOR, Role.MODERATOR, Role.ADMINISTRATOR]
EDITORS = {Role.EXPERT, Role.COORDINATOR}
PLATFORM_WIDE = {Role.MODERATOR, Role.ADMINISTRATOR}

# What each role may do: "own" = only in their own city, "all" = in every city.
ALLOWED = {
    "view draft": {Role.EXPERT: "own", Role.COORDINATOR: "own"},
    "create": {Role.EXPERT: "own", Role.COORDINATOR: "own"},
    "edit": {Role.EXPERT: "own", Role.COORDINATOR: "own"},
    "submit": {Role.EXPERT: "own", Role.COORDINATOR: "own"},
    "publish": {},
    "unpublish": {},
    "delete": {Role.EXPERT: "own", Role.COORDINATOR: "own"},
    "move": {},
    "approve member": {Role.COORDINATOR: "own"},
    "edit theme": {},
}


def is_allowed(action, role, where):
    if role in PLATFORM_WIDE:
        return True
    scope = ALLOWED[action].get(role)
    return scope == "all" or (scope == "own" and where == OWN)


def page_form(title, **extra):
    data = nested_form_data(
        {
            "title": title,
            "slug": title.lower().replace(" ", "-"),
            "summary": "What was done and why.",
            "tags": "",
            "body": streamfield([]),
            "period_start": 2021,
            "status": "ongoing",
            "comments": inline_formset([]),
            **extra,
        }
    )
    data["themes"] = [theme("energy-efficiency").pk]
    return data


def draft_in(city_slug):
    return CaseStudyFactory(
        parent=city(city_slug),
        title=f"Draft in {city_slug}",
        themes=[theme("energy-efficiency")],
        publish=False,
    )


def live_in(city_slug):
    return CaseStudyFactory(
        parent=city(city_slug), title=f"Live in {city_slug}", themes=[theme("energy-efficiency")]
    )


def refused(response):
    return response.status_code in (403, 404) or (
        response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    )


def do_view_draft(client, where):
    page = draft_in(where)
    response = client.get(reverse("wagtailadmin_pages:view_draft", args=[page.pk]))
    return response, response.status_code == 200 and b"Draft in" in response.content


def do_create(client, where):
    parent = city(where)
    url = reverse("wagtailadmin_pages:add", args=["learning", "casestudypage", parent.pk])
    response = client.post(url, page_form("Created by test"))
    return response, CaseStudyPage.objects.filter(title="Created by test").exists()


def do_edit(client, where):
    page = draft_in(where)
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    response = client.post(url, page_form("Edited by test", slug=page.slug))
    latest = CaseStudyPage.objects.get(pk=page.pk).get_latest_revision_as_object()
    return response, latest.title == "Edited by test"


def do_submit(client, where):
    page = draft_in(where)
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    response = client.post(url, page_form(page.title, slug=page.slug, **{"action-submit": "1"}))
    # A moderator's own submission is approved at once: Wagtail skips the task they could approve.
    return response, WorkflowState.objects.filter(object_id=str(page.pk)).exists()


def do_publish(client, where):
    page = draft_in(where)
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    response = client.post(url, page_form(page.title, slug=page.slug, **{"action-publish": "1"}))
    return response, Page.objects.get(pk=page.pk).live


def do_unpublish(client, where):
    page = live_in(where)
    response = client.post(reverse("wagtailadmin_pages:unpublish", args=[page.pk]))
    return response, not Page.objects.get(pk=page.pk).live


def do_delete(client, where):
    page = draft_in(where)
    response = client.post(reverse("wagtailadmin_pages:delete", args=[page.pk]))
    return response, not Page.objects.filter(pk=page.pk).exists()


def do_move(client, where):
    page = draft_in(where)
    destination = city("warsaw")
    url = reverse("wagtailadmin_pages:move_confirm", args=[page.pk, destination.pk])
    response = client.post(url)
    return response, Page.objects.get(pk=page.pk).get_parent().pk == destination.pk


def do_approve_member(client, where):
    membership = MemberFactory(
        role=Role.MEMBER, city=where, status=Membership.Status.PENDING
    ).membership
    response = client.post(reverse("members_admin:approve", args=[membership.pk]))
    membership.refresh_from_db()
    return response, membership.status == Membership.Status.ACTIVE


def do_edit_theme(client, where):
    subject = theme("waste-management")
    url = reverse("wagtailsnippets_learning_theme:edit", args=[subject.pk])
    data = {"name": "Renamed theme", "slug": subject.slug, "description": "", "is_active": "on"}
    data.update(nested_form_data({"featured": inline_formset([])}))
    response = client.post(url, data)
    return response, Theme.objects.get(pk=subject.pk).name == "Renamed theme"


ACTIONS = {
    "view draft": do_view_draft,
    "create": do_create,
    "edit": do_edit,
    "submit": do_submit,
    "publish": do_publish,
    "unpublish": do_unpublish,
    "delete": do_delete,
    "move": do_move,
    "approve member": do_approve_member,
    "edit theme": do_edit_theme,
}


@pytest.mark.django_db
@pytest.mark.parametrize("where", [OWN, OTHER])
@pytest.mark.parametrize("action", list(ACTIONS))
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(client, role, action, where):
    client.force_login(MemberFactory(role=role, city=OWN))
    response, took_effect = ACTIONS[action](client, where)
    if is_allowed(action, role, where):
        assert took_effect, f"{role} could not {action} in {where} ({response.status_code})"
    else:
        assert not took_effect, f"{role} could {action} in {where}"
        if action == "publish" and is_allowed("edit", role, where):
            # Wagtail keeps an editor's "publish" as a draft: saved, not live.
            assert response.status_code == 302
        else:
            assert refused(response), f"{role} {action} {where}: {response.status_code}"


@pytest.mark.django_db
@pytest.mark.parametrize("role", [None, *ROLES])
def test_the_api_shows_no_drafts_and_changes_nothing_for_any_role(client, role):
    """The API is read-only and serves live content only, whoever asks: guessing the id of a
    draft gives 404, and no method publishes, edits or deletes."""
    if role:
        client.force_login(MemberFactory(role=role, city=OWN))
    draft, live = draft_in(OWN), live_in(OTHER)
    assert client.get(f"/api/v2/pages/{draft.pk}/").status_code == 404
    assert client.get(f"/api/v2/pages/{live.pk}/").status_code == 200
    for method in (client.post, client.put, client.patch, client.delete):
        assert method(f"/api/v2/pages/{live.pk}/").status_code in (403, 404, 405)
    assert Page.objects.get(pk=live.pk).live and not Page.objects.get(pk=draft.pk).live


@pytest.mark.django_db
def test_a_city_added_later_gets_its_groups_and_review(client):
    from cities.models import CityIndexPage, CityPage

    index = CityIndexPage.objects.get(locale__language_code="en")
    kharkiv = CityPage(title="Kharkiv", slug="kharkiv", country="Ukraine", introduction="<p>.</p>")
    index.add_child(instance=kharkiv)
    client.force_login(MemberFactory(role=Role.EXPERT, city="kharkiv"))
    response, created = do_create(client, "kharkiv")
    assert created, response.status_code
    assert Page.objects.get(title="Created by test").specific.get_workflow().name == (
        "Case study review"
    )
    response = client.post(
        reverse("wagtailadmin_pages:add", args=["learning", "casestudypage", city(OWN).pk]),
        page_form("Not for Kharkiv experts"),
    )
    assert refused(response)
    assert not CaseStudyPage.objects.filter(title="Not for Kharkiv experts").exists()


# Every address that once took a password besides allauth's sign-in. Each now leads to allauth's
# sign-in (rate limits, verified email, two-factor step) and signs nobody in itself.
OTHER_SIGN_IN_FORMS = ["/en/_util/login/", "/uk/_util/login/", "/admin/login/"]


@pytest.mark.django_db
@pytest.mark.parametrize("url", OTHER_SIGN_IN_FORMS)
def test_no_other_form_signs_anyone_in(client, url):
    moderator = MemberFactory(role=Role.MODERATOR, city=OTHER)
    credentials = {"username": moderator.email, "login": moderator.email, "password": PASSWORD}
    response = client.post(f"{url}?next=/admin/", credentials)
    assert "_auth_user_id" not in client.session
    assert response.status_code == 302
    assert "/accounts/login/?next=/admin/" in response["Location"]


@pytest.mark.django_db
def test_the_api_takes_no_password(client):
    """Only the site's session counts in the API: HTTP Basic would be a sign-in without rate
    limits, verified email or two-factor step (and tell right passwords from wrong ones)."""
    secret = members_only(live_in(OWN))
    member = MemberFactory(role=Role.MEMBER, city=OTHER)
    for password in (PASSWORD, "wrong"):
        token = base64.b64encode(f"{member.email}:{password}".encode()).decode()
        response = client.get(f"/api/v2/pages/{secret.pk}/", HTTP_AUTHORIZATION=f"Basic {token}")
        assert response.status_code == 404


@pytest.mark.django_db
def test_the_one_sign_in_asks_moderators_for_their_code(client):
    moderator = MemberFactory(role=Role.MODERATOR, city=OTHER)
    credentials = {"login": moderator.email, "password": PASSWORD}
    response = client.post("/en/accounts/login/?next=/admin/", credentials)
    assert "/2fa/authenticate/" in response["Location"]
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/")["Location"].startswith("/en/accounts/login/")


@pytest.mark.django_db
def test_admin_password_reset_pages_lead_to_allauth(client):
    for url in ["/admin/password_reset/", "/admin/password_reset/confirm/MQ/set-password/"]:
        assert "/accounts/password/reset/" in client.get(url)["Location"]


@pytest.mark.django_db
def test_a_members_only_page_sends_visitors_to_the_one_sign_in(client):
    page = members_only(live_in(OWN))
    response = client.get(page.url)
    assert response.status_code == 302
    assert response["Location"] == f"/en/accounts/login/?next={quote(page.url)}"


# Every way to reach a case study or what is attached to it, for the leak matrix below: each
# returns whether the visitor got the case study (or its document or image).
def leaked_page(client, case):
    response = client.get(case.page.url)
    return response.status_code == 200 and case.page.title in response.content.decode()


def path_in_site(page):
    """The page's address below its site's root (without the language): what `find` takes."""
    return page.get_url_parts()[2].removeprefix("/en")


def listed(response, obj):
    return response.status_code == 200 and obj.pk in {i["id"] for i in response.json()["items"]}


LEAK_PATHS = {
    "page": leaked_page,
    "document file": lambda client, case: client.get(case.document.url).status_code == 200,
    "documents api": lambda client, case: listed(client.get("/api/v2/documents/"), case.document),
    "documents api detail": lambda client, case: (
        client.get(f"/api/v2/documents/{case.document.pk}/").status_code == 200
    ),
    "documents api search": lambda client, case: listed(
        client.get("/api/v2/documents/", {"search": "tender"}), case.document
    ),
    "images api": lambda client, case: listed(client.get("/api/v2/images/"), case.image),
    "images api search": lambda client, case: listed(
        client.get("/api/v2/images/", {"search": "photo"}), case.image
    ),
    "images api detail": lambda client, case: (
        client.get(f"/api/v2/images/{case.image.pk}/").status_code == 200
    ),
    "pages api": lambda client, case: listed(
        client.get("/api/v2/pages/", {"type": "learning.CaseStudyPage"}), case.page
    ),
    "pages api search": lambda client, case: listed(
        client.get("/api/v2/pages/", {"search": case.page.title}), case.page
    ),
    "pages api detail": lambda client, case: (
        client.get(f"/api/v2/pages/{case.page.pk}/").status_code == 200
    ),
    "site search": lambda client, case: (
        f'href="{case.page.url}"'
        in client.get("/en/search/", {"q": case.page.title}).content.decode()
    ),
    "search api": lambda client, case: (
        case.page.pk
        in {
            r["id"] for r in client.get("/api/v2/search/", {"q": case.page.title}).json()["results"]
        }
    ),
    "search suggestions": lambda client, case: (
        case.page.title
        in {
            s["title"]
            for s in client.get("/en/search/suggest/", {"q": case.word[:4]}).json()["suggestions"]
        }
    ),
    "did you mean": lambda client, case: (
        case.word in client.get("/api/v2/search/", {"q": case.word[:-1]}).json()["suggestion"]
    ),
    "tag page": lambda client, case: client.get(f"/en/tags/{case.word}/").status_code == 200,
    "pages api find": lambda client, case: (
        client.get(
            "/api/v2/pages/find/", {"html_path": path_in_site(case.page)}, follow=True
        ).status_code
        == 200
    ),
}


def case_study_with_attachments(title):
    """A live case study in Utrecht with a document in its body and a hero image."""
    document = get_document_model().objects.create(
        title=f"{title} tender", file=ContentFile(b"The tender.", name="tender.txt")
    )
    image = get_image_model().objects.create(title=f"{title} photo", file=get_test_image_file())
    word = title.split()[0].lower()  # in this case study only: its tag too
    page = CaseStudyFactory(
        parent=city(OWN),
        title=title,
        themes=[theme("energy-efficiency")],
        tags=[word],
        hero_image=image,
        body=[("document", {"document": document, "title": "Tender"})],
    )
    return SimpleNamespace(page=page, document=document, image=image, word=word)


@pytest.mark.django_db
@pytest.mark.parametrize("path", list(LEAK_PATHS))
@pytest.mark.parametrize("viewer", ["anonymous", "pending", "member"])
def test_members_only_case_studies_leak_through_no_path(client, viewer, path):
    """The leak matrix: a members-only case study, its document and its image reach approved
    members by every path and nobody else by any; a public one reaches everybody."""
    secret = case_study_with_attachments("Shelter plan")
    members_only(secret.page)
    public = case_study_with_attachments("Cycling plan")
    if viewer != "anonymous":
        status = Membership.Status.PENDING if viewer == "pending" else Membership.Status.ACTIVE
        client.force_login(MemberFactory(role=Role.MEMBER, city=OTHER, status=status))
    assert LEAK_PATHS[path](client, public), f"{path} does not work at all"
    got_secret = LEAK_PATHS[path](client, secret)
    assert got_secret == (viewer == "member"), f"{viewer}: {path} {got_secret}"


@pytest.mark.django_db
def test_a_document_on_no_published_page_is_for_the_editing_area_only(client):
    draft = CaseStudyFactory(
        parent=city(OWN), title="Plan in progress", themes=[theme("energy-efficiency")]
    )
    document = get_document_model().objects.create(
        title="Draft tender", file=ContentFile(b"Not yet.", name="draft.txt")
    )
    draft.body = [("document", {"document": document, "title": "Tender"})]
    draft.save_revision()  # the live page does not use it yet
    assert client.get(document.url)["Location"].startswith("/en/accounts/login/")
    client.force_login(MemberFactory(role=Role.MEMBER, city=OTHER))
    assert client.get(document.url).status_code == 404
    client.force_login(MemberFactory(role=Role.EXPERT, city=OWN))
    assert client.get(document.url).status_code == 200
