from django.db import migrations


def give_tags_an_address(apps, schema_editor):
    """Tags made before tags needed a letter or digit (e.g. "!!!") had an empty slug, which
    broke the pages showing them. They get "tag-<id>"; moderators can rename or merge them."""
    Tag = apps.get_model("taggit", "Tag")
    for tag in Tag.objects.filter(slug=""):
        slug, suffix = f"tag-{tag.pk}", 1
        while Tag.objects.filter(slug=slug).exists():
            suffix += 1
            slug = f"tag-{tag.pk}-{suffix}"
        Tag.objects.filter(pk=tag.pk).update(slug=slug)


class Migration(migrations.Migration):
    dependencies = [
        ("learning", "0003_theme_features"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [migrations.RunPython(give_tags_an_address, migrations.RunPython.noop)]
