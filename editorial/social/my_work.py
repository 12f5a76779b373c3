"""The social block of "My work": deliveries of one's posts that wait for a person."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cms.models import display_name
from editorial.moderation.registries import MyWorkItem, MyWorkSection

from .models import Delivery

WAITING_FOR_A_PERSON = (
    Delivery.Status.FAILED,
    Delivery.Status.NEEDS_ATTENTION,
    Delivery.Status.MANUAL,
)


def _next_action(delivery):
    if delivery.status == Delivery.Status.MANUAL:
        return _("Post by hand and mark as published")
    if delivery.status == Delivery.Status.NEEDS_ATTENTION:
        return _("Check, then retry or mark as published")
    return _("Retry")


class DeliveriesToCheckSection(MyWorkSection):
    """Failed, unclear ("needs checking") and by-hand deliveries of posts by `people`.

    The next action opens the delivery's page, where retry and "mark as published" are
    offered and checked (views.retry_delivery, views.mark_delivery_posted)."""

    key = "deliveries"
    title = _("Deliveries that failed or need checking")
    order = 15
    empty_text = _("No delivery of your posts waits for you.")

    def items(self, user, people):
        if not user.has_perm("social.view_delivery"):
            return []
        queryset = (
            Delivery.objects.filter(
                post__author__in=[person.pk for person in people],
                status__in=WAITING_FOR_A_PERSON,
            )
            .select_related("post", "channel")
            .order_by("-last_attempt_at", "-scheduled_for", "-pk")
        )
        if self.limit is not None:
            queryset = queryset[: self.limit + 1]
        names = {person.pk: display_name(person) for person in people}
        rows = []
        for delivery in queryset:
            url = reverse("social_delivery_modeladmin_inspect", args=[delivery.pk])
            author_id = delivery.post.author_id
            rows.append(
                MyWorkItem(
                    title=f"{delivery.post} → {delivery.channel}",
                    url=url,
                    kind_label=str(Delivery._meta.verbose_name).capitalize(),
                    state_label=delivery.get_status_display(),
                    when=delivery.last_attempt_at or delivery.scheduled_for,
                    comment=delivery.error_message,
                    next_action_label=_next_action(delivery),
                    next_action_url=url,
                    on_behalf_of="" if author_id == user.pk else names.get(author_id, ""),
                )
            )
        return rows
