"""The publishing pipeline: outbox, claiming, sending, retrying, relaying.

Exactly once: a delivery row is created in the publishing transaction (outbox);
a worker claims it with a lease before calling the network and records the
result with a fencing check (the attempt number), so a late worker cannot
overwrite a newer attempt. A claim whose earlier attempt may have reached the
network (lease expired mid-send, or a timeout) is resolved by an idempotent
re-send or by looking on the network (reconcile); when neither is possible the
delivery is flagged for a human instead of risking a double post.

- relay.py: the outbox (deliveries written with the publish), handing them to the
  broker (a post's deliveries in one message), and the periodic relay that finds
  what the broker lost or what is due;
- claim.py: taking one delivery for one attempt (lease) and recording its outcome;
- content.py: what a delivery sends, built once at approval and stored with it;
- deliver.py: one attempt: the adapter, and what each outcome means (sent,
  retry later, failed, needs checking); several deliveries of one message, each
  claimed in its turn (`deliver_each`);
- manual.py: what people do: retry, mark as published, the copy-ready package.

Views, tasks and commands import from this package; the names below are its API.
"""

from .claim import AttemptDeadline, claim, finish
from .content import approved_post, content_for, outgoing_for
from .deliver import (
    access_for,
    adapter_for,
    backoff_seconds,
    deliver,
    deliver_each,
    rate_limit_wait,
)
from .manual import (
    delete_cancelled_deliveries,
    manual_package,
    mark_posted,
    retry,
    why_not_deletable,
)
from .relay import cancel_open_deliveries, create_deliveries, enqueue, relay

__all__ = [
    "AttemptDeadline",
    "access_for",
    "adapter_for",
    "approved_post",
    "backoff_seconds",
    "cancel_open_deliveries",
    "claim",
    "content_for",
    "create_deliveries",
    "delete_cancelled_deliveries",
    "deliver",
    "deliver_each",
    "enqueue",
    "finish",
    "manual_package",
    "mark_posted",
    "outgoing_for",
    "rate_limit_wait",
    "relay",
    "retry",
    "why_not_deletable",
]
