"""The Editors and Authors groups of the corrections desk, with their permissions."""

from django.db import migrations

GROUPS = {
    "Editors": [
        ("corrections", "suggestion", ["view", "change"]),
        ("corrections", "changenote", ["add", "change", "view"]),
        ("newsroom", "article", ["add", "change", "view"]),
        ("newsroom", "revision", ["view"]),
        ("newsroom", "section", ["view"]),
        ("newsroom", "author", ["view"]),
    ],
    "Authors": [
        ("corrections", "suggestion", ["view"]),
    ],
}
EXTRA = {"Editors": [("corrections", "review_suggestion")]}


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations have run; create them now so
    # the groups can refer to them on a fresh database.
    from django.apps import apps as global_apps
    from django.contrib.auth.management import create_permissions

    for label in ("corrections", "newsroom"):
        create_permissions(global_apps.get_app_config(label), verbosity=0, apps=apps)

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, rules in GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        wanted = [
            (app_label, f"{action}_{model}")
            for app_label, model, actions in rules
            for action in actions
        ] + EXTRA.get(name, [])
        for app_label, codename in wanted:
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )


def delete_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("newsroom", "0001_initial"),
        ("corrections", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_groups, delete_groups)]
