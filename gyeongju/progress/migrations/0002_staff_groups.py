"""편집자 and 승인자 keep execution and milestone rows as they keep budgets: 편집자 view, add,
change and delete rows (a published program's change is a proposal), 승인자 too."""

from django.db import migrations

GROUPS = ("편집자", "승인자")
MODELS = ("execution", "milestone")
ACTIONS = ("view", "add", "change", "delete")


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    config = apps.get_app_config("progress")
    config.models_module = True
    create_permissions(config, apps=apps, verbosity=0)
    config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="progress",
        codename__in=[f"{action}_{model}" for model in MODELS for action in ACTIONS],
    )
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="progress"))


class Migration(migrations.Migration):
    dependencies = [("progress", "0001_execution_and_milestones"), ("programs", "0002_staff_groups")]

    operations = [migrations.RunPython(grant, revoke)]
