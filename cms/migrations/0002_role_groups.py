from django.db import migrations


def create_role_groups(apps, schema_editor):
    from cms.roles import create_groups

    create_groups(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_role_groups, migrations.RunPython.noop)]
