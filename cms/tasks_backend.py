"""A `django_tasks` backend that hands Wagtail's background tasks to Celery.

Wagtail enqueues from `post_save`, inside the caller's transaction, so the
message is sent only after commit: otherwise a worker could look for a row
that does not exist yet.
"""

from django.db import transaction
from django.utils import timezone
from django_tasks.backends.base import BaseTaskBackend
from django_tasks.base import TaskResult, TaskResultStatus
from django_tasks.utils import get_random_id, normalize_json

from cms.broker import hand_over


class CeleryTaskBackend(BaseTaskBackend):
    supports_defer = True

    def enqueue(self, task, args, kwargs):
        self.validate_task(task)
        from cms.tasks import run_django_task

        result = TaskResult(
            task=task,
            id=get_random_id(),
            status=TaskResultStatus.READY,
            enqueued_at=timezone.now(),
            started_at=None,
            last_attempted_at=None,
            finished_at=None,
            args=normalize_json(args),
            kwargs=normalize_json(kwargs),
            backend=self.alias,
            errors=[],
            worker_ids=[],
        )
        options = {"task_id": result.id}
        if task.run_after is not None:
            options["eta"] = task.run_after

        def send():
            # Once (cms/broker.py): with the broker down an approval must not wait
            # on publish retries; these tasks only refresh Wagtail's indexes, which
            # the next save refreshes again.
            hand_over(
                run_django_task,
                (task.module_path, result.args, result.kwargs),
                what=f"background task {task.module_path}",
                then="the next save runs it again",
                **options,
            )

        transaction.on_commit(send, using=None, robust=True)
        return result
