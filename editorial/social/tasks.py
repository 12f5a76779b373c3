from celery import shared_task

from . import services


@shared_task(name="social.send_delivery", acks_late=True)
def send_delivery(delivery_id):
    services.deliver(delivery_id)


@shared_task(name="social.relay_deliveries")
def relay_deliveries():
    return len(services.relay())
