"""How deep is the hole: financial ratios, a risk level and cash scenarios.

All figures come from the profile's `finances` (yearly amounts). Fractions are
0-1. The ratios follow the financial-vulnerability literature (Tuckman & Chang
1991: equity ratio, revenue concentration, administrative cost ratio,
operating margin) plus the runway an adviser needs first. Every threshold used
for the risk level carries its source, or is labelled an assumption.
"""

from __future__ import annotations

from datetime import date
from typing import Any, NamedTuple

from fundfinder.models import Finances, Reason

# (name, value, source, assumption?)
RESERVE_MIN_MONTHS = 3.0  # Nonprofit Operating Reserves Initiative: at least 3 months
RESERVE_PRACTICE_MONTHS = 6.0  # common practice: 3-6 months of expenses
LOST_SHARE_HIGH = 0.5
LOST_SHARE_MEDIUM = 0.25
TOP_SOURCE_MAX = 0.6  # Irish Aid caps its own share of an NGO's income at 60%
HHI_CONCENTRATED = 0.5
OWN_INCOME_THRESHOLDS = (0.25, 0.5)  # Dutch MFA: 25% (2016-2025), 50% proposed for 2026-2030

SOURCES = {
    "reserves": "https://wixlib.com/document/4883b_whitepaper-final-for-workgroup-011609-2-nonprofit-accounting-basics.html",
    "practice": "https://gscpa.com/defining-a-not-for-profits-operating-reserve/",
    "dependency": "https://www2.fundsforngos.org/latest-funds-for-ngos/irish-aids-civil-society-fund/",
    "own_income": "https://zoek.officielebekendmakingen.nl/kst-36600-XVII-13.html",
}

DEFAULT_CUT_PCT = 20.0
DEFAULT_CUT_FROM_MONTH = 3  # assumption: notice periods delay savings by about a quarter
DEFAULT_RAISE_SHARE = 0.25  # of the lost income
DEFAULT_RAISE_MONTH = 6
HORIZON_MONTHS = 60


class Threshold(NamedTuple):
    name: str
    value: float
    source: str | None  # None: an assumption of fundfinder's, labelled as such
    note: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "value": self.value,
            "source": self.source,
            "assumption": self.source is None,
            "note": self.note,
        }


THRESHOLDS = (
    Threshold("runway_critical_months", RESERVE_MIN_MONTHS, SOURCES["reserves"],
              "minimum operating reserve of 3 months (Nonprofit Operating Reserves Initiative, 2008)"),
    Threshold("runway_high_months", RESERVE_PRACTICE_MONTHS, SOURCES["practice"],
              "common practice of 3-6 months of operating expenses"),
    Threshold("lost_share_high", LOST_SHARE_HIGH, None,
              "assumption: losing half of all income forces a reorganisation"),
    Threshold("lost_share_medium", LOST_SHARE_MEDIUM, None,
              "assumption: losing a quarter of income calls for a cost plan"),
    Threshold("top_source_share_max", TOP_SOURCE_MAX, SOURCES["dependency"],
              "Irish Aid limits its own share of an NGO's income to 60%"),
    Threshold("revenue_hhi_concentrated", HHI_CONCENTRATED, None,
              "assumption: above 0.5 income depends on one or two sources"),
    Threshold("own_income_min", OWN_INCOME_THRESHOLDS[0], SOURCES["own_income"],
              "Dutch MFA own-income threshold 2016-2025 (25% not from the ministry)"),
    Threshold("own_income_proposed", OWN_INCOME_THRESHOLDS[1], SOURCES["own_income"],
              "Dutch MFA proposal for 2026-2030 (50% not from the ministry)"),
)  # fmt: skip


class Scenario(NamedTuple):
    key: str  # do_nothing | cut_costs | raise_income
    params: tuple[tuple[str, float], ...]
    months_left: int | None  # None: the money lasts beyond the horizon
    runs_out: date | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "scenario": self.key,
            **dict(self.params),
            "months_left": self.months_left,
            "runs_out": self.runs_out.isoformat()[:7] if self.runs_out else None,
        }


class Diagnosis(NamedTuple):
    total_income: float
    income_after_loss: float
    lost_income: float
    lost_share: float | None
    monthly_shortfall: float | None
    yearly_gap: float
    runway_months: float | None
    revenue_hhi: float | None
    top_source: str | None
    top_source_share: float | None
    admin_cost_ratio: float | None
    operating_margin: float | None
    operating_margin_after_loss: float | None
    equity_ratio: float | None
    own_income_share: float | None
    own_income_share_before_loss: float | None
    risk: str
    risk_reasons: tuple[Reason, ...]
    scenarios: tuple[Scenario, ...] = ()
    thresholds: tuple[Threshold, ...] = THRESHOLDS
    notes: tuple[Reason, ...] = ()

    def own_income_checks(self) -> list[dict[str, Any]]:
        share = self.own_income_share
        return [
            {"threshold": t, "met": None if share is None else share >= t}
            for t in OWN_INCOME_THRESHOLDS
        ]


