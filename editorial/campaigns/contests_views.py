"""The draw page of a promotion (state, the run button, the record, winners and
reserves) and the head's export of its entries."""

import logging

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from wagtail.admin import messages
from wagtail.admin.auth import permission_denied

from cms.broker import hand_over

from . import contests_services
from .campaign_permissions import in_library
from .contests_draw import reproduce
from .contests_permissions import can_export_entries, can_run_draw, can_view_entries
from .models import PromotionDraw, PromotionEntry, PromotionPage


def draw_path(promotion):
    return reverse("campaigns_promotion_draw", args=[promotion.pk])


@login_required
@require_http_methods(["GET", "POST"])
def draw_view(request, page_id):
    if not can_view_entries(request.user):
        return permission_denied(request)
    # Another library's promotion is not found: its entrants are not ours to see.
    promotion = get_object_or_404(
        in_library(PromotionPage.objects.all(), request.user, request), pk=page_id
    )
    if request.method == "POST":
        return _post(request, promotion)
    record = PromotionDraw.objects.filter(promotion=promotion).first()
    entries = PromotionEntry.objects.filter(promotion=promotion)
    context = {
        "promotion": promotion,
        "record": record,
        "entry_count": entries.count(),
        "eligible_count": len(contests_services.eligible_entry_ids(promotion)),
        "run": can_run_draw(request.user, promotion),
        "export": can_export_entries(request.user, promotion),
        "closes_at": timezone.localtime(promotion.closes_at),
        "register_url": reverse("campaigns_promotionentry_modeladmin_index")
        + f"?promotion__page_ptr__exact={promotion.pk}",
    }
    if record is not None:
        by_id = {
            entry.pk: entry
            for entry in entries.filter(pk__in=record.winner_ids + record.reserve_ids)
        }
        context.update(
            {
                "winners": [by_id.get(pk) or pk for pk in record.winner_ids],
                "reserves": [by_id.get(pk) or pk for pk in record.reserve_ids],
                "verification": reproduce(record),
                "run_at": timezone.localtime(record.run_at),
            }
        )
    return TemplateResponse(request, "campaigns/contests_draw.html", context)


def _post(request, promotion):
    action = request.POST.get("action")
    if action == "run":
        try:
            record = contests_services.run_draw(request.user, promotion)
        except contests_services.Refused as refused:
            messages.error(request, refused.message)
        else:
            messages.success(
                request,
                _("The draw is done: %(winners)s winner(s), %(reserves)s reserve winner(s).")
                % {"winners": len(record.winner_ids), "reserves": len(record.reserve_ids)},
            )
    elif action == "notify":
        record = PromotionDraw.objects.filter(promotion=promotion).first()
        decision = can_export_entries(request.user, promotion)
        if record is None or not decision:
            messages.error(
                request,
                decision.reason
                if record is not None
                else _("This promotion has not been drawn yet."),
            )
        else:
            from .contests_tasks import notify_contest_winners

            queued = hand_over(
                notify_contest_winners,
                (record.pk,),
                what=f"the winner e-mails of draw {record.pk}",
                then="the head is told to try again",
                level=logging.ERROR,
            )
            if queued:
                messages.success(request, _("The winners not yet told will be e-mailed shortly."))
            else:
                messages.error(request, _("The e-mails could not be queued; try again later."))
    else:
        messages.error(request, _("Unknown action."))
    return redirect(draw_path(promotion))


@login_required
def export_view(request, page_id):
    # Another library's promotion is not found: its entrants are not ours to see.
    promotion = get_object_or_404(
        in_library(PromotionPage.objects.all(), request.user, request), pk=page_id
    )
    try:
        content = contests_services.export_entries(request.user, promotion)
    except contests_services.Refused:
        return permission_denied(request)
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    day = timezone.localdate().isoformat()
    response["Content-Disposition"] = (
        f'attachment; filename="konkurso-dalyviai-{promotion.pk}-{day}.xlsx"'
    )
    return response
