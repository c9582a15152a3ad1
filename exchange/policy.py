"""Who may do what with knowledge requests. Seeing follows the members-only rule of case
studies (models.KnowledgeRequestQuerySet.visible_to); asking takes an approved member;
answering an expert, a coordinator or a moderator; closing the asker or a moderator; merging
and closing stale requests a moderator (the permission to change requests, which the
Moderators group has, members.roles)."""

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from members.models import Membership, Role, User
from members.roles import is_member

from .models import Answer, KnowledgeRequest

AnyUser = User | AnonymousUser  # who asks: signed in or not

ANSWERING_ROLES = (Role.EXPERT, Role.COORDINATOR)
MODERATE = "exchange.change_knowledgerequest"


def active_membership(user: AnyUser) -> Membership | None:
    membership = getattr(user, "membership", None) if user.is_authenticated else None
    if membership is None or membership.status != Membership.Status.ACTIVE:
        return None
    return membership


def may_see(user: AnyUser, knowledge_request: KnowledgeRequest) -> bool:
    return knowledge_request.public or is_member(user)


def may_ask(user: AnyUser) -> bool:
    return is_member(user)


def may_moderate(user: AnyUser) -> bool:
    return user.is_authenticated and user.has_perm(MODERATE)


def is_expert(user: AnyUser) -> bool:
    membership = active_membership(user)
    return membership is not None and membership.role in ANSWERING_ROLES


def may_answer(user: AnyUser, knowledge_request: KnowledgeRequest) -> bool:
    """Experts and coordinators of any partner city, and moderators, answer open requests."""
    return knowledge_request.is_open and is_member(user) and (is_expert(user) or may_moderate(user))


def may_close(user: AnyUser, knowledge_request: KnowledgeRequest) -> bool:
    if not knowledge_request.is_open or not user.is_authenticated:
        return False
    return knowledge_request.asker_id == user.pk or may_moderate(user)


def may_mark_helpful(user: AnyUser, answer: Answer) -> bool:
    return user.is_authenticated and answer.request.asker_id == user.pk


def may_draft_case_study(user: AnyUser, answer: Answer) -> bool:
    """The author of the answer, if they write their city's case studies."""
    return answer.author_id == user.pk and is_expert(user)


def check(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied
