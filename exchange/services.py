"""Every change made to knowledge requests and answers: asking, answering, marking an answer
helpful, closing, merging duplicates, and turning an answer into a draft case study. Each is
logged in Wagtail's audit log; emails go after the transaction commits, in a task."""

from collections.abc import Iterable
from datetime import date
from functools import partial

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from wagtail.log_actions import log
from wagtail.models import Locale

from cities.models import CityPage
from learning.importing import ImportRejected, import_case_studies
from learning.models import CaseStudyPage, Theme
from members.models import ExpertProfile, User

from . import policy
from .models import Answer, KnowledgeRequest
from .richtext import answer_html
from .tasks import notify_experts, tell_asker

DRAFT_ID_PREFIX = "answer-"


@transaction.atomic
def ask(
    user: User,
    *,
    title: str,
    body: str,
    themes: Iterable[Theme] = (),
    cities: Iterable[CityPage] = (),
    language: str | None = None,
    deadline: date | None = None,
    public: bool = False,
) -> KnowledgeRequest:
    """A new request by `user`; the experts it is for hear of it once it is committed."""
    policy.check(policy.may_ask(user))
    knowledge_request = KnowledgeRequest.objects.create(
        asker=user,
        title=" ".join(title.split()),
        body=body.strip(),
        language=language or user.language,
        deadline=deadline,
        public=public,
    )
    knowledge_request.themes.set(themes)
    knowledge_request.cities.set(cities)
    log(knowledge_request, "exchange.ask", user=user)
    transaction.on_commit(partial(notify_experts.enqueue, knowledge_request.pk))
    return knowledge_request


@transaction.atomic
def answer(user: User, knowledge_request: KnowledgeRequest, *, text: str, host: str = "") -> Answer:
    """An answer typed as text (see richtext.py)."""
    policy.check(policy.may_answer(user, knowledge_request))
    given = Answer.objects.create(
        request=knowledge_request, author=user, body=answer_html(text, host)
    )
    log(knowledge_request, "exchange.answer", user=user, data={"answer": given.pk})
    transaction.on_commit(partial(tell_asker.enqueue, given.pk))
    return given


@transaction.atomic
def mark_helpful(user: User, given: Answer) -> Answer:
    policy.check(policy.may_mark_helpful(user, given))
    if not given.helpful:
        given.helpful = True
        given.save(update_fields=["helpful"])
        log(given.request, "exchange.helpful", user=user, data={"answer": given.pk})
    return given


@transaction.atomic
def close(
    user: User,
    knowledge_request: KnowledgeRequest,
    *,
    status: str = KnowledgeRequest.Status.ANSWERED,
) -> KnowledgeRequest:
    """Closes the request: by its asker (answered enough), or by a moderator (stale)."""
    policy.check(policy.may_close(user, knowledge_request))
    if status != KnowledgeRequest.Status.ANSWERED:
        policy.check(policy.may_moderate(user))
    knowledge_request.status = status
    knowledge_request.closed_at = timezone.now()
    knowledge_request.save(update_fields=["status", "closed_at"])
    log(knowledge_request, "exchange.close", user=user, data={"status": status})
    return knowledge_request


def close_stale(user: User, knowledge_request: KnowledgeRequest) -> KnowledgeRequest:
    return close(user, knowledge_request, status=KnowledgeRequest.Status.STALE)


@transaction.atomic
def merge(user: User, duplicate: KnowledgeRequest, *, into: KnowledgeRequest) -> KnowledgeRequest:
    """Merges `duplicate` into `into`: its answers move there, it closes and leads there."""
    policy.check(policy.may_moderate(user))
    if duplicate.pk == into.pk or into.status == KnowledgeRequest.Status.MERGED:
        raise ValidationError(_("A request cannot be merged into itself or into a merged one."))
    duplicate.answers.update(request=into)
    into.themes.add(*duplicate.themes.all())
    if into.cities.exists():
        into.cities.add(*duplicate.cities.all())
    duplicate.status = KnowledgeRequest.Status.MERGED
    duplicate.duplicate_of = into
    duplicate.closed_at = timezone.now()
    duplicate.save(update_fields=["status", "duplicate_of", "closed_at"])
    log(duplicate, "exchange.merge", user=user, data={"into": into.pk, "title": into.title})
    return into


@transaction.atomic
def draft_case_study(user: User, given: Answer) -> CaseStudyPage:
    """A draft case study made of the answer, with the importer: in the author's city and
    language (the default language where theirs has no pages), titled by the question,
    summarised by the answer, with the request's themes. Not published: the author completes
    it in the editing area and submits it for review. One per answer."""
    policy.check(policy.may_draft_case_study(user, given))
    if given.case_study is not None:
        return given.case_study
    membership = policy.active_membership(user)
    assert membership is not None  # an expert (may_draft_case_study) is an active member
    locale = Locale.objects.filter(language_code=user.language).first() or Locale.get_default()
    city = CityPage.objects.filter(
        translation_key=membership.city.translation_key, locale=locale
    ).first()
    if city is None:
        locale, city = Locale.get_default(), membership.city
    knowledge_request = given.request
    keys = knowledge_request.themes.values("translation_key")
    themes = Theme.objects.filter(translation_key__in=keys, locale=locale)
    text = given.plain_text()
    external_id = f"{DRAFT_ID_PREFIX}{given.pk}"
    item = {
        "external_id": external_id,
        "city": city.slug,
        "locale": locale.language_code,
        "title": knowledge_request.title,
        "summary": Truncator(" ".join(text.split())).chars(590),
        "themes": list(themes.values_list("slug", flat=True)),
        "period_start": timezone.localdate().year,
        "status": CaseStudyPage.Status.ONGOING,
        "publish": False,
        "contact_name": user.get_full_name(),
        "contact_email": user.email,
    }
    try:
        import_case_studies([item])
    except ImportRejected as rejected:
        raise ValidationError(
            _("No draft could be made of this answer: %(problems)s")
            % {"problems": "; ".join(rejected.problems)}
        ) from None
    page = CaseStudyPage.objects.get(external_id=external_id)
    page.body = [("paragraph", given.body)]
    page.contact_expert = ExpertProfile.objects.filter(user=user).first()
    page.owner = user
    page.save_revision(user=user, clean=False)
    CaseStudyPage.objects.filter(pk=page.pk).update(owner=user)
    given.case_study = page
    given.save(update_fields=["case_study"])
    log(knowledge_request, "exchange.draft_case_study", user=user, data={"page": page.pk})
    return page
