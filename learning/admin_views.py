"""Curation steps for moderators in the Wagtail admin: merge a theme into another, merge a tag
into another, promote a tag to a theme. The work itself is in curation.py. Hand-made: each is a
one-field form that changes several models at once, which Wagtail's snippet views (editing one
object) do not offer; they are reached from the snippets' listings (wagtail_hooks.py)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from taggit.models import Tag

from . import curation
from .models import Theme


class MergeForm(forms.Form):
    target = forms.ModelChoiceField(queryset=None, label=gettext_lazy("Merge into"))

    def __init__(self, *args, targets, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = targets


class PromoteForm(forms.Form):
    """The new theme's name, offered capitalised ("climate adaptation" → "Climate
    adaptation") for the moderator to confirm or correct."""

    target = forms.CharField(label=gettext_lazy("Name of the theme"), max_length=120)

    def __init__(self, *args, tag, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].initial = tag.name[:1].upper() + tag.name[1:]


def _require(request, permission):
    if not request.user.has_perm(permission):
        raise PermissionDenied


def _step(request, subject, form, action, done_url, title, explanation):
    """Shows the form for one curation step; on a valid POST, runs `action` with the form's
    target and goes back, saying what `action` says was done."""
    if request.method == "POST" and form.is_valid():
        try:
            done = action(form.cleaned_data["target"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, done)
            return redirect(done_url)
    context = {"subject": subject, "form": form, "title": title, "explanation": explanation}
    return render(request, "learning/admin/curation_step.html", context)


def merge_theme(request, pk):
    _require(request, "learning.delete_theme")
    theme = get_object_or_404(Theme, pk=pk)
    targets = Theme.objects.filter(locale=theme.locale).exclude(pk=theme.pk)

    def merge(target):
        curation.merge_themes(theme, target, request.user)
        return _("The theme “%(name)s” is merged into “%(target)s”.") % {
            "name": theme.name,
            "target": target.name,
        }

    return _step(
        request,
        theme,
        MergeForm(request.POST or None, targets=targets),
        merge,
        "wagtailsnippets_learning_theme:list",
        _("merge the theme “%(name)s” into another") % {"name": theme.name},
        _(
            "Its case studies, in every language, get the theme you choose instead. The "
            "merged theme is deleted and its page address leads to the other theme."
        ),
    )


def merge_tag(request, pk):
    _require(request, "taggit.delete_tag")
    tag = get_object_or_404(Tag, pk=pk)

    def merge(target):
        curation.merge_tags(tag, target, request.user)
        return _("The tag “%(name)s” is merged into “%(target)s”; its address leads there.") % {
            "name": tag.name,
            "target": target.name,
        }

    return _step(
        request,
        tag,
        MergeForm(request.POST or None, targets=Tag.objects.exclude(pk=tag.pk).order_by("name")),
        merge,
        "wagtailsnippets_taggit_tag:list",
        _("merge the tag “%(name)s” into another") % {"name": tag.name},
        _("Its case studies get the tag you choose instead, and this tag is deleted."),
    )


def promote_tag(request, pk):
    _require(request, "taggit.delete_tag")
    _require(request, "learning.add_theme")
    tag = get_object_or_404(Tag, pk=pk)

    def promote(name):
        theme = curation.promote_tag(tag, name, request.user)
        return _("The tag “%(tag)s” is now the theme “%(name)s”.") % {
            "tag": tag.name,
            "name": theme.name,
        }

    return _step(
        request,
        tag,
        PromoteForm(request.POST or None, tag=tag),
        promote,
        "wagtailsnippets_learning_theme:list",
        _("promote the tag “%(name)s” to a theme") % {"name": tag.name},
        _(
            "A theme of this name is created in every language (translate its name "
            "afterwards); its case studies get the theme instead of the tag, and the tag's "
            "address leads to the theme."
        ),
    )