def _ratio(a: float | None, b: float | None) -> float | None:
    if a is None or b is None or b == 0:
        return None
    return a / b


def _month_add(start: date, months: int) -> date:
    index = start.year * 12 + start.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def simulate(
    reserves: float,
    monthly_income: float,
    monthly_income_after: float,
    monthly_expenses: float,
    start: date,
    loss_from: date,
    *,
    cut_pct: float = 0.0,
    cut_from_month: int = DEFAULT_CUT_FROM_MONTH,
    raise_monthly: float = 0.0,
    raise_from_month: int = DEFAULT_RAISE_MONTH,
) -> tuple[int | None, date | None]:
    """Months until the reserves are spent (and that month), month by month."""
    balance = reserves
    for month in range(1, HORIZON_MONTHS + 1):
        this_month = _month_add(start, month - 1)
        income = monthly_income_after if this_month >= loss_from else monthly_income
        if month >= raise_from_month:
            income += raise_monthly
        expenses = monthly_expenses
        if month >= cut_from_month:
            expenses *= 1 - cut_pct / 100
        balance = round(balance + income - expenses, 2)  # whole cents: no float drift
        if balance < 0:
            return month - 1, this_month
    return None, None


def diagnose(
    finances: Finances,
    today: date,
    *,
    cut_pct: float = DEFAULT_CUT_PCT,
    raise_eur: float | None = None,
    raise_month: int = DEFAULT_RAISE_MONTH,
) -> Diagnosis:
    total = finances.total_income
    lost = finances.lost_income_eur or 0.0
    after = max(total - lost, 0.0)
    expenses = finances.expenses_eur
    reserves = finances.reserves_eur
    # Where the lost income came from: government first (the usual case), then the rest.
    by_source = dict(finances.income_eur)
    remaining = lost
    for source in ("government", *sorted(by_source)):
        take = min(remaining, by_source.get(source, 0.0))
        by_source[source] = by_source.get(source, 0.0) - take
        remaining -= take
    shares = [v / total for v in dict(finances.income_eur).values() if total > 0 and v > 0]
    hhi = sum(s * s for s in shares) if shares else None
    top_source, top_value = (None, 0.0)
    for source, value in finances.income_eur:
        if value > top_value:
            top_source, top_value = source, value
    shortfall = None
    yearly_gap = 0.0
    runway = None
    if expenses is not None:
        yearly_gap = max(expenses - after, 0.0)
        if yearly_gap > 0:
            shortfall = yearly_gap / 12
            runway = None if reserves is None else max(reserves, 0.0) / shortfall
    own_after = _ratio(after - by_source.get("government", 0.0), after)
    own_before = _ratio(total - finances.income("government"), total)
    diagnosis = Diagnosis(
        total_income=total,
        income_after_loss=after,
        lost_income=lost,
        lost_share=_ratio(lost, total),
        monthly_shortfall=shortfall,
        yearly_gap=yearly_gap,
        runway_months=runway,
        revenue_hhi=hhi,
        top_source=top_source,
        top_source_share=_ratio(top_value, total) if top_source else None,
        admin_cost_ratio=_ratio(finances.admin_costs_eur, total),
        operating_margin=_ratio(None if expenses is None else total - expenses, total),
        operating_margin_after_loss=_ratio(None if expenses is None else after - expenses, after),
        equity_ratio=_ratio(reserves, total),
        own_income_share=own_after,
        own_income_share_before_loss=own_before,
        risk="low",
        risk_reasons=(),
    )
    risk, reasons = assess(diagnosis)
    scenarios = _scenarios(finances, today, total, after, cut_pct, raise_eur, raise_month)
    return diagnosis._replace(risk=risk, risk_reasons=reasons, scenarios=scenarios)


LEVELS = ("low", "medium", "high", "critical")


