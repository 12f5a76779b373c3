from django.db import migrations


def create_workflow(apps, schema_editor):
    from editorial.moderation.workflow import ensure_moderation_workflow

    ensure_moderation_workflow(apps)
    # Wagtail's starter "Moderators approval" workflow and its empty
    # "Editors"/"Moderators" groups are replaced by ours and the four roles.
    apps.get_model("wagtailcore", "Workflow").objects.filter(name="Moderators approval").update(
        active=False
    )
    apps.get_model("auth", "Group").objects.filter(
        name__in=["Editors", "Moderators"], user__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("moderation", "0001_initial"),
        ("cms", "0002_role_groups"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_workflow, migrations.RunPython.noop)]
