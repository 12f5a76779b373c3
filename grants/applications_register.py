"""The grant application register: which applications, in which order, with which figures.

The register shows what the editor shows, the latest revision (the draft staff work on),
and it filters and sorts on the same version: a draft that moves an application to
another call is found under that call's funder and year, not under the one the page row
still holds. The title, call, responsible person, amount awarded and budget lines come
from the latest revision's content; the status is the page row's (only lifecycle moves
write it, on the row). A fixed number of queries whatever the number of rows.
"""

from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db.models import Case, CharField, F, IntegerField, OuterRef, Subquery, When
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast, Coalesce
from django.urls import reverse

from .budget import Budget, euros
from .models import Call, GrantApplicationPage


def _content(key):
    """A key of the latest revision's content, as text, read in the database."""
    return KeyTextTransform(key, "latest_revision__content")


def register_queryset(status=None, year=None, funder=None):
    """Applications as the register lists them, filtered on the version it shows."""
    calls = Call.objects.filter(pk=OuterRef("current_call_id"))
    queryset = GrantApplicationPage.objects.annotate(
        current_call_id=Case(
            When(latest_revision__isnull=True, then=F("call_id")),
            default=Cast(_content("call"), IntegerField()),
        ),
        current_title=Coalesce(_content("title"), F("title"), output_field=CharField()),
    ).annotate(current_deadline=Subquery(calls.values("deadline")[:1]))
    if status:
        queryset = queryset.filter(status=status)
    if year:
        queryset = queryset.filter(
            current_call_id__in=Call.objects.filter(deadline__year=year).values("pk")
        )
    if funder:
        queryset = queryset.filter(
            current_call_id__in=Call.objects.filter(source=funder).values("pk")
        )
    return queryset.order_by(F("current_deadline").desc(), "current_title", "pk")


def current_fields(page):
    """The register's fields as the editor shows them (the latest revision), read from
    the revision's content without building the page (no query per row). The same keys
    `register_queryset` filters on."""
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
    current = [current_fields(page) for page in pages]
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
