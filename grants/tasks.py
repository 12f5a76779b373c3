"""Celery tasks of the funding app: thin wrappers around its services."""

from celery import shared_task

from . import deadlines


@shared_task(name="grants.remind_deadlines")
def remind_deadlines():
    """Daily (Celery beat): call and report reminders 14, 7, 2 and 1 days ahead, once each."""
    return deadlines.remind_deadlines()
