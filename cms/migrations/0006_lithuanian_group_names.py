from django.db import migrations

# The role groups were first created with English names; people read group names in
# Wagtail's own screens, so they are Lithuanian now (cms/roles.py).
RENAMES = {
    "Communication specialists": "Komunikacijos specialistai",
    "Department heads": "Skyrių vadovai",
    "Administration": "Administracija",
    "Other departments": "Kiti skyriai",
}


def rename(apps, schema_editor, renames):
    Group = apps.get_model("auth", "Group")
    for old, new in renames.items():
        if not Group.objects.filter(name=new).exists():
            Group.objects.filter(name=old).update(name=new)


class Migration(migrations.Migration):
    dependencies = [("cms", "0005_notice_event_key")]

    operations = [
        migrations.RunPython(
            lambda apps, editor: rename(apps, editor, RENAMES),
            lambda apps, editor: rename(apps, editor, {v: k for k, v in RENAMES.items()}),
        )
    ]
