"""The moderation workflow: an expert submits, the moderators are emailed, a moderator approves
(publishes) or asks for changes with a comment, and the expert is emailed either way."""

import pytest
from django.core import mail
from django.urls import reverse
from wagtail.models import Page, WorkflowState

from members.models import Role
from tests.factories import CaseStudyFactory, MemberFactory
from tests.helpers import city, theme
from tests.members.test_roles import page_form, refused

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(client):
    expert = MemberFactory(role=Role.EXPERT, city="utrecht")
    moderators = [
        MemberFactory(role=Role.MODERATOR, city="gdansk"),
        MemberFactory(role=Role.MODERATOR, city="warsaw"),
    ]
    page = CaseStudyFactory(
        parent=city("utrecht"),
        title="Solar roofs on schools",
        themes=[theme("energy-efficiency")],
        publish=False,
    )
    client.force_login(expert)
    client.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        page_form(page.title, slug=page.slug, **{"action-submit": "1"}),
    )
    page = Page.objects.get(pk=page.pk)
    assert page.workflow_in_progress and not page.live
    return expert, moderators, page


def act(client, moderator, page, action, comment=""):
    client.force_login(moderator)
    task_state = page.current_workflow_task_state
    mail.outbox.clear()
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, task_state.pk])
    return client.post(url, {"comment": comment})


def test_moderators_are_emailed_and_see_it_on_their_dashboard(client, submitted):
    expert, moderators, page = submitted
    notified = {address for message in mail.outbox for address in message.to}
    assert {m.email for m in moderators} <= notified and expert.email not in notified
    client.force_login(moderators[0])
    assert "Solar roofs on schools" in client.get("/admin/").content.decode()


def test_approval_publishes_and_tells_the_expert(client, submitted):
    expert, moderators, page = submitted
    act(client, moderators[0], page, "approve")
    assert Page.objects.get(pk=page.pk).live
    assert any(expert.email in m.to and "approved" in m.subject.lower() for m in mail.outbox)


def test_request_for_changes_carries_the_comment_to_the_expert(client, submitted):
    expert, moderators, page = submitted
    act(client, moderators[0], page, "reject", comment="Please add the budget.")
    page = Page.objects.get(pk=page.pk)
    assert not page.live
    assert page.workflow_states.get().status == WorkflowState.STATUS_NEEDS_CHANGES
    message = next(m for m in mail.outbox if expert.email in m.to)
    assert "Please add the budget." in message.body


def test_an_expert_cannot_approve_their_own_submission(client, submitted):
    expert, _moderators, page = submitted
    response = act(client, expert, page, "approve")
    assert refused(response)
    assert not Page.objects.get(pk=page.pk).live
