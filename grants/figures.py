"""Funding figures: applications per year and by funder, success rate, requested vs
awarded, own contribution (docs/decisions/funding.md defines each one).

Computed with SQL aggregates: four queries however many applications there are (per
year and per funder, one over applications and one over budget lines each, so that
budget lines never multiply the application counts).

* year: the year the application was submitted to the funder (`submitted_on`);
  applications never submitted are not counted;
* awarded: the funder said yes (status awarded, contract, implementation, reporting or
  closed); rejected: status rejected; success rate = awarded / (awarded + rejected),
  empty while nothing is decided (withdrawn and pending ones are left out);
* requested = Σ quantity × unit cost − Σ own contribution − Σ other sources over the
  budget lines: what the library asked this funder for;
* awarded amount = Σ amount awarded; own contribution = Σ own contribution.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, DecimalField, ExpressionWrapper, F, Q, Sum
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy as _

from .models import BudgetLine, GrantApplicationPage

Status = GrantApplicationPage.Status
AWARDED = (
    Status.AWARDED,
    Status.CONTRACT,
    Status.IMPLEMENTATION,
    Status.REPORTING,
    Status.CLOSED,
)
CENT = Decimal("0.01")
ZERO = Decimal("0.00")


def money(value):
    """A sum from the database as Decimal to the cent (SQLite may answer in float)."""
    if value is None:
        return ZERO
    return Decimal(str(value)).quantize(CENT)


@dataclass
class Row:
    label: str
    applications: int = 0
    awarded: int = 0
    rejected: int = 0
    total_cost: Decimal = ZERO
    own_contribution: Decimal = ZERO
    other_sources: Decimal = ZERO
    awarded_amount: Decimal = ZERO

    @property
    def requested(self):
        return self.total_cost - self.own_contribution - self.other_sources

    @property
    def success_rate(self):
        """Per cent of decided applications that were awarded (None: none decided)."""
        decided = self.awarded + self.rejected
        if not decided:
            return None
        return (Decimal(self.awarded) * 100 / decided).quantize(Decimal("0.1"))


@dataclass
class Figures:
    by_year: list = field(default_factory=list)
    by_funder: list = field(default_factory=list)
    total: Row = None


def _applications():
    return GrantApplicationPage.objects.filter(submitted_on__isnull=False)


def _lines():
    return BudgetLine.objects.filter(application__submitted_on__isnull=False)


LINE_COST = ExpressionWrapper(
    F("quantity") * F("unit_cost"), output_field=DecimalField(max_digits=24, decimal_places=4)
)


def _grouped(key, application_key, label_of, **labels):
    """{group: Row} in two queries: the applications' counts and awarded amounts grouped
    by `application_key`, their budget lines' sums by `key` (the same group reached
    from a line); `labels`, further values read with the counts for `label_of`."""
    rows = {}
    counts = (
        _applications()
        .values(group=application_key, **labels)
        .annotate(
            applications=Count("pk"),
            awarded=Count("pk", filter=Q(status__in=AWARDED)),
            rejected=Count("pk", filter=Q(status=Status.REJECTED)),
            awarded_amount=Sum("amount_awarded"),
        )
        .order_by()
    )
    for item in counts:
        row = rows.setdefault(item["group"], Row(label=label_of(item)))
        row.applications = item["applications"]
        row.awarded = item["awarded"]
        row.rejected = item["rejected"]
        row.awarded_amount = money(item["awarded_amount"])
    sums = (
        _lines()
        .values(group=key)
        .annotate(
            total_cost=Sum(LINE_COST),
            own=Sum("own_contribution"),
            other=Sum("other_sources"),
        )
        .order_by()
    )
    for item in sums:
        row = rows.get(item["group"])
        if row is None:
            continue
        row.total_cost = money(item["total_cost"])
        row.own_contribution = money(item["own"])
        row.other_sources = money(item["other"])
    return rows


def compute():
    """The figures, in four queries."""
    years = _grouped(
        ExtractYear("application__submitted_on"),
        ExtractYear("submitted_on"),
        lambda item: str(item["group"]),
    )

    def funder_label(item):
        name = item.get("funder_name")
        return name or str(_("No call chosen"))

    funders = _grouped(
        F("application__call__source_id"),
        F("call__source_id"),
        funder_label,
        funder_name=F("call__source__funder"),
    )

    total = Row(label=str(_("Total")))
    for row in years.values():
        for name in (
            "applications", "awarded", "rejected", "total_cost", "own_contribution",
            "other_sources", "awarded_amount",
        ):  # fmt: skip
            setattr(total, name, getattr(total, name) + getattr(row, name))
    return Figures(
        by_year=[years[key] for key in sorted(years)],
        by_funder=sorted(funders.values(), key=lambda row: row.label.casefold()),
        total=total,
    )


COLUMNS = [
    ("label", None),
    ("applications", _("Applications")),
    ("awarded", _("Awarded applications")),
    ("rejected", _("Rejected applications")),
    ("success_rate", _("Success rate, %")),
    ("requested", _("Requested, EUR")),
    ("awarded_amount", _("Awarded, EUR")),
    ("own_contribution", _("Own contribution, EUR")),
]


def workbook(figures):
    """An xlsx workbook (openpyxl) with a sheet per year and per funder."""
    from openpyxl import Workbook

    book = Workbook()
    sheets = [
        (book.active, _("By year"), _("Year"), [*figures.by_year, figures.total]),
        (book.create_sheet(), _("By funder"), _("Funder"), figures.by_funder),
    ]
    for sheet, title, first, rows in sheets:
        sheet.title = str(title)[:31]
        sheet.append([str(first)] + [str(label) for _name, label in COLUMNS[1:]])
        for row in rows:
            sheet.append([getattr(row, name) for name, _label in COLUMNS])
    return book
