"""The moderation queue's "channel" filter: channels are social, so this app adds it
through the queue's hook (editorial.moderation.queue_filters), which imports nothing
of social."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Subquery
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _

from editorial.moderation.queue_filters import QueueFilter

from .models import Channel, SocialPost


def _object_ids_of_posts(task_states):
    """The object ids (text, as Wagtail stores them) of the social posts among `task_states`."""
    content_type = ContentType.objects.get_for_model(SocialPost)
    return task_states.filter(workflow_state__base_content_type=content_type).values(
        "workflow_state__object_id"
    )


def _links():
    """Post-channel links with the post id as text, comparable with Wagtail's object ids."""
    return SocialPost.channels.through.objects.annotate(
        object_id=Cast("socialpost_id", CharField())
    )


class ChannelFilter(QueueFilter):
    key = "channel"
    label = _("Channel")
    order = 40

    def choices(self, task_states):
        links = _links().filter(object_id__in=Subquery(_object_ids_of_posts(task_states)))
        channels = Channel.objects.filter(pk__in=Subquery(links.values("channel_id")))
        channels = channels.order_by("name")
        return [(str(channel.pk), channel.name) for channel in channels]

    def apply(self, task_states, value):
        value = (value or "").strip()
        if not value.isdigit() or len(value) > 18:
            return task_states.none()
        channel_id = int(value)
        content_type = ContentType.objects.get_for_model(SocialPost)
        post_ids = _links().filter(channel_id=channel_id).values("object_id")
        return task_states.filter(
            workflow_state__base_content_type=content_type,
            workflow_state__object_id__in=Subquery(post_ids),
        )


def channel_filter():
    return ChannelFilter()
