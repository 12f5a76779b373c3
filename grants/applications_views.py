"""Admin views of grant applications: the register (listing) and lifecycle moves."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin import messages
from wagtail.admin.auth import permission_denied

from . import lifecycle
from .applications_register import register_queryset, register_rows
from .applications_services import application_path, move
from .models import FundingSource, GrantApplicationPage
from .permissions import can_move_application, can_see_applications

PER_PAGE = 30


class MoveForm(forms.Form):
    comment = forms.CharField(
        label=gettext_lazy("Comment"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


def _application_or_404(page_id):
    application = (
        GrantApplicationPage.objects.select_related("latest_revision", "responsible", "owner")
        .filter(pk=page_id)
        .first()
    )
    if application is None:
        raise Http404
    return application


@login_required
def move_view(request, page_id, target):
    if not can_see_applications(request.user):
        return permission_denied(request)
    application = _application_or_404(page_id)
    decision = can_move_application(request.user, application, target)
    back = application_path(application)
    found = lifecycle.find_move(application.status, target)
    form = MoveForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if not decision:
            messages.error(request, decision.reason)
            return redirect(back)
        if form.is_valid():
            decision, application = move(
                request.user, application.pk, target, form.cleaned_data["comment"]
            )
            if decision:
                messages.success(
                    request,
                    _("“%(title)s”: %(state)s.")
                    % {"title": application.title, "state": application.get_status_display()},
                )
            else:  # someone else moved it meanwhile: judged on the state they left
                messages.error(request, decision.reason)
            return redirect(back)
    return TemplateResponse(
        request,
        "grants/applications/move.html",
        {
            "application": application,
            "form": form,
            "decision": decision,
            "verb": found.label if found else lifecycle.state_label(target),
            "target_label": lifecycle.state_label(target),
            "submit_url": reverse("grants_applications_move", args=[application.pk, target]),
            "back_url": back,
        },
    )


class RegisterFilters(forms.Form):
    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        required=False,
        choices=[("", "—"), *GrantApplicationPage.Status.choices],
    )
    year = forms.IntegerField(
        label=gettext_lazy("Year of the call's deadline"),
        required=False,
        min_value=2000,
        max_value=2100,
    )
    funder = forms.ModelChoiceField(
        label=gettext_lazy("Funder"),
        required=False,
        queryset=FundingSource.objects.all(),
        empty_label="—",
    )


def export_xlsx(rows):
    """The filtered register as a spreadsheet (amounts as numbers, euros)."""
    import io

    from django.http import HttpResponse
    from django.utils import timezone
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = _("Grant applications")[:31]
    sheet.append(
        [
            _("Title"),
            _("Call"),
            _("Funder"),
            _("Status"),
            _("Responsible"),
            _("Requested, EUR"),
            _("Awarded, EUR"),
            _("Deadline"),
        ]
    )
    for row in rows:
        person = row["responsible"]
        deadline = row["deadline"]
        sheet.append(
            [
                row["title"],
                str(row["call"]) if row["call"] else "",
                row["funder"].funder if row["funder"] else "",
                row["status"],
                (person.get_full_name() or person.get_username()) if person else "",
                row["requested_value"],
                row["awarded_value"],
                timezone.localtime(deadline).replace(tzinfo=None) if deadline else None,
            ]
        )
    for cells in sheet.iter_cols(min_col=6, max_col=7, min_row=2):
        for cell in cells:
            cell.number_format = "#,##0.00"
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="paraiskos.xlsx"'
    return response


@login_required
def register_view(request):
    if not can_see_applications(request.user):
        return permission_denied(request)
    filters = RegisterFilters(request.GET or None)
    data = filters.cleaned_data if filters.is_valid() else {}
    queryset = register_queryset(
        status=data.get("status"), year=data.get("year"), funder=data.get("funder")
    )
    if request.GET.get("format") == "xlsx":
        return export_xlsx(register_rows(queryset))
    page_obj = Paginator(queryset, PER_PAGE).get_page(request.GET.get("p"))
    editors = request.user.is_superuser or lifecycle._in_roles(request.user, lifecycle.EDITORS)
    query = request.GET.copy()
    query.pop("p", None)
    return TemplateResponse(
        request,
        "grants/applications/register.html",
        {
            "filters": filters,
            "rows": register_rows(page_obj.object_list),
            "page_obj": page_obj,
            "editors": editors,
            "query": query.urlencode(),
        },
    )
