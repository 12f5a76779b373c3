"""Admin views of grant applications: the register (listing) and lifecycle moves."""

from decimal import Decimal

from django import forms
from django.contrib.auth import get_user_model
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
from .applications_services import application_path, move
from .budget import Budget, euros
from .models import Call, FundingSource, GrantApplicationPage
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


def _current(page):
    """The register's fields as the editor shows them (the latest revision), read from
    the revision's content without building the page (no query per row)."""
    content = page.latest_revision.content if page.latest_revision_id else None
    if content is None:
        return {
            "title": page.title,
            "call_id": page.call_id,
            "responsible_id": page.responsible_id,
            "amount_awarded": page.amount_awarded,
            "lines": list(page.budget_lines.all()),
        }
    awarded = content.get("amount_awarded")
    return {
        "title": content.get("title") or page.title,
        "call_id": content.get("call"),
        "responsible_id": content.get("responsible"),
        "amount_awarded": None if awarded in (None, "") else Decimal(str(awarded)),
        "lines": content.get("budget_lines") or [],
    }


def register_rows(queryset):
    """Rows of the register for a page of applications: a fixed number of queries."""
    pages = list(queryset.select_related("latest_revision").prefetch_related("budget_lines"))
    current = [_current(page) for page in pages]
    calls = Call.objects.select_related("source").in_bulk(
        {version["call_id"] for version in current if version["call_id"]}
    )
    people = get_user_model().objects.in_bulk(
        {version["responsible_id"] for version in current if version["responsible_id"]}
    )
    rows = []
    for page, version in zip(pages, current, strict=True):
        call = calls.get(version["call_id"])
        requested = Budget.of(version["lines"]).requested
        rows.append(
            {
                "page": page,
                "title": version["title"],
                "call": call,
                "funder": call.source if call else None,
                "status": page.get_status_display(),
                "status_code": page.status,
                "responsible": people.get(version["responsible_id"]),
                "requested_value": requested,
                "awarded_value": version["amount_awarded"],
                "requested": euros(requested),
                "awarded": euros(version["amount_awarded"]),
                "deadline": call.deadline if call else None,
                "edit_url": reverse("wagtailadmin_pages:edit", args=[page.pk]),
            }
        )
    return rows


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
    queryset = GrantApplicationPage.objects.all()
    if filters.is_valid():
        data = filters.cleaned_data
        if data.get("status"):
            queryset = queryset.filter(status=data["status"])
        if data.get("year"):
            queryset = queryset.filter(call__deadline__year=data["year"])
        if data.get("funder"):
            queryset = queryset.filter(call__source=data["funder"])
    queryset = queryset.order_by("-call__deadline", "title", "pk")
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
