"""Small helpers shared by the pipeline's modules."""

from django.conf import settings
from django.urls import reverse

from cms.notifications import notify
from cms.roles import SPECIALISTS

from ..events import DELIVERY_FAILED


def setting(name, default):
    return getattr(settings, name, default)


def people_to_tell(post):
    """The post's author and the specialists of the author's department (every
    specialist when the author has no department, so that someone is told)."""
    from django.contrib.auth import get_user_model

    author = post.author
    profile = getattr(author, "staff_profile", None) if author else None
    department_id = profile.department_id if profile else None
    specialists = get_user_model().objects.filter(groups__name=SPECIALISTS, is_active=True)
    if department_id:
        specialists = specialists.filter(staff_profile__department_id=department_id)
    users = list(specialists.distinct())
    if author and author.is_active and author not in users:
        users.append(author)
    return users


def tell_specialists(delivery, subject, message=None):
    url = reverse("social_delivery_modeladmin_inspect", args=[delivery.pk])
    notify(
        people_to_tell(delivery.post),
        subject,
        message or delivery.error_message or subject,
        url=url,
        event=DELIVERY_FAILED,
    )
