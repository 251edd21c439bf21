"""Scoring: hard rules with reasons, the five parts, flags, ties and weights."""

from __future__ import annotations

from datetime import date

from fundfinder.i18n import say, say_all
from fundfinder.models import Funder, Weights
from fundfinder.rank.scoring import exclusions, rank, score_funder
from fundfinder.taxonomy import Taxonomy

from .conftest import TODAY, funder_data, make_funders, make_profile


def _by_id(matches):  # type: ignore[no-untyped-def]
    return {m.funder.id: m for m in matches}


def test_hard_rules_exclude_with_reasons(small_catalog: list[Funder], taxonomy: Taxonomy) -> None:
    profile = make_profile()
    matches, excluded = rank(profile, small_catalog, taxonomy, TODAY)
    reasons = {e.funder.id: [say(r, "en", taxonomy) for r in e.reasons] for e in excluded}
    assert reasons["ugandan-only"] == [
        "gives only to organisations registered in Uganda; yours is registered in Netherlands"
    ]
    assert reasons["closed-fund"] == ["closed to applications"]
    assert reasons["loans-only"] == ["offers only loans; you seek grants"]
    assert {m.funder.id for m in matches} == {"uganda-exact", "east-africa-fund", "global-fund-x"}


def test_exact_country_beats_region_beats_global(
    small_catalog: list[Funder], taxonomy: Taxonomy
) -> None:
    profile = make_profile()
    matches, _ = rank(profile, small_catalog, taxonomy, TODAY)
    fits = {m.funder.id: dict(m.breakdown)["regions"] for m in matches}
    assert fits["uganda-exact"] > fits["east-africa-fund"] > fits["global-fund-x"]
    assert [m.rank for m in matches] == [1, 2, 3]
    assert matches[0].funder.id == "uganda-exact"


def test_reasons_read_like_an_adviser(small_catalog: list[Funder], taxonomy: Taxonomy) -> None:
    profile = make_profile()
    matches, _ = rank(profile, small_catalog, taxonomy, TODAY)
    m = _by_id(matches)["east-africa-fund"]
    text = say_all(m.reasons, "en", taxonomy)
    assert text == [
        "funds sexual and reproductive health and rights (you: SRHR)",
        "in Eastern Africa, which includes Uganda",
        "grants €25k–€500k fit a €600k need only partly",
        "offers grants",
        "open call, next deadline 1 Mar 2027",
        "open to organisations registered in Netherlands",
    ]
    dutch = say_all(m.reasons, "nl", taxonomy)
    assert dutch[1] == "in Oost-Afrika, waar Oeganda onder valt"


def test_unknown_facts_are_never_met(taxonomy: Taxonomy) -> None:
    [bare] = make_funders(funder_data(themes=["srhr"], regions=["UG"]))
    profile = make_profile()
    scored = score_funder(profile, bare, taxonomy, TODAY)
    parts = dict(scored.breakdown)
    assert parts["size"] == 0.0 and parts["timing"] == 0.0 and parts["forms"] == 0.0
    flags = say_all(scored.flags, "en", taxonomy)
    assert "who may apply is unknown: check registration rules" in flags


def test_invitation_only_is_flagged_not_hidden(
    small_catalog: list[Funder], taxonomy: Taxonomy
) -> None:
    matches, _ = rank(make_profile(), small_catalog, taxonomy, TODAY)
    m = _by_id(matches)["global-fund-x"]
    assert "invitation only: approach through your network" in say_all(m.flags, "en", taxonomy)


def test_stale_entries_are_marked(taxonomy: Taxonomy) -> None:
    [old] = make_funders(funder_data(as_of="2024-05"))
    scored = score_funder(make_profile(), old, taxonomy, TODAY)
    assert "possibly out of date (checked 2024-05)" in say_all(scored.flags, "en", taxonomy)
    [fresh] = make_funders(funder_data(as_of="2025-06"))
    scored = score_funder(make_profile(), fresh, taxonomy, TODAY)
    assert not any(f.key == "flag.stale" for f in scored.flags)


def test_registration_unknown_in_profile_is_flagged(taxonomy: Taxonomy) -> None:
    [f] = make_funders(funder_data(eligibility={"registered_in": ["UG"]}))
    profile = make_profile(organisation={"name": "No country"})
    matches, excluded = rank(profile, [f], taxonomy, TODAY)
    assert not excluded
    assert matches[0].flags[0].key == "flag.registration_unchecked"


def test_budget_org_type_and_requirements(taxonomy: Taxonomy) -> None:
    funders = make_funders(
        funder_data(id="small-only", name="Small", eligibility={"budget_eur": {"max": 500_000}}),
        funder_data(id="big-only", name="Big", eligibility={"budget_eur": {"min": 5_000_000}}),
        funder_data(id="grassroots", name="Grass", eligibility={"org_types": ["grassroots"]}),
        funder_data(id="anbi-only", name="Anbi", eligibility={"requires": ["anbi"]}),
    )
    profile = make_profile(
        organisation={
            "name": "X",
            "registered_in": "NL",
            "org_type": "ngo",
            "annual_budget_eur": 1_800_000,
            "anbi": False,
        }
    )
    _, excluded = rank(profile, funders, taxonomy, TODAY)
    text = {e.funder.id: say_all(e.reasons, "en", taxonomy) for e in excluded}
    assert text["small-only"] == [
        "only for organisations with a budget up to €500k; yours is €1.8m"
    ]
    assert text["big-only"] == [
        "only for organisations with a budget of at least €5m; yours is €1.8m"
    ]
    assert text["grassroots"] == ["only for grassroots groups (not for NGOs)"]
    assert text["anbi-only"] == ["requires ANBI status, which the profile says you lack"]


