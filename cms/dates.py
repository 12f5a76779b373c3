"""Dates typed in the admin: kept as typed, parsed as Lithuanians write them, or refused.

The picker no longer rewrites what it cannot parse (static/cms/date-inputs.js); the
input formats are in cms/formats/<language>/formats.py (FORMAT_MODULE_PATH); the error
says which formats are understood.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.widgets import AdminDateInput, AdminDateTimeInput

DATE_ERROR = _("Enter the date as 2026-12-31 or 2026.12.31.")
DATETIME_ERROR = _("Enter the date and time as 2026-12-31 14:00 or 2026.12.31 14:00.")

# Wagtail's own overrides for these model fields, plus the error message.
FORM_FIELD_OVERRIDES = {
    models.DateField: {"widget": AdminDateInput, "error_messages": {"invalid": DATE_ERROR}},
    models.DateTimeField: {
        "widget": AdminDateTimeInput,
        "error_messages": {"invalid": DATETIME_ERROR},
    },
}


def local_moment(value):
    """A moment as the library reads it: in the installation's time zone (Europe/Vilnius),
    to the minute, as the admin's date-time fields are typed ("2026-12-31 14:00");
    empty for None."""
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""
