"""An application's budget in Decimal: line totals, sums, the requested amount, the
co-financing share, and the checks against the call.

Every amount is a Decimal rounded half-up to the cent; the share is a percentage rounded
half-up to 0.01 %. Nothing here touches the database: the editor's form, the summary
panel, the lifecycle and the register all pass plain line values in.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import gettext as _

from .models.common import AMOUNT_LIMIT

CENT = Decimal("0.01")
HUNDRED = Decimal("100")
ZERO = Decimal("0.00")
# A quantity above a million units (hours, copies, nights) is a typo, not a budget.
QUANTITY_LIMIT = Decimal("1000000")


def money(value):
    """`value` as a Decimal rounded half-up to the cent (None and "" are zero)."""
    if value is None or value == "":
        return ZERO
    try:
        return Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)
    except InvalidOperation as error:
        raise ValueError(f"not an amount: {value!r}") from error


def share(part, whole):
    """`part` as a percentage of `whole`, half-up to 0.01 (None when whole is zero)."""
    whole = Decimal(whole)
    if not whole:
        return None
    return (Decimal(part) * HUNDRED / whole).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Line:
    quantity: Decimal
    unit_cost: Decimal
    own_contribution: Decimal = ZERO
    other_sources: Decimal = ZERO
    description: str = ""

    @property
    def total(self):
        return money(Decimal(self.quantity) * Decimal(self.unit_cost))

    @property
    def requested(self):
        return self.total - money(self.own_contribution) - money(self.other_sources)

    @classmethod
    def of(cls, obj):
        """A Line from a BudgetLine (or anything with the same attributes or keys)."""
        get = (
            obj.get
            if isinstance(obj, dict)
            else lambda name, default=None: getattr(obj, name, default)
        )
        return cls(
            quantity=Decimal(str(get("quantity") or 0)),
            unit_cost=Decimal(str(get("unit_cost") or 0)),
            own_contribution=money(get("own_contribution")),
            other_sources=money(get("other_sources")),
            description=get("description", "") or "",
        )


@dataclass(frozen=True)
class Budget:
    lines: tuple = ()

    @classmethod
    def of(cls, lines):
        return cls(tuple(line if isinstance(line, Line) else Line.of(line) for line in lines))

    @property
    def total(self):
        return sum((line.total for line in self.lines), ZERO)

    @property
    def own_contribution(self):
        return sum((money(line.own_contribution) for line in self.lines), ZERO)

    @property
    def other_sources(self):
        return sum((money(line.other_sources) for line in self.lines), ZERO)

    @property
    def requested(self):
        return self.total - self.own_contribution - self.other_sources

    @property
    def own_share(self):
        """Own contribution as a percentage of the total (None for an empty budget)."""
        return share(self.own_contribution, self.total)


@dataclass
class Problems:
    """What is wrong with a budget: per line (index -> {field: message}) and overall."""

    lines: dict = field(default_factory=dict)
    overall: list = field(default_factory=list)

    def line(self, index, name, message):
        self.lines.setdefault(index, {})[name] = message

    def __bool__(self):
        return bool(self.lines or self.overall)

    def messages(self):
        result = list(self.overall)
        for index in sorted(self.lines):
            for message in self.lines[index].values():
                result.append(
                    _("Budget line %(number)s: %(message)s")
                    % {
                        "number": index + 1,
                        "message": message,
                    }
                )
        return result


def euros(amount):
    """An amount grouped the reader's way (CLDR through Babel): "8 000,01" in
    Lithuanian with a no-break space, "8,000.01" in English; "—" for None."""
    from babel.numbers import format_decimal
    from django.conf import settings
    from django.utils.translation import get_language, to_locale

    if amount is None:
        return "—"
    locale = to_locale(get_language() or settings.LANGUAGE_CODE)
    return format_decimal(Decimal(amount), format="#,##0.00", locale=locale)


def check(budget, call=None):
    """The budget's problems on its own and against `call` (a grants.Call or None)."""
    problems = Problems()
    for index, line in enumerate(budget.lines):
        for name, value in (
            ("quantity", line.quantity),
            ("unit_cost", line.unit_cost),
            ("own_contribution", line.own_contribution),
            ("other_sources", line.other_sources),
        ):
            if value < 0:
                problems.line(index, name, _("Amounts and quantities cannot be negative."))
        if index in problems.lines:
            continue
        if line.quantity > QUANTITY_LIMIT:
            problems.line(
                index, "quantity", _("A quantity over a million is not plausible; check it.")
            )
            continue
        if line.total > AMOUNT_LIMIT:
            problems.line(
                index, "unit_cost", _("The line's total is not plausible; check the figures.")
            )
            continue
        if money(line.own_contribution) + money(line.other_sources) > line.total:
            problems.line(
                index,
                "own_contribution",
                _(
                    "Own contribution and other sources (%(covered)s EUR) exceed the "
                    "line's total (%(total)s EUR)."
                )
                % {
                    "covered": euros(money(line.own_contribution) + money(line.other_sources)),
                    "total": euros(line.total),
                },
            )
    if problems.lines:
        return problems
    if budget.total > AMOUNT_LIMIT:
        problems.overall.append(_("The budget's total is not plausible; check the figures."))
        return problems
    if call is None or not budget.lines:
        return problems
    if call.max_amount is not None and budget.requested > call.max_amount:
        problems.overall.append(
            _(
                "The requested amount (%(requested)s EUR) exceeds the call's maximum "
                "(%(maximum)s EUR)."
            )
            % {"requested": euros(budget.requested), "maximum": euros(call.max_amount)}
        )
    minimum = call.min_own_share
    if minimum is not None and minimum > 0 and (budget.own_share or ZERO) < minimum:
        problems.overall.append(
            _(
                "The own contribution is %(share)s %% of the total; the call requires at "
                "least %(minimum)s %%."
            )
            % {"share": euros(budget.own_share or ZERO), "minimum": euros(minimum)}
        )
    return problems
