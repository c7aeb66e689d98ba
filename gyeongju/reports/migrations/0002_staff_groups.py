"""편집자 and 승인자 triage citizens' error reports (view, change the status, reply); 승인자 may
delete one. Nobody adds a report in the admin: they come from the public pages."""

from django.db import migrations

GROUPS = {
    "편집자": ["view_errorreport", "change_errorreport"],
    "승인자": ["view_errorreport", "change_errorreport", "delete_errorreport"],
}


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    config = apps.get_app_config("reports")
    config.models_module = True
    create_permissions(config, apps=apps, verbosity=0)
    config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="reports", codename__in=GROUPS[group.name]
            )
        )


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_initial"), ("programs", "0002_staff_groups")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
