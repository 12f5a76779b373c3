"""django_tasks tasks used by the worker tests (imported by the worker as tests.cms.jobs_tasks)."""

from pathlib import Path

from django.contrib.auth.models import Group
from django_tasks import task


@task()
def record_group(group_name, marker_path):
    """Write what the worker sees in the database about `group_name` to `marker_path`."""
    group = Group.objects.filter(name=group_name).first()
    Path(marker_path).write_text(group.name if group else "MISSING", encoding="utf-8")


@task()
def write_marker(marker_path, text):
    Path(marker_path).write_text(text, encoding="utf-8")
