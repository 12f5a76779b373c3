"""Admin pieces of the publishing pipeline that wagtail_hooks.py registers: the
dashboard panel of posts waiting to be published by hand, and the guard that
refuses to delete a post whose deliveries are its publishing record."""

from django.contrib import messages
from django.db.models import Q
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.components import Component

from . import services
from .models import Delivery, SocialPost


class ManualDeliveriesPanel(Component):
    """Shown to whoever may mark deliveries as published, until each is marked."""

    name = "social_manual_deliveries"
    order = 60
    template_name = "social/dashboard/manual_deliveries.html"
    limit = 20

    def __init__(self, user):
        self.user = user

    @classmethod
    def for_user(cls, user):
        if not user.has_perm("social.retry_delivery"):
            return None
        return cls(user)

    def waiting(self):
        """Scoped as the notices are: posts of the person's department (by their
        author), their own, and posts whose author has no department."""
        waiting = Delivery.objects.filter(status=Delivery.Status.MANUAL)
        if self.user.is_superuser:
            return waiting
        profile = getattr(self.user, "staff_profile", None)
        scope = (
            Q(post__author=self.user)
            | Q(post__author__isnull=True)
            | Q(post__author__staff_profile__department__isnull=True)
        )
        if profile is not None and profile.department_id:
            scope |= Q(post__author__staff_profile__department_id=profile.department_id)
        return waiting.filter(scope)

    def get_context_data(self, parent_context=None):
        waiting = self.waiting().select_related("post", "channel").order_by("scheduled_for", "pk")
        deliveries = list(waiting[: self.limit + 1])
        return {
            "title": _("To publish by hand"),
            "deliveries": deliveries[: self.limit],
            "more": len(deliveries) > self.limit,
        }

    def render_html(self, parent_context=None):
        if not self.waiting().exists():
            return ""
        return super().render_html(parent_context)


def refuse_deleting_sent_posts(request, instances):
    """`before_delete_snippet`: answer with the reason instead of a server error
    (deliveries protect their post); deliveries cancelled before sending go with
    the post when the deletion is confirmed."""
    posts = [obj for obj in instances if isinstance(obj, SocialPost)]
    for post in posts:
        reason = services.why_not_deletable(post)
        if reason:
            messages.error(request, reason)
            return redirect("wagtailsnippets_social_socialpost:edit", post.pk)
    if request.method == "POST":
        for post in posts:
            services.delete_cancelled_deliveries(post)
    return None