def assess(d: Diagnosis) -> tuple[str, tuple[Reason, ...]]:
    """The risk level and every reason that raised it."""
    level = 0
    reasons: list[Reason] = []

    def flag(at: int, key: str, **params: Any) -> None:
        nonlocal level
        level = max(level, at)
        reasons.append(Reason.of(key, **params))

    if d.runway_months is not None:
        if d.runway_months < RESERVE_MIN_MONTHS:
            flag(
                3,
                "risk.runway_critical",
                months_dec=d.runway_months,
                limit=f"{RESERVE_MIN_MONTHS:g}",
            )
        elif d.runway_months < RESERVE_PRACTICE_MONTHS:
            flag(
                2,
                "risk.runway_high",
                months_dec=d.runway_months,
                limit=f"{RESERVE_PRACTICE_MONTHS:g}",
            )
        elif d.runway_months < 12:
            flag(1, "risk.runway_medium", months_dec=d.runway_months)
    if d.lost_share is not None:
        if d.lost_share >= LOST_SHARE_HIGH:
            flag(2, "risk.lost_high", pct=f"{d.lost_share * 100:.0f}")
        elif d.lost_share >= LOST_SHARE_MEDIUM:
            flag(1, "risk.lost_medium", pct=f"{d.lost_share * 100:.0f}")
    if d.top_source_share is not None and d.top_source_share > TOP_SOURCE_MAX:
        flag(
            1,
            "risk.concentration",
            pct=f"{d.top_source_share * 100:.0f}",
            source_income=d.top_source,
        )
    if d.operating_margin_after_loss is not None and d.operating_margin_after_loss < 0:
        flag(1, "risk.deficit", gap_eur=d.yearly_gap)
    if d.own_income_share is not None and d.own_income_share < OWN_INCOME_THRESHOLDS[0]:
        flag(1, "risk.own_income_low", pct=f"{d.own_income_share * 100:.0f}")
    if not reasons:
        reasons.append(Reason.of("risk.none"))
    return LEVELS[level], tuple(reasons)


def _scenarios(
    finances: Finances,
    today: date,
    total: float,
    after: float,
    cut_pct: float,
    raise_eur: float | None,
    raise_month: int,
) -> tuple[Scenario, ...]:
    if finances.expenses_eur is None or finances.reserves_eur is None:
        return ()
    start = date(today.year, today.month, 1)
    loss_from = finances.lost_from or start
    loss_from = date(loss_from.year, loss_from.month, 1)
    raise_yearly = (
        raise_eur
        if raise_eur is not None
        else DEFAULT_RAISE_SHARE * (finances.lost_income_eur or 0.0)
    )
    base = (
        finances.reserves_eur,
        total / 12,
        after / 12,
        finances.expenses_eur / 12,
        start,
        loss_from,
    )
    plans: list[tuple[str, tuple[tuple[str, float], ...], dict[str, Any]]] = [
        ("do_nothing", (), {}),
        (
            "cut_costs",
            (("cut_pct", cut_pct), ("from_month", DEFAULT_CUT_FROM_MONTH)),
            {"cut_pct": cut_pct},
        ),
        (
            "raise_income",
            (("raise_eur_per_year", round(raise_yearly)), ("from_month", raise_month)),
            {"raise_monthly": raise_yearly / 12, "raise_from_month": raise_month},
        ),
        (
            "cut_and_raise",
            (
                ("cut_pct", cut_pct),
                ("raise_eur_per_year", round(raise_yearly)),
                ("from_month", raise_month),
            ),
            {
                "cut_pct": cut_pct,
                "raise_monthly": raise_yearly / 12,
                "raise_from_month": raise_month,
            },
        ),
    ]
    result = []
    for key, params, kwargs in plans:
        months, runs_out = simulate(*base, **kwargs)
        result.append(Scenario(key, params, months, runs_out))
    return tuple(result)


def diagnosis_to_dict(d: Diagnosis, say: Any) -> dict[str, Any]:
    """Plain data for JSON; `say` turns a Reason into text in the report's language."""

    def r(x: float | None, digits: int = 3) -> float | None:
        return None if x is None else round(x, digits)

    return {
        "total_income_eur": d.total_income,
        "income_after_loss_eur": d.income_after_loss,
        "lost_income_eur": d.lost_income,
        "lost_share": r(d.lost_share),
        "monthly_shortfall_eur": r(d.monthly_shortfall, 0),
        "yearly_gap_eur": r(d.yearly_gap, 0),
        "runway_months": r(d.runway_months, 1),
        "revenue_hhi": r(d.revenue_hhi),
        "top_source": d.top_source,
        "top_source_share": r(d.top_source_share),
        "admin_cost_ratio": r(d.admin_cost_ratio),
        "operating_margin": r(d.operating_margin),
        "operating_margin_after_loss": r(d.operating_margin_after_loss),
        "equity_ratio": r(d.equity_ratio),
        "own_income_share": r(d.own_income_share),
        "own_income_share_before_loss": r(d.own_income_share_before_loss),
        "own_income_thresholds": d.own_income_checks(),
        "risk": d.risk,
        "risk_reasons": [say(x) for x in d.risk_reasons],
        "thresholds": [t.to_dict() for t in d.thresholds],
        "scenarios": [s.to_dict() for s in d.scenarios],
    }
