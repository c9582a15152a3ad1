from django.core.exceptions import ValidationError
from django.forms.models import model_to_dict
from django.utils import formats, timezone
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.models import Page, Revision


class EditConflictPageForm(WagtailAdminPageForm):
    """Refuses to save a page over a version someone else saved after this form was loaded.

    Wagtail's edit form carries the revision it was loaded from (`loaded_revision_id` and
    `loaded_revision_created_at`, and `overwrite_revision_id` once autosave has stored one);
    Wagtail refuses an out-of-date autosave with these, and its editing-sessions bar warns in
    the browser, but a submitted form would still replace the newer version. Checked here the
    same way, a submitted form is refused instead, naming what the other person changed. The
    refused form shows the editor's own changes; saving it again replaces the newer version,
    as the message says.
    """

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk:
            latest = (
                Page.objects.select_related("latest_revision__user")
                .get(pk=self.instance.pk)
                .latest_revision
            )
            if latest and self._is_out_of_date(latest):
                raise ValidationError(self._conflict_message(latest), code="edit_conflict")
        return cleaned_data

    def _is_out_of_date(self, latest):
        # The same rule as Wagtail's edit view applies to autosaves (EditView.is_out_of_date).
        if overwrite_revision_id := self.data.get("overwrite_revision_id"):
            return overwrite_revision_id != str(latest.pk)
        if loaded_revision_id := self.data.get("loaded_revision_id"):
            return (
                loaded_revision_id != str(latest.pk)
                or self.data.get("loaded_revision_created_at", "") != latest.created_at.isoformat()
            )
        return False

    def _conflict_message(self, latest):
        loaded_id = self.data.get("loaded_revision_id", "")
        loaded = Revision.objects.filter(
            pk=int(loaded_id) if loaded_id.isdigit() else None, object_id=str(self.instance.pk)
        ).first()
        changed = self._changed_fields(loaded, latest) if loaded else []
        return _(
            "%(person)s saved a newer version of this page at %(time)s, after you opened it "
            "(changed: %(changes)s). Your changes were not saved, so theirs are not lost. "
            "Reload the page to edit the newer version; saving this form again replaces it."
        ) % {
            "person": latest.user or _("Someone"),
            "time": formats.date_format(timezone.localtime(latest.created_at), "DATETIME_FORMAT"),
            "changes": get_text_list(changed, _("and")) if changed else _("not known"),
        }

    def _changed_fields(self, loaded, latest):
        names = list(self.fields)
        before = model_to_dict(loaded.as_object(), names)
        after = model_to_dict(latest.as_object(), names)
        return [
            str(self.fields[name].label).lower()
            for name in names
            if name in before and _comparable(before[name]) != _comparable(after.get(name))
        ]


def _comparable(value):
    """A form value as compared across versions: related objects (a list, or a query set
    from the database or a revision) by their ids."""
    if isinstance(value, list) or hasattr(value, "model"):
        return sorted(str(getattr(item, "pk", item)) for item in value)
    return value
