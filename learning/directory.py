"""The experts directory and bookmarks: for approved members only."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST
from wagtail.models import Locale

from cities.models import CityPage
from members.access import members_only
from members.models import Bookmark, ExpertProfile, Membership, Role

from .listing import paginate
from .models import CaseStudyPage, Theme
from .names import theme_and_city_names


def _experts():
    return (
        ExpertProfile.objects.filter(
            user__is_active=True,
            user__membership__status=Membership.Status.ACTIVE,
            user__membership__role__in=[Role.EXPERT, Role.COORDINATOR],
        )
        .select_related("user__membership__city")
        .prefetch_related(Prefetch("themes", queryset=Theme.objects.order_by("sort_order")))
        .order_by("user__last_name", "user__first_name")
    )


def _named(experts, names):
    """Gives each expert their city's and themes' names in the visitor's language (one query for
    all, not one per name)."""
    for expert in experts:
        expert.city_name = names["city"].get(expert.user.membership.city.slug)
        expert.theme_names = [names["theme"].get(t.slug, t.name) for t in expert.themes.all()]
    return experts


@members_only
def expert_index(request):
    names = theme_and_city_names()
    experts = _experts()
    cities = CityPage.objects.filter(locale=Locale.get_default()).order_by("title")
    themes = Theme.objects.active().in_locale(Locale.get_default())
    city = cities.filter(slug=request.GET.get("city")).first()
    theme = themes.filter(slug=request.GET.get("theme")).first()
    if city:
        experts = experts.filter(user__membership__city=city)
    if theme:
        experts = experts.filter(themes=theme)
    experts = paginate(request, experts)
    _named(experts, names)
    return render(
        request,
        "learning/expert_index.html",
        {
            "experts": experts,
            "cities": [(c.slug, names["city"].get(c.slug, c.title)) for c in cities],
            "themes": [(t.slug, names["theme"][t.slug]) for t in themes],
            "selected_city": getattr(city, "slug", None),
            "selected_theme": getattr(theme, "slug", None),
        },
    )


@members_only
def expert_detail(request, pk):
    expert = _named([get_object_or_404(_experts(), pk=pk)], theme_and_city_names())[0]
    case_studies = (
        CaseStudyPage.objects.visible_to(request).filter(contact_expert=expert).for_listing()
    )
    return render(
        request, "learning/expert_detail.html", {"expert": expert, "case_studies": case_studies}
    )


@members_only
def bookmark_index(request):
    ids = Bookmark.objects.filter(user=request.user).values("case_study")
    case_studies = CaseStudyPage.objects.visible_to(request).filter(pk__in=ids).for_listing()
    return render(
        request, "learning/bookmarks.html", {"case_studies": paginate(request, case_studies)}
    )


@members_only
@require_POST
def toggle_bookmark(request, page_id):
    case_study = get_object_or_404(CaseStudyPage.objects.visible_to(request), pk=page_id)
    bookmark, created = Bookmark.objects.get_or_create(user=request.user, case_study=case_study)
    if not created:
        bookmark.delete()
    return redirect(case_study.url)
