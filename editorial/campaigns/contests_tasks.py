"""Celery tasks of contests: thin wrappers around contests_services."""

from celery import shared_task

from . import contests_services


@shared_task(name="campaigns.notify_contest_winners", acks_late=True)
def notify_contest_winners(draw_id):
    """After a draw: e-mail the winners not yet told."""
    return contests_services.notify_winners(draw_id)


@shared_task(name="campaigns.erase_contest_entries")
def erase_contest_entries():
    """Daily (Celery beat): erase entrants' personal data past the retention period."""
    return contests_services.erase_expired()
