"""The requests' pages: the list, asking, one request with its answers, and the buttons on it
(answer, helpful, close, make a draft case study)."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from learning.listing import paginate
from members.access import members_only, not_a_member

from . import policy, services
from .forms import AnswerForm, AskForm
from .listing import name_themes
from .models import Answer, KnowledgeRequest


def request_index(request):
    requests = KnowledgeRequest.objects.visible_to(request).exclude(
        status=KnowledgeRequest.Status.MERGED
    )
    showing = "closed" if request.GET.get("status") == "closed" else "open"
    if showing == "open":
        requests = requests.open()
    else:
        requests = requests.exclude(status=KnowledgeRequest.Status.OPEN)
    requests = paginate(
        request, requests.select_related("asker").prefetch_related("themes", "answers")
    )
    name_themes(requests)
    return render(
        request,
        "exchange/request_index.html",
        {
            "requests": requests,
            "showing": showing,
            "may_ask": policy.may_ask(request.user),
        },
    )


@members_only
@require_http_methods(["GET", "POST"])
def ask(request):
    if request.method == "POST":
        form = AskForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            asked = services.ask(
                request.user,
                title=data["title"],
                body=data["body"],
                themes=data["themes"],
                cities=data["cities"],
                language=data["language"],
                deadline=data["deadline"],
                public=data["public"],
            )
            messages.success(
                request, _("Your question is asked. The experts it is for are told by email.")
            )
            return redirect(asked)
    else:
        form = AskForm(
            initial={
                "title": " ".join(request.GET.get("q", "").split())[:200],
                "language": request.LANGUAGE_CODE,
            }
        )
    return render(request, "exchange/ask.html", {"form": form})


def _visible_or_refused(request, knowledge_request):
    """None if the requester may see it, else what they get instead (as for a members-only
    case study: sign in, or the members-only page)."""
    if policy.may_see(request.user, knowledge_request):
        return None
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    return not_a_member(request)


def request_detail(request, pk):
    knowledge_request = get_object_or_404(KnowledgeRequest.objects.select_related("asker"), pk=pk)
    if refused := _visible_or_refused(request, knowledge_request):
        return refused
    if knowledge_request.duplicate_of_id:
        messages.info(request, _("That request was merged into this one."))
        return redirect(knowledge_request.duplicate_of)
    user = request.user
    answers = list(knowledge_request.answers.select_related("author__membership__city"))
    for given in answers:
        given.may_mark_helpful = not given.helpful and policy.may_mark_helpful(user, given)
        given.may_draft = policy.may_draft_case_study(user, given)
    return render(
        request,
        "exchange/request_detail.html",
        {
            "knowledge_request": knowledge_request,
            "answers": answers,
            "themes": knowledge_request.themes.all(),
            "cities": knowledge_request.cities.all(),
            "answer_form": AnswerForm() if policy.may_answer(user, knowledge_request) else None,
            "may_close": policy.may_close(user, knowledge_request),
            "may_moderate": policy.may_moderate(user),
        },
    )


@members_only
@require_POST
def answer(request, pk):
    knowledge_request = get_object_or_404(KnowledgeRequest, pk=pk)
    policy.check(policy.may_answer(request.user, knowledge_request))
    form = AnswerForm(request.POST)
    if form.is_valid():
        services.answer(
            request.user,
            knowledge_request,
            text=form.cleaned_data["text"],
            host=request.get_host(),
        )
        messages.success(request, _("Thank you: your answer is on the request's page."))
    else:
        messages.error(request, _("Write your answer before sending it."))
    return redirect(knowledge_request)


@members_only
@require_POST
def mark_helpful(request, pk):
    given = get_object_or_404(Answer.objects.select_related("request"), pk=pk)
    services.mark_helpful(request.user, given)
    messages.success(request, _("You marked the answer as helpful."))
    return redirect(given.request)


@members_only
@require_POST
def close(request, pk):
    knowledge_request = get_object_or_404(KnowledgeRequest, pk=pk)
    if request.POST.get("stale") and policy.may_moderate(request.user):
        services.close_stale(request.user, knowledge_request)
    else:
        services.close(request.user, knowledge_request)
    messages.success(request, _("The request is closed."))
    return redirect(knowledge_request)


@members_only
@require_POST
def draft_case_study(request, pk):
    given = get_object_or_404(Answer.objects.select_related("request"), pk=pk)
    try:
        page = services.draft_case_study(request.user, given)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(given.request)
    messages.success(
        request,
        _(
            "A draft case study is made of your answer. Complete it (the facts are "
            "placeholders) and submit it for review."
        ),
    )
    return redirect(reverse("wagtailadmin_pages:edit", args=[page.pk]))
