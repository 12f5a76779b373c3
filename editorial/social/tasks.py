from celery import shared_task

from . import services


# The outcome is recorded on the delivery row: a result backend, when one is
# configured, would only store a useless result per delivery.
@shared_task(name="social.send_delivery", acks_late=True, ignore_result=True)
def send_delivery(delivery_id):
    services.deliver(delivery_id)


@shared_task(name="social.relay_deliveries")
def relay_deliveries():
    return len(services.relay())
