"""Funding-form advice and the reorganisation checklist, on worked examples."""

from __future__ import annotations

from typing import Any

import pytest

from fundfinder.advise.advice import (
    OWNERS,
    PHASES,
    build_checklist,
    condition_holds,
    estimate_positions,
    facts_for,
    load_checklist_items,
    load_forms,
    rank_forms,
)
from fundfinder.advise.diagnosis import diagnose
from fundfinder.models import FUNDER_TYPES

from .conftest import TODAY, make_profile

PREREQUISITES = {
    "anbi", "cbf", "own_fundraising", "audited_accounts", "cofinancing", "fundraising_staff",
    "supporter_base", "local_partner", "consortium", "repayment_capacity", "business_capacity",
    "board_approval", "registered_nl", "works_council_advice",
}  # fmt: skip


def dutch_org(
    staff: float, income: float, lost: float, expenses: float, reserves: float, **org: Any
):  # type: ignore[no-untyped-def]
    return make_profile(
        organisation={
            "name": "Org",
            "registered_in": "NL",
            "staff_fte": staff,
            "anbi": True,
            **org,
        },
        finances={
            "income_eur": {"government": income * 0.7, "private_donors": income * 0.3},
            "lost_income_eur": lost,
            "reserves_eur": reserves,
            "expenses_eur": expenses,
        },
    )


def ids(items) -> list[str]:  # type: ignore[no-untyped-def]
    return [i.id for i in items]


def test_shipped_forms_are_complete() -> None:
    forms = load_forms()
    assert len(forms) >= 14
    assert len({f["id"] for f in forms}) == len(forms)
    for f in forms:
        for key in ("name", "what", "risks"):
            assert f[key]["en"] and f[key]["nl"], (f["id"], key)
        assert f["sources"] and all(s.startswith("http") for s in f["sources"])
        assert set(f.get("prerequisites") or ()) <= PREREQUISITES
        assert set(f.get("funder_types") or ()) <= set(FUNDER_TYPES)


def test_shipped_checklist_is_complete() -> None:
    known = {"registered_in", "staff_min", "staff_max", "works_council", "positions_at_risk_min",
             "partners_abroad", "runway_below_months", "lost_share_min", "anbi", "cbf"}  # fmt: skip
    items = load_checklist_items()
    assert len({i["id"] for i in items}) == len(items) >= 20
    for item in items:
        assert item["phase"] in PHASES and item["owner"] in OWNERS
        assert (
            item["title"]["en"] and item["title"]["nl"] and item["why"]["en"] and item["why"]["nl"]
        )
        assert item["sources"]
        assert set(item.get("when") or {}) <= known
        if item.get("legal_basis"):
            assert item["when"]["registered_in"] == ["NL"], item["id"]


def test_large_dutch_org_gets_works_council_and_collective_dismissal() -> None:
    # 85 staff, income 5m of which 3.1m is lost (62%), expenses 5m:
    # gap = 5m - 1.9m = 3.1m; positions = ceil(85 x 3.1 / 5) = ceil(52.7) = 53 >= 20
    profile = dutch_org(85, 5_000_000, 3_100_000, 5_000_000, 1_000_000, partners_abroad=True)
    d = diagnose(profile.finances, TODAY)  # type: ignore[arg-type]
    assert d.lost_share == pytest.approx(0.62)
    assert estimate_positions(profile, d) == 53
    chosen = ids(build_checklist(profile, d))
    assert "works-council-advice" in chosen
    assert "collective-dismissal-notification" in chosen
    assert "uwv-dismissal-permit" in chosen


def test_one_person_foundation_gets_neither() -> None:
    profile = dutch_org(1, 120_000, 80_000, 120_000, 10_000)
    d = diagnose(profile.finances, TODAY)  # type: ignore[arg-type]
    chosen = ids(build_checklist(profile, d))
    assert "works-council-advice" not in chosen
    assert "collective-dismissal-notification" not in chosen
    assert "cash-plan-liquidity-forecast" in chosen


def test_dutch_legal_steps_only_for_dutch_organisations() -> None:
    profile = make_profile(
        organisation={"name": "Kenyan NGO", "registered_in": "KE", "staff_fte": 120},
        finances={"income_eur": {"government": 4_000_000}, "lost_income_eur": 3_000_000,
                  "reserves_eur": 100_000, "expenses_eur": 4_000_000, "works_council": True},
    )  # fmt: skip
    d = diagnose(profile.finances, TODAY)  # type: ignore[arg-type]
    legal = {i["id"] for i in load_checklist_items() if i.get("legal_basis")}
    chosen = set(ids(build_checklist(profile, d)))
    assert not chosen & legal
    assert chosen  # the general items still apply


def test_stated_positions_override_the_estimate() -> None:
    profile = make_profile(
        organisation={"name": "Org", "registered_in": "NL", "staff_fte": 85},
        finances={"income_eur": {"government": 5_000_000}, "lost_income_eur": 3_100_000,
                  "expenses_eur": 5_000_000, "reserves_eur": 1_000_000, "positions_at_risk": 5},
    )  # fmt: skip
    d = diagnose(profile.finances, TODAY)  # type: ignore[arg-type]
    facts = facts_for(profile, d)
    assert facts.positions_at_risk == 5 and not facts.positions_estimated
    assert "collective-dismissal-notification" not in ids(build_checklist(profile, d))


def test_unknown_facts_never_meet_a_condition() -> None:
    facts = facts_for(make_profile(organisation={"name": "X"}), None)
    assert not condition_holds("registered_in", ["NL"], facts)
    assert not condition_holds("staff_min", 50, facts)
    assert not condition_holds("runway_below_months", 6, facts)


def test_short_runway_keeps_slow_forms_out_of_the_top_three() -> None:
    profile = dutch_org(22, 1_800_000, 1_000_000, 1_850_000, 450_000)
    d = diagnose(profile.finances, TODAY)  # type: ignore[arg-type]
    assert d.runway_months is not None and d.runway_months < 6
    advice = rank_forms(profile, d)
    top3 = [a.id for a in advice[:3]]
    assert "legacies" not in top3
    legacies = next(a for a in advice if a.id == "legacies")
    assert legacies.timing == "too_late"  # marked, not hidden


def test_forms_without_finances_still_ranked() -> None:
    advice = rank_forms(make_profile(), None)
    assert len(advice) == len(load_forms())
    # without finances no form is said to arrive in time (or too late)
    assert all(a.timing in {"not_judged", "unknown"} for a in advice)


def test_lottery_needs_own_fundraising_of_a_million() -> None:
    small = dutch_org(22, 1_800_000, 1_000_000, 1_850_000, 450_000)  # 30% private = 540k
    lottery = next(a for a in rank_forms(small, None) if a.id == "lottery-partnership")
    assert "own_fundraising" in lottery.lacks
    big = dutch_org(60, 5_000_000, 1_000_000, 5_000_000, 2_000_000)  # 1.5m private
    lottery = next(a for a in rank_forms(big, None) if a.id == "lottery-partnership")
    assert "own_fundraising" in lottery.has
