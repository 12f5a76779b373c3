"""Celery tasks of the core app: thin wrappers, the work lives elsewhere."""

from celery import shared_task
from django.core.management import call_command
from django.utils.module_loading import import_string


@shared_task(name="cms.tasks.publish_scheduled")
def publish_scheduled():
    """Publish pages and snippets whose go-live time has come (Celery beat, every minute)."""
    call_command("publish_scheduled")


@shared_task(name="cms.tasks.run_django_task")
def run_django_task(module_path, args, kwargs):
    """Run a `django_tasks` task (Wagtail's own background work) inside a Celery worker."""
    task = import_string(module_path)
    return task.call(*args, **kwargs)


@shared_task(name="cms.tasks.ping")
def ping():
    """Health check: proves a worker is consuming from the broker."""
    return "pong"
