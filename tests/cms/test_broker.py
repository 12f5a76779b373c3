"""`cms.broker.hand_over`: one attempt at the broker, a log line when it is down,
and never an error for the caller (the database keeps the work)."""

import logging

import pytest
from kombu.exceptions import OperationalError

from cms.broker import hand_over


class RecordingTask:
    def __init__(self, error=None):
        self.calls = []
        self.error = error

    def apply_async(self, **options):
        self.calls.append(options)
        if self.error:
            raise self.error


def test_a_message_is_handed_over_once_without_publish_retries():
    task = RecordingTask()
    assert hand_over(task, (7,), what="delivery 7", then="-", countdown=3) is True
    assert task.calls == [{"args": (7,), "kwargs": None, "retry": False, "countdown": 3}]


@pytest.mark.parametrize(
    "error",
    [
        OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused."),
        ConnectionRefusedError("broker down"),
        TimeoutError("timed out"),
    ],
)
def test_a_broker_that_is_down_is_logged_and_the_caller_carries_on(error, caplog):
    task = RecordingTask(error)
    with caplog.at_level(logging.WARNING, logger="cms.broker"):
        assert hand_over(task, (7,), what="delivery 7", then="the relay sends it later") is False
    assert len(task.calls) == 1  # tried once
    [record] = caplog.records
    assert record.name == "cms.broker" and record.levelno == logging.WARNING
    assert record.getMessage() == (
        "Broker unavailable: delivery 7 not queued; the relay sends it later"
    )
    assert record.exc_info  # the cause stays in the log


def test_a_message_nothing_will_send_later_is_logged_as_an_error(caplog):
    task = RecordingTask(OperationalError("Connection refused"))
    with caplog.at_level(logging.WARNING, logger="cms.broker"):
        hand_over(
            task, (), what="an e-mail", then="the notice is in the admin", level=logging.ERROR
        )
    assert [r.levelno for r in caplog.records] == [logging.ERROR]
