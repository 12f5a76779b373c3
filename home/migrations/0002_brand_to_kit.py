"""The communication image (library name, logo, colours) moves to the brand kit
(campaigns.BrandKit); this setting keeps the contacts and social profiles.

Existing values are copied site by site before the fields are removed, and copied
back when the migration is reversed (docs/decisions/brand-kit.md)."""

from django.db import migrations

MOVED = ("library_name", "logo_id", "primary_colour", "accent_colour")


def copy_brand_to_kit(apps, schema_editor):
    BrandSettings = apps.get_model("home", "BrandSettings")
    BrandKit = apps.get_model("campaigns", "BrandKit")
    for old in BrandSettings.objects.all():
        # A kit may already exist (hashtags, sign-off): only the moved fields change.
        kit, _created = BrandKit.objects.get_or_create(site_id=old.site_id)
        for name in MOVED:
            setattr(kit, name, getattr(old, name))
        kit.save()


def copy_kit_to_brand(apps, schema_editor):
    BrandSettings = apps.get_model("home", "BrandSettings")
    BrandKit = apps.get_model("campaigns", "BrandKit")
    for kit in BrandKit.objects.all():
        old, _created = BrandSettings.objects.get_or_create(site_id=kit.site_id)
        for name in MOVED:
            setattr(old, name, getattr(kit, name))
        old.save()


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0001_initial"),
        ("campaigns", "0005_brand_kit_checklist"),
    ]

    operations = [
        migrations.RunPython(copy_brand_to_kit, copy_kit_to_brand),
        migrations.RemoveField(model_name="brandsettings", name="library_name"),
        migrations.RemoveField(model_name="brandsettings", name="logo"),
        migrations.RemoveField(model_name="brandsettings", name="primary_colour"),
        migrations.RemoveField(model_name="brandsettings", name="accent_colour"),
        migrations.AlterModelOptions(
            name="brandsettings",
            options={"verbose_name": "contacts and social profiles"},
        ),
    ]
