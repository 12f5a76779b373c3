"""Celery tasks of the moderation desk: thin wrappers around services."""

from celery import shared_task

from . import assignment_services


@shared_task(name="moderation.remind_assignments_due")
def remind_assignments_due():
    """Daily (Celery beat): due-tomorrow and overdue reminders, once per event."""
    return assignment_services.remind_due()
