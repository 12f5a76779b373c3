from celery import shared_task

from . import services


# The outcome is recorded on the delivery row: a result backend, when one is
# configured, would only store a useless result per delivery.
@shared_task(name="social.send_deliveries", acks_late=True, ignore_result=True)
def send_deliveries(delivery_ids):
    """The pipeline's message: a post's deliveries (or a share of the relay's), each
    claimed and sent in turn (services.deliver_each). One message per post rather
    than per delivery: Celery's and the broker's work per message is a large part
    of a delivery's CPU."""
    services.deliver_each(delivery_ids)


# One delivery per message, as messages were before send_deliveries: kept so that
# messages already in the broker when a new version is deployed are still handled.
@shared_task(name="social.send_delivery", acks_late=True, ignore_result=True)
def send_delivery(delivery_id):
    services.deliver(delivery_id)


@shared_task(name="social.relay_deliveries")
def relay_deliveries():
    return len(services.relay())
