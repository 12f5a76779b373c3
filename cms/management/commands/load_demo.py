"""Fill the database with a demo library: pages in Lithuanian and English, brand
settings, departments and one user per role. Safe to run again."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from cms.demo import build_demo


class Command(BaseCommand):
    help = "Load demo content and demo users (development only)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even with DEBUG off. Demo users get weak, published passwords.",
        )

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                _(
                    "Demo data has weak, published passwords and must not reach a "
                    "production site. DEBUG is off; pass --force if this really is a "
                    "test installation."
                )
            )
        with transaction.atomic():
            demo = build_demo(write=self.stdout.write)

        self.stdout.write(self.style.SUCCESS(_("Demo content is ready.")))
        self.stdout.write(_("Demo accounts (username / password):"))
        for username, password, created in demo.accounts:
            if created:
                self.stdout.write(f"  {username} / {password}")
            else:
                self.stdout.write(
                    f"  {username} / " + _("(already existed: password left unchanged)")
                )
