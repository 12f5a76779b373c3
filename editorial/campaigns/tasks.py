"""Celery tasks of the campaigns app (Celery's autodiscovery imports this module)."""

from .contests_tasks import erase_contest_entries, notify_contest_winners

__all__ = ["erase_contest_entries", "notify_contest_winners"]
