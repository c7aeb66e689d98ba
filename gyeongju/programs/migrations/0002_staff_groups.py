"""Two staff groups: 편집자 edit records but cannot publish; 승인자 also publish and delete."""

from django.db import migrations

EDITOR = "편집자"
APPROVER = "승인자"

EDITABLE = {
    "programs": ["program", "programbudget", "programpartner"],
    "funding": ["funding"],
    "facilities": ["facility", "site"],
    "outcomes": ["outcome"],
    "organisations": ["organisation"],
    "sources": ["source"],
}
REFERENCE = {"programs": ["category", "portfolioyear"]}
ROW_DELETABLE = {
    "programs": ["programbudget", "programpartner"],
    "funding": ["funding"],
    "outcomes": ["outcome"],
}


def codenames(models_by_app, actions):
    return [(app, f"{action}_{model}") for app, models in models_by_app.items() for model in models for action in actions]


def create_groups(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after all migrations; create them now so the groups get them.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    def permissions(pairs):
        found = []
        for app_label, codename in pairs:
            found.append(Permission.objects.get(content_type__app_label=app_label, codename=codename))
        return found

    editor_pairs = (
        codenames(EDITABLE, ["view", "add", "change"])
        + codenames(REFERENCE, ["view"])
        + codenames(ROW_DELETABLE, ["delete"])
    )
    approver_pairs = (
        editor_pairs
        + codenames(EDITABLE, ["delete"])
        + codenames(REFERENCE, ["add", "change", "delete"])
        + [("programs", "publish_program")]
    )
    editor, _ = Group.objects.get_or_create(name=EDITOR)
    editor.permissions.set(permissions(editor_pairs))
    approver, _ = Group.objects.get_or_create(name=APPROVER)
    approver.permissions.set(permissions(sorted(set(approver_pairs))))


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=[EDITOR, APPROVER]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("programs", "0001_initial"),
        ("funding", "0001_initial"),
        ("facilities", "0001_initial"),
        ("outcomes", "0001_initial"),
        ("organisations", "0001_initial"),
        ("sources", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
