from django.db import migrations


def moderate_project_actions(apps, schema_editor):
    from editorial.moderation.workflow import ensure_moderation_workflow

    ensure_moderation_workflow(apps, moderated_models=["grants.ProjectAction"])


class Migration(migrations.Migration):
    dependencies = [
        ("grants", "0001_funding"),
        ("moderation", "0004_moderate_proposals"),
    ]

    operations = [migrations.RunPython(moderate_project_actions, migrations.RunPython.noop)]
