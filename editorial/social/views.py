"""Admin views of social publishing that are not plain create/edit screens."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import InvalidPage
from django.core.validators import URLValidator
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.admin import messages as admin_messages
from wagtail_modeladmin.views import IndexView, InspectView

from editorial.moderation.views import ConfirmedSnippetWorkflowActionView

from . import services
from .checks import blocking_messages
from .models import Delivery, SocialPost
from .networks import counter_for, lazy_message, problems_for
from .paginators import CappedPaginator
from .permissions import can_mark_posted, can_retry_delivery


def _inspect_url(delivery):
    return reverse("social_delivery_modeladmin_inspect", args=[delivery.pk])


class DeliveryIndexView(IndexView):
    """The delivery register. modeladmin counts the whole table three times per view
    (all rows, the filtered rows, the paginator); this counts once, bounded, and the
    unfiltered total a second time only when a filter or search is active."""

    paginator_class = CappedPaginator

    def get_context_data(self, **kwargs):
        queryset = self.queryset  # built in dispatch(); modeladmin built it twice
        paginator = self.paginator_class(queryset, self.items_per_page)
        try:
            page_obj = paginator.page(self.page_num)
        except InvalidPage:
            page_obj = paginator.page(1)
        result_count = paginator.count_label()
        if self.query or any(name != self.ORDER_VAR for name in self.params):
            all_count = self.paginator_class(self.get_base_queryset(), 1).count_label()
        else:
            all_count = result_count
        context = {
            "view": self,
            "all_count": all_count,
            "result_count": result_count,
            "paginator": paginator,
            "page_obj": page_obj,
            "elided_page_range": paginator.get_elided_page_range(self.page_num),
            "object_list": page_obj.object_list,
            "user_can_create": self.permission_helper.user_can_create(self.request.user),
            "show_search": self.search_handler.show_search_form,
            **kwargs,
        }
        # Skip modeladmin's get_context_data (the counts above replace its three).
        return super(IndexView, self).get_context_data(**context)


class DeliveryInspectView(InspectView):
    """A delivery's details, with the copy-ready package and the actions a person may take."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        delivery = self.instance
        user = self.request.user
        context.update(
            delivery=delivery,
            may_retry=bool(can_retry_delivery(user, delivery)),
            may_mark_posted=bool(can_mark_posted(user, delivery)),
            retry_url=reverse("social_delivery_retry", args=[delivery.pk]),
            mark_posted_url=reverse("social_delivery_mark_posted", args=[delivery.pk]),
            package=services.manual_package(delivery)
            if delivery.status == Delivery.Status.MANUAL
            else None,
        )
        return context


class PostWorkflowActionView(ConfirmedSnippetWorkflowActionView):
    """Approving from the dashboard or the moderation modal publishes the latest
    revision without the editor's form: a draft saved over the limits while the
    post was in moderation must not go out that way. Refused with the reasons; a
    decision taken is confirmed to the moderator (editorial.moderation)."""

    def post(self, request, *args, **kwargs):
        if self.action_name == "approve":
            problems = content_problems(self.object.get_latest_revision_as_object())
            if problems:
                admin_messages.error(
                    request,
                    _("The post cannot be approved until it fits every channel: %(problems)s")
                    % {"problems": "; ".join(str(problem) for problem in problems)},
                )
                if request.headers.get("x-requested-with") == "XMLHttpRequest":
                    return self.render_modal_json(
                        request, {"step": "success", "redirect": self.redirect_url}
                    )
                return redirect(self.redirect_url)
            # A required checklist rule the head added after submission also holds.
            post = self.object.get_latest_revision_as_object()
            blocked = blocking_messages(post, post.channels.all(), request.user)
            if blocked:
                admin_messages.error(
                    request,
                    _("The post cannot be approved until it passes the checklist: %(problems)s")
                    % {"problems": "; ".join(blocked)},
                )
                if request.headers.get("x-requested-with") == "XMLHttpRequest":
                    return self.render_modal_json(
                        request, {"step": "success", "redirect": self.redirect_url}
                    )
                return redirect(self.redirect_url)
        return super().post(request, *args, **kwargs)


def content_problems(post):
    """What stops `post` (a saved post or a revision's object) from going out on its
    channels, per channel, as the editor's validation reports it."""
    return [problem for channel in post.channels.all() for problem in problems_for(post, channel)]


@require_POST
def retry_delivery(request, pk):
    delivery = get_object_or_404(Delivery, pk=pk)
    try:
        retried = services.retry(delivery, request.user)
    except PermissionDenied as denied:
        raise PermissionDenied(str(denied)) from None
    if retried:
        messages.success(request, _("The delivery will be tried again."))
    else:
        messages.warning(request, _("This delivery is no longer waiting for a retry."))
    return redirect(_inspect_url(delivery))


@require_POST
def mark_delivery_posted(request, pk):
    delivery = get_object_or_404(Delivery, pk=pk)
    url = request.POST.get("url", "").strip()
    try:
        URLValidator(schemes=["http", "https"])(url)
    except Exception:
        messages.error(request, _("Enter the full address of the published post (https://…)."))
        return redirect(_inspect_url(delivery))
    if services.mark_posted(delivery, request.user, url):
        messages.success(request, _("The delivery is marked as published."))
    else:
        messages.warning(request, _("This delivery is not waiting for a person."))
    return redirect(_inspect_url(delivery))


@require_POST
def text_counters(request, pk=None):
    """Per-channel character counts for the post editor.

    The editor posts its whole form; the same form class that validates the post
    reads it, and each count is the length of `networks.outgoing_text` for that
    channel (its version, the link with its UTM tags, the link appended where the
    network wants it), as the network counts it: the number shown while typing is
    the number enforced and the text the adapter sends."""
    user = request.user
    may_write = user.has_perm("social.add_socialpost") or user.has_perm("social.change_socialpost")
    if pk is not None:
        may_write = user.has_perm("social.change_socialpost")
    if not may_write:
        # A JSON answer for the editor's script, not the admin's redirect to the dashboard.
        return JsonResponse({"error": _("You may not write social posts.")}, status=403)
    instance = get_object_or_404(SocialPost, pk=pk) if pk is not None else SocialPost()
    form_class = SocialPost.snippet_viewset.get_edit_handler().get_form_class()
    form = form_class(request.POST, instance=instance, for_user=user)
    # Count what is there: a draft's missing required fields must not hide the counts.
    form.defer_required_fields()
    form.errors  # noqa: B018 - cleans the form
    channels = (getattr(form, "cleaned_data", None) or {}).get("channels") or []
    post = form.unsaved_post()
    rows = []
    for channel in channels:
        counted = counter_for(post, channel)
        template = gettext_lazy("%(network)s: %(count)s / %(limit)s characters")
        if counted.limit is None:
            template = gettext_lazy("%(network)s: %(count)s characters")
        rows.append(
            {
                "channel": str(channel),
                "count": counted.count,
                "limit": counted.limit,
                "ok": counted.ok,
                "message": str(
                    lazy_message(
                        template,
                        network=channel.get_network_display(),
                        count=counted.count,
                        limit=counted.limit,
                    )
                ),
            }
        )
    return JsonResponse({"counters": rows})
