"""Moderators' curation of themes and tags. Each action is one step: it rewrites the case
studies concerned (their live version and any draft, as new revisions, so a later publish cannot
bring the old theme or tag back), is recorded in the audit log, and keeps the search index in
step through the usual publish signals."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from wagtail.contrib.redirects.models import Redirect
from wagtail.log_actions import log
from wagtail.models import Locale

from .models import CaseStudyPage, GlossaryTerm, Theme


def rewrite_case_studies(case_studies, change, actor):
    """Applies `change(page)` to each case study: the live version is republished with it,
    and a pending draft keeps its other edits and gets the change too."""
    for page in case_studies:
        draft = page.get_latest_revision_as_object() if page.has_unpublished_changes else None
        if page.live:
            change(page)
            page.save_revision(user=actor).publish(user=actor, skip_permission_checks=True)
        if draft is not None:
            change(draft)
            draft.save_revision(user=actor)


@transaction.atomic
def merge_themes(source, target, actor):
    """Moves every case study of `source` to `target`, in every language, and retires
    `source` for good: it is deleted and its addresses lead to `target`."""
    if source.translation_key == target.translation_key:
        raise ValidationError(_("A theme cannot be merged into itself."))
    targets = {t.locale_id: t for t in Theme.objects.filter(translation_key=target.translation_key)}

    def change(page):
        kept = [t for t in page.themes.all() if t.translation_key != source.translation_key]
        replacement = targets.get(page.locale_id)
        if replacement and replacement not in kept:
            kept.append(replacement)
        page.themes = kept

    rewrite_case_studies(CaseStudyPage.objects.with_theme(source), change, actor)
    # The glossary's concepts of the source theme follow its case studies.
    GlossaryTerm.objects.filter(theme__translation_key=source.translation_key).update(
        theme=target.get_translation(Locale.get_default())
    )
    for old in Theme.objects.filter(translation_key=source.translation_key).select_related(
        "locale"
    ):
        new = targets.get(old.locale_id)
        if new:
            _redirect(old, new)
        old.delete()
    log(target, "learning.merge_theme", user=actor, data={"merged": source.name})


@transaction.atomic
def promote_tag(tag, name, actor):
    """Turns a free tag into a theme called `name` (in every language, until someone
    translates it); its case studies get the theme instead of the tag, and the tag's address
    leads to the theme."""
    if Theme.objects.filter(slug=tag.slug).exists():
        raise ValidationError(
            _("A theme with this name exists already: merge the tag into it instead.")
        )
    default = Locale.get_default()
    theme = Theme.objects.create(
        name=name, slug=tag.slug, locale=default, sort_order=Theme.objects.count()
    )
    for locale in Locale.objects.exclude(pk=default.pk):
        theme.copy_for_translation(locale).save()
    themes = {t.locale_id: t for t in Theme.objects.filter(translation_key=theme.translation_key)}

    def change(page):
        page.themes = [*page.themes.all(), themes[page.locale_id]]
        page.tags.remove(tag)

    rewrite_case_studies(CaseStudyPage.objects.filter(tags=tag), change, actor)
    log(theme, "learning.promote_tag", user=actor, data={"tag": tag.name})
    _redirect_tag(tag, theme.get_absolute_url)
    tag.delete()
    return theme


@transaction.atomic
def merge_tags(source, target, actor):
    """Replaces `source` with `target` on every case study ("bike" into "cycling")."""
    if source.pk == target.pk:
        raise ValidationError(_("A tag cannot be merged into itself."))

    def change(page):
        page.tags.remove(source)
        page.tags.add(target)

    rewrite_case_studies(CaseStudyPage.objects.filter(tags=source), change, actor)
    log(target, "learning.merge_tags", user=actor, data={"merged": source.name})
    _redirect_tag(source, lambda: reverse("tag_detail", args=[target.slug]))
    source.delete()


def _redirect_tag(tag, new_address):
    """The tag's page, in every language, leads to `new_address()` (called in each)."""
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            old = reverse("tag_detail", args=[tag.slug])
            Redirect.add_redirect(old, redirect_to=new_address(), is_permanent=True)


def _redirect(old, new):
    """The merged theme's page address leads to the theme it was merged into."""
    with translation.override(old.locale.language_code):
        Redirect.add_redirect(
            old.get_absolute_url(), redirect_to=new.get_absolute_url(), is_permanent=True
        )
