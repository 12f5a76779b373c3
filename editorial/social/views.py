"""Admin views of social publishing that are not plain create/edit screens."""

import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.validators import URLValidator
from django.http import HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail_modeladmin.views import InspectView

from . import services
from .models import Channel, Delivery
from .permissions import can_mark_posted, can_retry_delivery

MAX_COUNTER_TEXT = 100_000


def _inspect_url(delivery):
    return reverse("social_delivery_modeladmin_inspect", args=[delivery.pk])


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
def text_counters(request):
    """Per-channel character counts for the post editor, counted as each network counts."""
    if not (
        request.user.has_perm("social.add_socialpost")
        or request.user.has_perm("social.change_socialpost")
    ):
        # A JSON answer for the editor's script, not the admin's redirect to the dashboard.
        return JsonResponse({"error": _("You may not write social posts.")}, status=403)
    try:
        payload = json.loads(request.body or b"{}")
        text = str(payload.get("text", ""))[:MAX_COUNTER_TEXT]
        channel_ids = [int(pk) for pk in payload.get("channels", [])][:50]
        variants = {
            int(k): str(v)[:MAX_COUNTER_TEXT] for k, v in payload.get("variants", {}).items()
        }
        link = str(payload.get("link", ""))[:2000]
    except (ValueError, TypeError, AttributeError):
        return HttpResponseBadRequest(_("Malformed request."))
    from django.utils.translation import gettext_lazy

    from .networks import counters, lazy_message

    rows = []
    for channel in Channel.objects.filter(pk__in=channel_ids):
        own = variants.get(channel.pk, "").strip()
        counted = counters(own or text, [channel.network], link=link)[channel.network]
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
