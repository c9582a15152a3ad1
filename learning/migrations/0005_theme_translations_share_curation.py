from django.db import migrations


def share_curation(apps, schema_editor):
    """A theme's translations take the slug, order and active flag of the theme in the default
    language: before, retiring or moving a theme changed one language only."""
    Theme = apps.get_model("learning", "Theme")
    Locale = apps.get_model("wagtailcore", "Locale")
    from django.conf import settings

    default = Locale.objects.filter(language_code=settings.LANGUAGE_CODE).first()
    if default is None:
        return
    for theme in Theme.objects.filter(locale=default):
        Theme.objects.filter(translation_key=theme.translation_key).exclude(pk=theme.pk).update(
            slug=theme.slug, sort_order=theme.sort_order, is_active=theme.is_active
        )


class Migration(migrations.Migration):
    dependencies = [
        ("learning", "0004_tags_with_an_address"),
        ("wagtailcore", "0001_initial"),
    ]

    operations = [migrations.RunPython(share_curation, migrations.RunPython.noop)]
