"""Recording the head's go / no-go on a call."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.admin import messages
from wagtail.admin.auth import permission_denied

from cms.dates import local_moment

from . import calls_services
from .calls_forms import CallDecisionForm
from .models import Call
from .permissions import can_decide_call, can_view_funding


def call_path(call):
    return reverse("grants_call_modeladmin_inspect", args=[call.pk])


@login_required
def decide_call(request, pk):
    if not can_view_funding(request.user):
        return permission_denied(request)
    call = get_object_or_404(Call.objects.select_related("source", "responsible"), pk=pk)
    permission = can_decide_call(request.user, call)
    if not permission:
        if request.method == "POST":
            messages.error(request, permission.reason)
            return redirect(call_path(call))
        return permission_denied(request)
    form = CallDecisionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            decision, call = calls_services.decide(
                request.user, call.pk, form.cleaned_data["decision"], form.cleaned_data["reason"]
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            if decision:
                messages.success(
                    request,
                    _("“%(name)s”: %(decision)s.")
                    % {"name": call.name, "decision": call.get_decision_display()},
                )
            else:
                messages.error(request, decision.reason)
            return redirect(call_path(call))
    return TemplateResponse(
        request,
        "grants/call_decide.html",
        {
            "call": call,
            "form": form,
            "deadline": local_moment(call.deadline),
            "reason": permission.reason,
            "labels": {
                name: Call._meta.get_field(name).verbose_name
                for name in ("max_amount", "min_own_share")
            },
            "on_behalf_of": permission.on_behalf_of,
            "submit_url": reverse("grants_call_decide", args=[call.pk]),
            "back_url": call_path(call),
        },
    )
