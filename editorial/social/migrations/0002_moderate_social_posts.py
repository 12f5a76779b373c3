from django.db import migrations


def moderate_social_posts(apps, schema_editor):
    from editorial.moderation.workflow import ensure_moderation_workflow

    ensure_moderation_workflow(apps, moderated_models=["social.SocialPost"])


class Migration(migrations.Migration):
    dependencies = [
        ("social", "0001_initial"),
        ("moderation", "0002_moderation_workflow"),
    ]

    operations = [migrations.RunPython(moderate_social_posts, migrations.RunPython.noop)]
