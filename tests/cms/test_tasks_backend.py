"""Wagtail's background tasks go to Celery after commit, trying the broker once."""

import pytest
from django.db import transaction

from cms import tasks
from tests.cms.jobs_tasks import record_group


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_task_is_handed_over_once_after_commit_without_publish_retries(monkeypatch, tmp_path):
    sent = []
    monkeypatch.setattr(
        tasks.run_django_task, "apply_async", lambda *args, **options: sent.append(options)
    )
    with transaction.atomic():
        record_group.enqueue("Skaitytojų klubas", str(tmp_path / "marker.txt"))
        assert sent == []  # nothing leaves before the commit
    assert len(sent) == 1
    # With the broker down an approval must not wait on kombu's publish retries.
    assert sent[0]["retry"] is False


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_broker_that_is_down_does_not_fail_the_saving_request(monkeypatch, tmp_path):
    def broker_down(*args, **options):
        raise ConnectionRefusedError("broker down")

    monkeypatch.setattr(tasks.run_django_task, "apply_async", broker_down)
    with transaction.atomic():
        record_group.enqueue("Skaitytojų klubas", str(tmp_path / "marker.txt"))
    # The commit went through: robust on_commit logged the failure instead of raising.
