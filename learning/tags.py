"""What a free tag may be called."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag
from wagtail.admin.forms.tags import validate_tag_length


def validate_tags(names):
    """Tags the admin form and the importer accept: names the tag table holds, each with a
    letter or digit to make the tag's address from (a tag like "!!!" would have none)."""
    validate_tag_length(names, Tag._meta.get_field("name").max_length)
    without_address = [name for name in names if not Tag().slugify(name)]
    if without_address:
        raise ValidationError(
            _("A tag needs at least one letter or digit: %(tags)s.")
            % {"tags": ", ".join(f"“{name}”" for name in without_address)}
        )
