"""Diagnosis: worked examples whose numbers are computed by hand here."""

from __future__ import annotations

from datetime import date

import pytest

from fundfinder.advise.diagnosis import diagnose, simulate
from fundfinder.models import Finances

TODAY = date(2026, 11, 26)

EXAMPLE = Finances(
    income_eur=(
        ("government", 1_200_000.0),
        ("foundations", 300_000.0),
        ("lotteries", 0.0),
        ("private_donors", 200_000.0),
        ("corporate", 50_000.0),
        ("earned", 50_000.0),
        ("other", 0.0),
    ),
    lost_income_eur=1_000_000.0,
    lost_from=date(2027, 1, 1),
    reserves_eur=450_000.0,
    expenses_eur=1_850_000.0,
    admin_costs_eur=180_000.0,
    works_council=True,
)


def test_worked_example_ratios() -> None:
    d = diagnose(EXAMPLE, TODAY)
    total = 1_800_000
    assert d.lost_share == pytest.approx(1_000_000 / total)  # 0.556
    assert round(d.lost_share, 3) == 0.556  # type: ignore[arg-type]
    # shortfall: (1.85m - 0.8m) / 12 = 87,500 a month; 450k / 87.5k = 5.14 months
    assert d.monthly_shortfall == pytest.approx(87_500)
    assert d.runway_months == pytest.approx(450_000 / 87_500)
    assert round(d.runway_months, 1) == 5.1  # type: ignore[arg-type]
    shares = [1.2 / 1.8, 0.3 / 1.8, 0.2 / 1.8, 0.05 / 1.8, 0.05 / 1.8]
    assert d.revenue_hhi == pytest.approx(sum(s * s for s in shares))
    assert round(d.revenue_hhi, 3) == 0.486  # type: ignore[arg-type]
    assert d.top_source == "government"
    assert d.top_source_share == pytest.approx(1.2 / 1.8)
    assert d.admin_cost_ratio == pytest.approx(0.1)
    assert d.operating_margin == pytest.approx((1.8 - 1.85) / 1.8)
    assert d.operating_margin_after_loss == pytest.approx((0.8 - 1.85) / 0.8)
    assert d.equity_ratio == pytest.approx(0.25)
    # after the loss: government 0.2m of 0.8m, so own income is 0.6 / 0.8
    assert d.own_income_share == pytest.approx(0.75)
    assert d.own_income_share_before_loss == pytest.approx(0.6 / 1.8)
    assert [c["met"] for c in d.own_income_checks()] == [True, True]


def test_worked_example_risk() -> None:
    d = diagnose(EXAMPLE, TODAY)
    assert d.risk == "high"
    keys = [r.key for r in d.risk_reasons]
    assert keys == ["risk.runway_high", "risk.lost_high", "risk.concentration", "risk.deficit"]


def test_scenarios_month_by_month() -> None:
    d = diagnose(EXAMPLE, TODAY, cut_pct=20, raise_eur=250_000, raise_month=6)
    by_key = {s.key: s for s in d.scenarios}
    # Nov and Dec still have the grant: -4,166.67 a month -> 441,666.67 left on 1 Jan.
    # From January -87,500 a month: Jan..May leave 4,166.67, June goes below zero.
    nothing = by_key["do_nothing"]
    assert nothing.months_left == 7
    assert nothing.runs_out == date(2027, 6, 1)
    cut = by_key["cut_costs"]
    assert cut.months_left is not None and cut.months_left > nothing.months_left
    both = by_key["cut_and_raise"]
    assert both.months_left is None or both.months_left >= cut.months_left


def test_simulate_cut_takes_effect_from_its_month() -> None:
    # 1,000 reserves, 100 income, 200 expenses: -100 a month -> 10 months
    assert simulate(1000, 100, 100, 200, date(2027, 1, 1), date(2027, 1, 1)) == (
        10,
        date(2027, 11, 1),
    )
    # halving costs from month 1 balances the books: lasts beyond the horizon
    months, _ = simulate(
        1000, 100, 100, 200, date(2027, 1, 1), date(2027, 1, 1), cut_pct=50, cut_from_month=1
    )
    assert months is None


def test_no_shortfall_means_no_runway() -> None:
    fin = Finances(
        income_eur=(("private_donors", 250_000.0), ("foundations", 250_000.0)),
        lost_income_eur=0.0,
        reserves_eur=100_000.0,
        expenses_eur=400_000.0,
    )
    d = diagnose(fin, TODAY)
    assert d.runway_months is None and d.monthly_shortfall is None
    assert d.risk == "low"
    assert [r.key for r in d.risk_reasons] == ["risk.none"]


def test_critical_when_cash_lasts_under_three_months() -> None:
    fin = Finances(
        income_eur=(("government", 1_000_000.0),),
        lost_income_eur=900_000.0,
        reserves_eur=100_000.0,
        expenses_eur=1_000_000.0,
    )
    d = diagnose(fin, TODAY)
    # gap 900k a year = 75k a month; 100k lasts 1.33 months
    assert d.runway_months == pytest.approx(100_000 / 75_000)
    assert d.risk == "critical"
    # own income after the loss: government 100k of 100k -> 0%, under 25%
    assert d.own_income_share == pytest.approx(0.0)
    assert "risk.own_income_low" in [r.key for r in d.risk_reasons]
