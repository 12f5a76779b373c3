"""Budget arithmetic in Decimal (grants/budget.py) and the checks against the call."""

from decimal import Decimal

import pytest
from django.utils import translation

from grants.budget import Budget, Line, check, money, share
from grants.models.common import AMOUNT_LIMIT


class FakeCall:
    def __init__(self, max_amount=None, min_own_share=None):
        self.max_amount = None if max_amount is None else Decimal(max_amount)
        self.min_own_share = None if min_own_share is None else Decimal(min_own_share)


def L(quantity, unit_cost, own="0", other="0"):  # noqa: N802
    return Line(Decimal(quantity), Decimal(unit_cost), Decimal(own), Decimal(other))


def test_money_rounds_half_up_to_the_cent():
    assert money("0.005") == Decimal("0.01")
    assert money("0.015") == Decimal("0.02")  # float rounding would give 0.01
    assert money("2.675") == Decimal("2.68")
    assert money("-0.005") == Decimal("-0.01")
    assert money(None) == Decimal("0.00")


def test_a_line_total_is_quantity_times_unit_cost_rounded_per_line():
    # 3 × 0.335 = 1.005 → 1.01 (half up), never a float's 1.00
    assert L("3", "0.335").total == Decimal("1.01")
    assert L("2.5", "19.99").total == Decimal("49.98")  # 49.975 → 49.98
    budget = Budget.of([L("3", "0.335"), L("3", "0.335")])
    assert budget.total == Decimal("2.02")  # per-line rounding, then the sum


def test_sums_requested_amount_and_share():
    budget = Budget.of([L("10", "100", own="150", other="50"), L("1", "3000", own="450")])
    assert budget.total == Decimal("4000.00")
    assert budget.own_contribution == Decimal("600.00")
    assert budget.other_sources == Decimal("50.00")
    assert budget.requested == Decimal("3350.00")
    assert budget.own_share == Decimal("15.00")
    assert isinstance(budget.own_share, Decimal)


def test_share_rounds_half_up_to_a_hundredth_of_a_per_cent():
    assert share(Decimal("1"), Decimal("3")) == Decimal("33.33")
    assert share(Decimal("2"), Decimal("3")) == Decimal("66.67")
    assert share(Decimal("1"), Decimal("8000")) == Decimal("0.01")  # 0.0125 → 0.01
    assert share(Decimal("3"), Decimal("16000")) == Decimal("0.02")  # 0.01875 → 0.02
    assert share(Decimal("5"), Decimal("0")) is None
    assert Budget.of([]).own_share is None


def test_lines_are_read_from_form_data_and_models():
    from grants.models import BudgetLine

    model_line = BudgetLine(
        quantity=Decimal("2"), unit_cost=Decimal("10.00"), own_contribution=Decimal("5")
    )
    form_line = {"quantity": Decimal("2"), "unit_cost": Decimal("10.00"), "own_contribution": None}
    assert Budget.of([model_line, form_line]).total == Decimal("40.00")
    assert Budget.of([model_line, form_line]).own_contribution == Decimal("5.00")


@pytest.fixture
def lithuanian():
    with translation.override("lt"):
        yield


def test_a_budget_within_the_call_passes():
    budget = Budget.of([L("10", "1000", own="2000")])
    assert not check(budget, FakeCall("8000", "20"))  # requested 8000 = max; 20 % = min


def test_requested_over_the_call_maximum_is_refused(lithuanian):
    problems = check(Budget.of([L("10", "1000", own="1999.99")]), FakeCall("8000", "10"))
    assert problems.overall == [
        "Prašoma suma (8\xa0000,01 EUR) viršija kvietimo didžiausią sumą (8\xa0000,00 EUR)."
    ]


def test_own_share_under_the_minimum_is_refused(lithuanian):
    problems = check(Budget.of([L("1", "3000", own="290")]), FakeCall(None, "10"))
    assert problems.overall == [
        "Nuosavas indėlis sudaro 9,67 % visos sumos; kvietimas reikalauja bent 10,00 %."
    ]


def test_the_share_is_compared_after_rounding_to_a_hundredth():
    assert not check(Budget.of([L("1", "3000", own="299.85")]), FakeCall(None, "10"))
    assert check(Budget.of([L("1", "3000", own="299.84")]), FakeCall(None, "10"))


def test_a_line_whose_own_and_other_exceed_its_total_is_refused(lithuanian):
    problems = check(Budget.of([L("1", "100", own="60", other="40.01")]))
    assert problems.lines == {
        0: {
            "own_contribution": "Nuosavas indėlis ir kiti šaltiniai (100,01 EUR) viršija "
            "eilutės sumą (100,00 EUR)."
        }
    }
    assert problems.messages()[0].startswith("Sąmatos eilutė 1:")


@pytest.mark.parametrize("field", ["quantity", "unit_cost", "own", "other"])
def test_negative_values_are_refused(field, lithuanian):
    values = {"quantity": "1", "unit_cost": "10", "own": "0", "other": "0"}
    values[field] = "-1"
    problems = check(Budget.of([L(**values)]))
    assert "Sumos ir kiekiai negali būti neigiami." in problems.lines[0].values()


def test_absurd_values_are_refused(lithuanian):
    assert "quantity" in check(Budget.of([L("1000001", "1")])).lines[0]
    assert "unit_cost" in check(Budget.of([L("1000", str(AMOUNT_LIMIT))])).lines[0]
    many = Budget.of([L("1", str(AMOUNT_LIMIT))] * 2)
    assert check(many).overall == ["Sąmatos bendra suma neįtikėtina; patikrinkite skaičius."]
