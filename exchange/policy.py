"""Who may do what with knowledge requests. Seeing follows the members-only rule of case
studies (models.KnowledgeRequestQuerySet.visible_to); asking takes an approved member;
answering an expert, a coordinator or a moderator; closing the asker or a moderator; merging
and closing stale requests a moderator (the permission to change requests, which the
Moderators group has, members.roles)."""

from django.core.exceptions import PermissionDenied

from members.models import Membership, Role
from members.roles import is_member

ANSWERING_ROLES = (Role.EXPERT, Role.COORDINATOR)
MODERATE = "exchange.change_knowledgerequest"


def active_membership(user):
    membership = getattr(user, "membership", None) if user.is_authenticated else None
    if membership is None or membership.status != Membership.Status.ACTIVE:
        return None
    return membership


def may_see(user, knowledge_request):
    return knowledge_request.public or is_member(user)


def may_ask(user):
    return is_member(user)


def may_moderate(user):
    return user.is_authenticated and user.has_perm(MODERATE)


def is_expert(user):
    membership = active_membership(user)
    return membership is not None and membership.role in ANSWERING_ROLES


def may_answer(user, knowledge_request):
    """Experts and coordinators of any partner city, and moderators, answer open requests."""
    return knowledge_request.is_open and is_member(user) and (is_expert(user) or may_moderate(user))


def may_close(user, knowledge_request):
    if not knowledge_request.is_open or not user.is_authenticated:
        return False
    return knowledge_request.asker_id == user.pk or may_moderate(user)


def may_mark_helpful(user, answer):
    return user.is_authenticated and answer.request.asker_id == user.pk


def may_draft_case_study(user, answer):
    """The author of the answer, if they write their city's case studies."""
    return answer.author_id == user.pk and is_expert(user)


def check(allowed):
    if not allowed:
        raise PermissionDenied
