from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    name = "cms"
    label = "cms"
    verbose_name = _("Library staff")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from .roles import discover_app_roles, sync_roles_after_migrate

        # Every app declares its role permissions in its own `roles` module.
        discover_app_roles()
        # Model permissions exist only after every app has migrated, so the role
        # matrix is (re)applied after each `migrate`; see docs/permissions.md.
        post_migrate.connect(sync_roles_after_migrate, dispatch_uid="sklaida-sync-roles")