def test_profile_exclusion(small_catalog: list[Funder], taxonomy: Taxonomy) -> None:
    profile = make_profile(preferences={"exclude": ["uganda-exact"]})
    _, excluded = rank(profile, small_catalog, taxonomy, TODAY)
    assert "uganda-exact" in {e.funder.id for e in excluded}


def test_passed_deadline_scores_lower(taxonomy: Taxonomy) -> None:
    [f] = make_funders(funder_data(access="open_call", deadlines=[date(2026, 1, 1)]))
    scored = score_funder(make_profile(), f, taxonomy, TODAY)
    assert dict(scored.breakdown)["timing"] == 0.3
    assert "last known deadline 1 Jan 2026 has passed" in say_all(scored.reasons, "en", taxonomy)


def test_ties_break_on_name_not_input_order(taxonomy: Taxonomy) -> None:
    funders = make_funders(
        funder_data(id="zeta", name="Zeta"),
        funder_data(id="alpha", name="alpha"),
    )
    a, _ = rank(make_profile(), funders, taxonomy, TODAY)
    b, _ = rank(make_profile(), list(reversed(funders)), taxonomy, TODAY)
    assert [m.funder.id for m in a] == [m.funder.id for m in b] == ["alpha", "zeta"]


def test_weights_change_the_ranking(taxonomy: Taxonomy) -> None:
    funders = make_funders(
        funder_data(id="theme-fit", name="Theme Fit", themes=["srhr", "youth"], regions=["global"]),
        funder_data(id="region-fit", name="Region Fit", themes=["education"], regions=["UG"]),
    )
    theme_first, _ = rank(make_profile(), funders, taxonomy, TODAY)
    assert theme_first[0].funder.id == "theme-fit"
    profile = make_profile(preferences={"weights": {"themes": 0.05, "regions": 1}})
    region_first, _ = rank(profile, funders, taxonomy, TODAY)
    assert region_first[0].funder.id == "region-fit"
    assert set(Weights().as_dict()) == {
        "themes",
        "regions",
        "size",
        "forms",
        "timing",
        "access",
        "history",
    }


def test_size_fit_uses_yearly_amount(taxonomy: Taxonomy) -> None:
    [f] = make_funders(funder_data(grant={"max_eur": 1_800_000, "typical_months": 36}))
    scored = score_funder(make_profile(), f, taxonomy, TODAY)
    assert dict(scored.breakdown)["size"] == 1.0  # 600k a year fits 1.8m over three years


def test_own_income_rule_excludes_with_the_figures(taxonomy: Taxonomy) -> None:
    [f] = make_funders(funder_data(id="big-lottery", eligibility={"own_income_min_eur": 1_000_000}))
    rich = make_profile(
        finances={"income_eur": {"government": 200_000, "private_donors": 1_500_000}}
    )
    poor = make_profile(
        finances={
            "income_eur": {
                "government": 1_200_000,
                "private_donors": 200_000,
                "foundations": 300_000,
            },
            "lost_income_eur": 1_000_000,
        }
    )
    assert exclusions(rich, f, taxonomy) == []
    [reason] = exclusions(poor, f, taxonomy)
    assert say_all([reason], "en", taxonomy) == [
        "asks at least €1m a year of own income (not from government); yours is €500k"
    ]
    assert exclusions(make_profile(), f, taxonomy) == []  # no finances: not judged


def test_an_ngo_only_funder_admits_its_non_profit_kin_to_be_checked(taxonomy: Taxonomy) -> None:
    """A funder that names NGOs admits networks, grassroots groups, consortia, research
    institutes and foundations at half the type fit, saying to check that they qualify; a
    social enterprise stays ruled out, as does an NGO at a funder for grassroots groups only."""
    funders = make_funders(
        funder_data(id="ngo-only", name="NGO Fund", eligibility={"org_types": ["ngo"]}),
        funder_data(id="grassroots", name="Grass", eligibility={"org_types": ["grassroots"]}),
    )
    for own in ("research", "foundation", "network", "grassroots", "consortium"):
        profile = make_profile(organisation={"name": "X", "registered_in": "NL", "org_type": own})
        scored = score_funder(profile, funders[0], taxonomy, TODAY)
        assert not exclusions(profile, funders[0], taxonomy)
        said = say_all(scored.reasons, "en", taxonomy)
        assert any("check that it qualifies" in line for line in said), own
    for own, funder in (("social_enterprise", funders[0]), ("ngo", funders[1])):
        profile = make_profile(organisation={"name": "X", "registered_in": "NL", "org_type": own})
        assert [r.key for r in exclusions(profile, funder, taxonomy)] == ["excl.org_type"]
