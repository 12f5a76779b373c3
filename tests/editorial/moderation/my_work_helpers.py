"""Builders for the My work tests: one item of a person in each state."""

from datetime import timedelta

from django.utils import timezone

from editorial.social.factories import ChannelFactory, SocialPostFactory
from editorial.social.models import Delivery


def draft(author, title="Juodraštis"):
    post = SocialPostFactory(title=title, author=author, channels=[ChannelFactory()])
    post.save_revision(user=author)
    return post


def submitted(author, title="Moderuojamas įrašas"):
    post = draft(author, title)
    post.get_workflow().start(post, author)
    post.refresh_from_db()
    return post


def decided(author, moderator, action, comment, title):
    post = submitted(author, title)
    task_state = post.current_workflow_task_state
    task_state.task.specific.on_action(task_state, moderator, action, comment=comment)
    post.refresh_from_db()
    return post


def changes_requested(author, moderator, comment="Patikslinkite datą.", title="Grąžintas"):
    return decided(author, moderator, "reject", comment, title)


def rejected(author, moderator, comment="Ši tema jau buvo.", title="Atmestas įrašas"):
    return decided(author, moderator, "decline", comment, title)


def scheduled(author, title="Suplanuotas įrašas", days=3):
    post = draft(author, title)
    post.go_live_at = timezone.now() + timedelta(days=days)
    revision = post.save_revision(user=author)
    revision.publish(user=author, skip_permission_checks=True)
    post.refresh_from_db()
    return post


def published(author, title="Paskelbtas įrašas"):
    post = draft(author, title)
    post.latest_revision.publish(user=author, skip_permission_checks=True)
    post.refresh_from_db()
    return post


def failed_delivery(author, message="Tinklas atmetė įrašą.", title="Nepavykęs įrašas"):
    post = published(author, title)
    channel = post.channels.first()
    delivery, _created = Delivery.objects.update_or_create(
        post=post,
        channel=channel,
        defaults={
            "status": Delivery.Status.FAILED,
            "error_message": message,
            "scheduled_for": timezone.now(),
            "last_attempt_at": timezone.now(),
        },
    )
    return delivery
