"""편집자 see their own revisions and 승인자 the queue: both groups may view revisions (the admin
shows each only what is theirs, gyeongju/staff/admin/review.py)."""

from django.db import migrations

GROUPS = ("편집자", "승인자")


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    config = apps.get_app_config("review")
    config.models_module = True
    create_permissions(config, apps=apps, verbosity=0)
    config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    view = Permission.objects.get(content_type__app_label="review", codename="view_revision")
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.add(view)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="review"))


class Migration(migrations.Migration):
    dependencies = [("review", "0001_revision"), ("programs", "0002_staff_groups")]

    operations = [migrations.RunPython(grant, revoke)]
