"""The four roles of Sklaida and exactly what each may do.

These tables are the single source of truth for group permissions: a data migration
creates the groups, and `sync_roles` applies the tables after every `migrate`
(model permissions only exist once all apps have migrated). This file holds the
foundation's rows; every other app declares its own in a `roles` module of the app
(e.g. editorial/social/roles.py) with the same table names, and `discover_app_roles`
adds them here when Django starts, so a new app plugs in without editing cms.
docs/permissions.md renders the tables for people.
"""

from importlib import import_module
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import module_has_submodule
from django.utils.translation import gettext_lazy as _

# Group names are data that people read in Wagtail's own screens (users, groups, the
# moderation task), so they are stored in Lithuanian; migration cms 0004 renamed the
# groups that older installations created with English names.
SPECIALISTS = "Komunikacijos specialistai"
HEADS = "Skyrių vadovai"
ADMINISTRATION = "Administracija"
OTHER_DEPARTMENTS = "Kiti skyriai"

ROLE_LABELS = {
    SPECIALISTS: _("Communication specialists"),
    HEADS: _("Department heads"),
    ADMINISTRATION: _("Administration"),
    OTHER_DEPARTMENTS: _("Other departments"),
}

# The tables stay compact, one role per block, so a reviewer can read them at a glance.
# fmt: off
# Page permissions are granted on the root page, so they cover every site tree.
PAGE_PERMISSIONS = {
    SPECIALISTS: {"add_page", "change_page", "lock_page"},
    HEADS: {
        "add_page", "change_page", "publish_page", "bulk_delete_page", "lock_page", "unlock_page",
    },
    ADMINISTRATION: set(),
    OTHER_DEPARTMENTS: set(),
}

# Image and document permissions are granted on the root collection.
# Wagtail treats "delete" as "change" for media, and an uploader may always change and
# delete their own files. Specialists therefore get no "change": otherwise they could
# replace or delete an image that a live page shows, changing it without moderation.
COLLECTION_PERMISSIONS = {
    SPECIALISTS: {
        "wagtailimages.add_image", "wagtailimages.choose_image",
        "wagtaildocs.add_document", "wagtaildocs.choose_document",
    },
    HEADS: {
        "wagtailimages.add_image", "wagtailimages.change_image", "wagtailimages.choose_image",
        "wagtailimages.delete_image",
        "wagtaildocs.add_document", "wagtaildocs.change_document", "wagtaildocs.choose_document",
        "wagtaildocs.delete_document",
    },
    ADMINISTRATION: set(),
    OTHER_DEPARTMENTS: set(),
}

# Model permissions ("app_label.codename"); apps add theirs (see discover_app_roles).
MODEL_PERMISSIONS = {
    SPECIALISTS: {
        "wagtailadmin.access_admin",
        # The English copy of a page (a draft, moderated like any): Wagtail's "Versti".
        "simple_translation.submit_translation",
        "cms.view_department", "cms.view_staffprofile", "cms.view_absence",
    },
    HEADS: {
        "wagtailadmin.access_admin",
        "simple_translation.submit_translation",
        "cms.view_department", "cms.view_staffprofile",
        "cms.view_absence", "cms.add_absence", "cms.change_absence", "cms.delete_absence",
    },
    ADMINISTRATION: {
        "wagtailadmin.access_admin",
        # Administration keeps the staff register, so it may also remove a record
        # (a department closed, a person who left); nobody else can.
        "cms.view_department", "cms.add_department", "cms.change_department",
        "cms.delete_department",
        "cms.view_staffprofile", "cms.add_staffprofile", "cms.change_staffprofile",
        "cms.delete_staffprofile",
        "cms.view_absence", "cms.add_absence", "cms.change_absence", "cms.delete_absence",
    },
    OTHER_DEPARTMENTS: {
        "wagtailadmin.access_admin",
        "cms.view_department",
    },
}

# fmt: on

ROLES = (SPECIALISTS, HEADS, ADMINISTRATION, OTHER_DEPARTMENTS)
TABLES = {
    "MODEL_PERMISSIONS": MODEL_PERMISSIONS,
    "PAGE_PERMISSIONS": PAGE_PERMISSIONS,
    "COLLECTION_PERMISSIONS": COLLECTION_PERMISSIONS,
}


def register(table, role, permissions, source="cms"):
    """Add `permissions` to `role` in `table` (one of TABLES); the grants are a union."""
    if table not in TABLES:
        raise ImproperlyConfigured(f"{source}: no role table called {table!r}")
    if role not in ROLES:
        raise ImproperlyConfigured(f"{source}: {role!r} is not a role; roles are {ROLES}")
    TABLES[table][role] |= set(permissions)


def discover_app_roles():
    """Add the tables of every project app's `roles` module (called once, at start-up)."""
    from django.apps import apps
    from django.conf import settings

    for config in apps.get_app_configs():
        path = Path(config.path)
        ours = path.is_relative_to(settings.BASE_DIR) and "site-packages" not in path.parts
        ours = ours and config.name != "cms"
        if not ours or not module_has_submodule(config.module, "roles"):
            continue
        module = import_module(f"{config.name}.roles")
        for table in TABLES:
            for role, permissions in getattr(module, table, {}).items():
                register(table, role, permissions, source=module.__name__)


def create_groups(apps):
    """Create the role groups (used by the data migration; safe to run again)."""
    Group = apps.get_model("auth", "Group")
    for name in ROLES:
        Group.objects.get_or_create(name=name)


def _permissions(Permission, dotted_names):
    wanted = set(dotted_names)
    found = {
        f"{p.content_type.app_label}.{p.codename}": p
        for p in Permission.objects.select_related("content_type").filter(
            codename__in={name.split(".", 1)[1] for name in wanted}
        )
        if f"{p.content_type.app_label}.{p.codename}" in wanted
    }
    return found, wanted - set(found)


def sync_roles(apps=None):
    """Make every role group's permissions equal the table above.

    Returns the permission names that do not exist (yet), so a caller can tell
    a typo from a model that has not been migrated.
    """
    if apps is None:
        from django.apps import apps
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")

    root_page = Page.objects.filter(depth=1).first()
    root_collection = Collection.objects.filter(depth=1).first()
    missing = set()
    for name in ROLES:
        group, _created = Group.objects.get_or_create(name=name)

        found, absent = _permissions(Permission, MODEL_PERMISSIONS[name])
        missing |= absent
        group.permissions.set(found.values())

        if root_page is not None:
            page_perms, absent = _permissions(
                Permission, {f"wagtailcore.{c}" for c in PAGE_PERMISSIONS[name]}
            )
            missing |= absent
            GroupPagePermission.objects.filter(group=group).exclude(
                page=root_page, permission__in=page_perms.values()
            ).delete()
            for permission in page_perms.values():
                GroupPagePermission.objects.get_or_create(
                    group=group, page=root_page, permission=permission
                )

        if root_collection is not None:
            collection_perms, absent = _permissions(Permission, COLLECTION_PERMISSIONS[name])
            missing |= absent
            GroupCollectionPermission.objects.filter(group=group).exclude(
                collection=root_collection, permission__in=collection_perms.values()
            ).delete()
            for permission in collection_perms.values():
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=root_collection, permission=permission
                )
    return missing


def sync_roles_after_migrate(sender, app_config=None, using="default", **kwargs):
    # post_migrate fires once per app with models; by the last one every
    # permission exists.
    from django.apps import apps

    with_models = [config for config in apps.get_app_configs() if config.models_module]
    if app_config is not None and app_config is not with_models[-1]:
        return
    sync_roles()
