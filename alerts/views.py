"""What you follow: saving searches, following themes and cities, the digest's settings, and
unsubscribing from an email's link."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from cities.models import CityPage
from learning.models import Theme
from members.access import members_only, not_a_member
from members.roles import is_member
from search.facets import active_filters, labels
from search.query import BadSearchRequest

from . import services
from .forms import PreferencesForm
from .models import Follow, SavedSearch
from .unsubscribe import user_of


def _back(request, default):
    """The page the form was sent from (`next`), if it is one of ours."""
    target = request.POST.get("next") or request.GET.get("next", "")
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return default


def members_posting(view):
    """For the buttons on the search, theme and city pages: signing in leads back to the page
    the button is on; people not yet approved get the members-only page."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(_back(request, reverse("following")))
        if not is_member(request.user):
            return not_a_member(request)
        return view(request, *args, **kwargs)

    return require_POST(wrapper)


@members_only
def following(request):
    names = labels()
    follows = Follow.objects.filter(user=request.user)
    searches = list(SavedSearch.objects.filter(user=request.user))
    for saved in searches:
        saved.filters = [chip["label"] for chip in active_filters(saved.query_dict, names)]
    form = PreferencesForm(
        initial={
            "frequency": services.frequency_of(request.user),
            "language": request.user.language,
        }
    )
    return render(
        request,
        "alerts/following.html",
        {
            "searches": searches,
            "themes": _named(follows, Follow.Kind.THEME, names["theme"], "theme_detail"),
            "cities": _named(follows, Follow.Kind.CITY, names["city"]),
            "form": form,
        },
    )


def _named(follows, kind, names, view=None):
    """(slug, name, address) of the member's follows of one kind, in the visitor's language."""
    named = []
    for followed in follows.filter(kind=kind):
        if view:
            url = reverse(view, kwargs={"slug": followed.slug})
        else:
            city = CityPage.objects.filter(slug=followed.slug).first()
            url = city.localized.url if city else ""
        named.append((followed.slug, names.get(followed.slug, followed.slug), url))
    return sorted(named, key=lambda item: item[1].lower())


@members_only
@require_POST
def preferences(request):
    form = PreferencesForm(request.POST)
    if form.is_valid():
        services.set_preferences(
            request.user,
            frequency=form.cleaned_data["frequency"],
            language=form.cleaned_data["language"],
        )
        messages.success(request, _("Your email settings are saved."))
    else:
        messages.error(request, _("Choose how often and in which language to get the emails."))
    return redirect("following")


@members_posting
def save_search(request):
    try:
        params = services.search_params(request.POST)
    except BadSearchRequest as error:
        messages.error(request, error.for_people)
        return redirect(_back(request, reverse("search")))
    saved, created = services.save_search(
        request.user, params=params, name=request.POST.get("name", "")
    )
    if created:
        messages.success(
            request,
            _("Search saved as “%(name)s”. New case studies it finds will come by email.")
            % {"name": saved.name},
        )
    else:
        messages.info(
            request, _("You had saved this search already, as “%(name)s”.") % {"name": saved.name}
        )
    return redirect(f"{reverse('search')}?{params}")


@members_posting
def remove_search(request, pk):
    if services.remove_search(request.user, pk):
        messages.success(request, _("The saved search is removed."))
    return redirect(_back(request, reverse("following")))


@members_posting
def toggle_follow(request, kind, slug):
    model = Theme if kind == Follow.Kind.THEME else CityPage
    exists = model.objects.filter(slug=slug).exists()
    if not exists and not Follow.objects.filter(user=request.user, kind=kind, slug=slug).exists():
        raise Http404("Nothing to follow here")
    if request.POST.get("follow") == "off":
        services.unfollow(request.user, kind=kind, slug=slug)
    else:
        services.follow(request.user, kind=kind, slug=slug)
    return redirect(_back(request, reverse("following")))


@csrf_exempt  # the signed link is the proof; mail programs post without a form (RFC 8058)
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """GET asks to confirm (a link scanner following the link unsubscribes no one); POST, from
    the confirm page or a mail program's unsubscribe button, unsubscribes. No sign-in."""
    user = user_of(token)
    if user is None:
        return render(request, "alerts/unsubscribe_invalid.html", status=400)
    if request.method == "POST":
        services.unsubscribe(user)
        return render(request, "alerts/unsubscribed.html", {"member": user})
    return render(request, "alerts/unsubscribe.html", {"member": user})
