"""Small helpers shared by the pipeline's modules."""

from django.conf import settings
from django.urls import reverse

from cms.notifications import notify
from cms.roles import SPECIALISTS


def setting(name, default):
    return getattr(settings, name, default)


def tell_specialists(delivery, subject):
    from django.contrib.auth import get_user_model

    users = list(get_user_model().objects.filter(groups__name=SPECIALISTS, is_active=True))
    if delivery.post.author and delivery.post.author not in users:
        users.append(delivery.post.author)
    url = reverse("social_delivery_modeladmin_inspect", args=[delivery.pk])
    notify(users, subject, delivery.error_message or subject, url=url)
