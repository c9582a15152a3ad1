"""/api/v2/requests/: knowledge requests and their answers as JSON (docs/api.md, described in
docs/openapi.yaml). Reading shows a caller what the site shows them (members-only requests to
approved members only); signed-in members ask, and experts answer, with a POST of JSON."""

import json
from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.http import require_http_methods
from wagtail.models import Locale
from wagtail.rich_text import expand_db_html

from cities.models import CityPage
from learning.models import Theme

from . import policy, services
from .models import KnowledgeRequest

LIMIT, MAX_LIMIT = 20, 100


def _error(message, status=400):
    return JsonResponse({"message": message}, status=status)


def _item(request, knowledge_request, answers=False):
    data = {
        "id": knowledge_request.pk,
        "title": knowledge_request.title,
        "body": knowledge_request.body,
        "url": request.build_absolute_uri(knowledge_request.get_absolute_url()),
        "themes": sorted({theme.slug for theme in knowledge_request.themes.all()}),
        "cities": sorted({city.slug for city in knowledge_request.cities.all()}),
        "language": knowledge_request.language,
        "deadline": knowledge_request.deadline.isoformat() if knowledge_request.deadline else None,
        "public": knowledge_request.public,
        "status": knowledge_request.status,
        "merged_into": knowledge_request.duplicate_of_id,
        "asked_at": knowledge_request.created_at.isoformat(),
        "answer_count": len(knowledge_request.answers.all()),
    }
    if answers:
        data["answers"] = [_answer(answer) for answer in knowledge_request.answers.all()]
    return data


def _answer(answer):
    membership = getattr(answer.author, "membership", None)
    return {
        "id": answer.pk,
        "author": answer.author.public_name if answer.author else None,
        "city": membership.city.slug if membership else None,
        "body": expand_db_html(answer.body),
        "helpful": answer.helpful,
        "case_study": answer.case_study_id if answer.case_study_id else None,
        "answered_at": answer.created_at.isoformat(),
    }


def _visible(request):
    return KnowledgeRequest.objects.visible_to(request).prefetch_related(
        "themes", "cities", "answers"
    )


@require_http_methods(["GET", "POST"])
def requests_api(request):
    if request.method == "POST":
        return _ask(request)
    status = request.GET.get("status", "open")
    requests = _visible(request)
    if status == "open":
        requests = requests.open()
    elif status == "closed":
        requests = requests.exclude(status=KnowledgeRequest.Status.OPEN)
    elif status != "all":
        return _error("status must be 'open', 'closed' or 'all'")
    limit, offset = request.GET.get("limit", str(LIMIT)), request.GET.get("offset", "0")
    if not limit.isdigit() or not 1 <= int(limit) <= MAX_LIMIT:
        return _error(f"limit must be an integer from 1 to {MAX_LIMIT}")
    if not offset.isdigit() or len(offset) > 9:
        return _error("offset must be an integer from 0")
    limit, offset = int(limit), int(offset)
    return JsonResponse(
        {
            "meta": {"total_count": requests.count()},
            "items": [_item(request, item) for item in requests[offset : offset + limit]],
        }
    )


@require_http_methods(["GET"])
def request_api(request, pk):
    knowledge_request = _visible(request).filter(pk=pk).first()
    if knowledge_request is None:
        return _error("Not found.", status=404)
    return JsonResponse(_item(request, knowledge_request, answers=True))


@require_http_methods(["POST"])
def answers_api(request, pk):
    knowledge_request = _visible(request).filter(pk=pk).first()
    if knowledge_request is None:
        return _error("Not found.", status=404)
    if not policy.may_answer(request.user, knowledge_request):
        return _error(_refusal(request, "answer open requests"), status=403)
    data = _json(request)
    if isinstance(data, JsonResponse):
        return data
    text = data.get("text")
    if not isinstance(text, str) or not text.strip():
        return _error("text is required: the answer, paragraphs separated by a blank line")
    if len(text) > 20_000:
        return _error("text can have at most 20000 characters")
    answer = services.answer(request.user, knowledge_request, text=text, host=request.get_host())
    return JsonResponse(_answer(answer), status=201)


def _refusal(request, what):
    if not request.user.is_authenticated:
        return f"Sign in first: only members {what}."
    return f"Only approved members with the right role {what}."


def _json(request):
    try:
        data = json.loads(request.body or b"null")
    except (ValueError, UnicodeDecodeError):
        return _error("The body must be JSON.")
    if not isinstance(data, dict):
        return _error("The body must be a JSON object.")
    return data


def _ask(request):
    if not policy.may_ask(request.user):
        return _error(_refusal(request, "ask questions"), status=403)
    data = _json(request)
    if isinstance(data, JsonResponse):
        return data
    try:
        fields = _checked(data)
    except ValueError as error:
        return _error(str(error))
    try:
        asked = services.ask(request.user, **fields)
    except PermissionDenied:
        return _error(_refusal(request, "ask questions"), status=403)
    asked = _visible(request).get(pk=asked.pk)
    return JsonResponse(_item(request, asked, answers=True), status=201)


def _checked(data):
    """The fields of services.ask from the JSON `data`; ValueError says what is wrong."""
    known = {"title", "body", "themes", "cities", "language", "deadline", "public"}
    if unknown := sorted(set(data) - known):
        raise ValueError(f"unknown field(s): {', '.join(unknown)}")
    for name, most in (("title", 200), ("body", 5000)):
        value = data.get(name)
        if not isinstance(value, str) or not value.strip():
            raise ValueError(f"{name} is required (a non-empty string)")
        if len(value) > most:
            raise ValueError(f"{name} can have at most {most} characters")
    default = Locale.get_default()
    themes = _by_slug(data.get("themes"), "themes", Theme.objects.active(), default, True)
    cities = _by_slug(data.get("cities", []), "cities", CityPage.objects.all(), default, False)
    language = data.get("language", settings.LANGUAGE_CODE)
    if language not in dict(settings.LANGUAGES):
        raise ValueError(f"language must be one of: {', '.join(dict(settings.LANGUAGES))}")
    deadline = data.get("deadline")
    if deadline is not None:
        try:
            deadline = date.fromisoformat(deadline)
        except (TypeError, ValueError):
            raise ValueError("deadline must be a date as YYYY-MM-DD, or null") from None
        if deadline < timezone.localdate():
            raise ValueError("deadline has passed: give a later date, or null")
    public = data.get("public", False)
    if not isinstance(public, bool):
        raise ValueError("public must be true or false")
    return {
        "title": data["title"],
        "body": data["body"],
        "themes": themes,
        "cities": cities,
        "language": language,
        "deadline": deadline,
        "public": public,
    }


def _by_slug(slugs, name, queryset, locale, required):
    if not isinstance(slugs, list) or not all(isinstance(slug, str) for slug in slugs):
        raise ValueError(f"{name} must be a list of slugs")
    if required and not slugs:
        raise ValueError(f"{name} is required: at least one slug (see /api/v2/{name}/)")
    found = list(queryset.filter(slug__in=slugs, locale=locale))
    if unknown := sorted(set(slugs) - {item.slug for item in found}):
        raise ValueError(f"unknown {name}: {', '.join(unknown)}")
    return found
