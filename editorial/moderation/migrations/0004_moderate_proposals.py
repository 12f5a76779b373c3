from django.db import migrations


def moderate_proposals(apps, schema_editor):
    from editorial.moderation.workflow import ensure_moderation_workflow

    ensure_moderation_workflow(apps, moderated_models=["moderation.Proposal"])


class Migration(migrations.Migration):
    dependencies = [
        ("moderation", "0003_proposals_and_assignments"),
    ]

    operations = [migrations.RunPython(moderate_proposals, migrations.RunPython.noop)]
