from django.db import migrations


def moderate_rubrics(apps, schema_editor):
    from editorial.moderation.workflow import ensure_moderation_workflow

    ensure_moderation_workflow(apps, moderated_models=["campaigns.Rubric"])


class Migration(migrations.Migration):
    dependencies = [
        ("campaigns", "0001_initial"),
        ("moderation", "0002_moderation_workflow"),
    ]

    operations = [migrations.RunPython(moderate_rubrics, migrations.RunPython.noop)]
