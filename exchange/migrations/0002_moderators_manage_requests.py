"""Existing installations: the Moderators group gets the permissions on requests and answers
that members.roles gives it (setup_platform gives them on a new database)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CODENAMES = [
    "view_knowledgerequest",
    "change_knowledgerequest",
    "view_answer",
    "change_answer",
    "delete_answer",
]


def grant(apps, schema_editor):
    # Permissions are otherwise made after all migrations (post_migrate).
    app_config = apps.get_app_config("exchange")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    moderators = Group.objects.filter(name="Moderators").first()
    if moderators is not None:
        moderators.permissions.add(
            *Permission.objects.filter(content_type__app_label="exchange", codename__in=CODENAMES)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("exchange", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
