"""The 23 읍·면·동 of 경주시 (4읍 8면 11동; 양북면 became 문무대왕면 in 2022), and the staff groups'
rights on places: 편집자 view, add and change (a change to a public place is a proposal), 승인자
also delete."""

from django.db import migrations

DISTRICTS = [
    ("감포읍", "gampo-eup"),
    ("안강읍", "angang-eup"),
    ("건천읍", "geoncheon-eup"),
    ("외동읍", "oedong-eup"),
    ("문무대왕면", "munmudaewang-myeon"),
    ("양남면", "yangnam-myeon"),
    ("내남면", "naenam-myeon"),
    ("산내면", "sannae-myeon"),
    ("서면", "seo-myeon"),
    ("현곡면", "hyeongok-myeon"),
    ("강동면", "gangdong-myeon"),
    ("천북면", "cheonbuk-myeon"),
    ("중부동", "jungbu-dong"),
    ("황오동", "hwango-dong"),
    ("성건동", "seonggeon-dong"),
    ("황남동", "hwangnam-dong"),
    ("월성동", "wolseong-dong"),
    ("선도동", "seondo-dong"),
    ("용강동", "yonggang-dong"),
    ("황성동", "hwangseong-dong"),
    ("동천동", "dongcheon-dong"),
    ("불국동", "bulguk-dong"),
    ("보덕동", "bodeok-dong"),
]
GROUPS = {
    "편집자": ["view_place", "add_place", "change_place"],
    "승인자": ["view_place", "add_place", "change_place", "delete_place"],
}


def create_districts(apps, schema_editor):
    Place = apps.get_model("places", "Place")
    for name, slug in DISTRICTS:
        Place._default_manager.get_or_create(slug=slug, defaults={"name": name, "kind": "district"})


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    config = apps.get_app_config("places")
    config.models_module = True
    create_permissions(config, apps=apps, verbosity=0)
    config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="places", codename__in=GROUPS[group.name]
            )
        )


def forwards(apps, schema_editor):
    create_districts(apps, schema_editor)
    grant(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [("places", "0001_initial"), ("programs", "0002_staff_groups")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
