"""The seed's two sites in their places (fixtures/portfolio.json does the same for a new
database): 외동 구어2산단 is the complex 구어2산단 under 외동읍; 양성자과학연구단 (한국원자력연구원
양성자과학연구단) is in 건천읍. A database without those sites is left as it is."""

from django.db import migrations


def place_seed_sites(apps, schema_editor):
    Place = apps.get_model("places", "Place")
    Site = apps.get_model("facilities", "Site")
    oedong = Place._default_manager.filter(slug="oedong-eup").first()
    geoncheon = Place._default_manager.filter(slug="geoncheon-eup").first()
    if oedong and Site._default_manager.filter(slug="oedong-gueo2", place__isnull=True).exists():
        gueo2, _ = Place._default_manager.get_or_create(
            slug="gueo2-industrial-complex",
            defaults={"name": "구어2산단", "kind": "complex", "parent": oedong},
        )
        Site._default_manager.filter(slug="oedong-gueo2", place__isnull=True).update(place=gueo2)
    if geoncheon:
        Site._default_manager.filter(slug="proton-science-campus", place__isnull=True).update(
            place=geoncheon
        )


class Migration(migrations.Migration):
    dependencies = [("places", "0002_districts_and_staff"), ("facilities", "0004_site_place")]

    operations = [migrations.RunPython(place_seed_sites, migrations.RunPython.noop)]
