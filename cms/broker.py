"""Handing a message to the broker from a request or a commit hook: once, and
never failing the caller.

With the broker down, kombu's publish retries (and its own connection retries,
turned off for publishing in `cms/celery.py`) would hold an approval for seconds
and then raise after the data was committed. Every hand-over from the web side
therefore makes one attempt; when it fails the failure is logged and the caller
carries on. What was not handed over is not lost: the database keeps the work
(a delivery's outbox row, which the relay sends later; a notice in the admin;
Wagtail's indexes, refreshed by the next save).
"""

import logging

logger = logging.getLogger("cms.broker")


def hand_over(task, args=(), kwargs=None, *, what, then, level=logging.WARNING, **options):
    """`task.apply_async(args, kwargs, **options)` once (no publish retries).

    Returns True when the broker took the message. When it is unreachable, logs
    (at `level`: a warning when something recovers the work later, an error when
    nothing will) that `what` was not queued and what happens `then`, and returns
    False. It never raises: the caller's work is already committed."""
    try:
        task.apply_async(args=args, kwargs=kwargs, retry=False, **options)
    except Exception:  # noqa: BLE001 - kombu raises OperationalError, socket and OS errors
        logger.log(level, "Broker unavailable: %s not queued; %s", what, then, exc_info=True)
        return False
    return True
