"""Shared makers for the editorial calendar tests: posts in every state, at a time."""

from datetime import datetime, timedelta

from django.utils import timezone

from editorial.social.factories import ChannelFactory, SocialPostFactory
from editorial.social.models import Delivery


def at(days, hour=10, minute=0):
    """Local (Vilnius) time `days` from today at hour:minute, aware."""
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour, minute))


def draft(author, channels, when, title="Planuojamas įrašas"):
    post = SocialPostFactory(title=title, author=author, channels=channels, go_live_at=when)
    post.save_revision(user=author)
    return post


def submitted(author, channels, when, title="Įrašas moderuojamas"):
    post = draft(author, channels, when, title)
    post.get_workflow().start(post, author)
    post.refresh_from_db()
    return post


def approve(post, head):
    task_state = post.current_workflow_state.current_task_state
    task_state.task.specific.on_action(task_state, head, "approve")
    post.refresh_from_db()
    return post


def scheduled(author, head, channels, when, title="Suplanuotas įrašas"):
    return approve(submitted(author, channels, when, title), head)


def published(author, head, channels, title="Paskelbtas įrašas", status=Delivery.Status.SENT):
    post = approve(submitted(author, channels, None, title), head)
    assert post.live
    Delivery.objects.filter(post=post).update(status=status, sent_at=timezone.now())
    return post


def channel(**fields):
    fields.setdefault("name", "Bibliotekos Mastodon")
    return ChannelFactory(**fields)
