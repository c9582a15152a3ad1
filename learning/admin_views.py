"""Curation steps for moderators in the Wagtail admin: merge a theme into another, merge a tag
into another, promote a tag to a theme. The work itself is in curation.py."""

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


def _require(request, permission):
    if not request.user.has_perm(permission):
        raise PermissionDenied


def _step(request, subject, form, action, done_url, title, explanation):
    """Shows the form for one curation step; on a valid POST, runs `action` and goes back."""
    if request.method == "POST" and (form is None or form.is_valid()):
        try:
            action(form.cleaned_data["target"] if form else None)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Done: %(title)s.") % {"title": title})
            return redirect(done_url)
    context = {"subject": subject, "form": form, "title": title, "explanation": explanation}
    return render(request, "learning/admin/curation_step.html", context)


def merge_theme(request, pk):
    _require(request, "learning.delete_theme")
    theme = get_object_or_404(Theme, pk=pk)
    targets = Theme.objects.filter(locale=theme.locale).exclude(pk=theme.pk)
    return _step(
        request,
        theme,
        MergeForm(request.POST or None, targets=targets),
        lambda target: curation.merge_themes(theme, target, request.user),
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
    return _step(
        request,
        tag,
        MergeForm(request.POST or None, targets=Tag.objects.exclude(pk=tag.pk).order_by("name")),
        lambda target: curation.merge_tags(tag, target, request.user),
        "wagtailsnippets_taggit_tag:list",
        _("merge the tag “%(name)s” into another") % {"name": tag.name},
        _("Its case studies get the tag you choose instead, and this tag is deleted."),
    )


def promote_tag(request, pk):
    _require(request, "taggit.delete_tag")
    _require(request, "learning.add_theme")
    tag = get_object_or_404(Tag, pk=pk)
    return _step(
        request,
        tag,
        None,
        lambda _target: curation.promote_tag(tag, request.user),
        "wagtailsnippets_learning_theme:list",
        _("promote the tag “%(name)s” to a theme") % {"name": tag.name},
        _(
            "A theme of this name is created in every language (translate its name "
            "afterwards); its case studies get the theme instead of the tag."
        ),
    )
