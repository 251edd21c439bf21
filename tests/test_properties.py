"""Property tests: the loaders fail only with fundfinder errors; scores stay in range."""

from __future__ import annotations

from datetime import date
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fundfinder.errors import FundfinderError
from fundfinder.load.profile import parse_profile
from fundfinder.load.schema import parse_catalog
from fundfinder.load.yamlsafe import parse_yaml
from fundfinder.rank.scoring import rank
from fundfinder.taxonomy import load_taxonomy

TAX = load_taxonomy()
THEMES = sorted(TAX.themes)
PLACES = ["UG", "KE", "NL", "BD", "east-africa", "africa", "asia", "global", "sahel", "dac-list"]
TODAY = date(2026, 11, 26)

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=20)
)
json_like = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=20,
)

profile_keys = st.sampled_from(
    ["organisation", "themes", "regions", "need", "finances", "preferences", "lang"]
)


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(profile_keys, json_like, max_size=7))
def test_profile_loader_succeeds_or_raises_fundfinder_error(data: dict[str, Any]) -> None:
    try:
        parse_profile(data, "p.yaml", TAX)
    except FundfinderError:
        pass


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.dictionaries(
            st.sampled_from(
                [
                    "id",
                    "name",
                    "type",
                    "based_in",
                    "themes",
                    "regions",
                    "sources",
                    "as_of",
                    "grant",
                    "eligibility",
                    "forms",
                    "access",
                    "deadlines",
                    "summary",
                ]
            ),
            json_like,
            max_size=14,
        ),
        max_size=4,
    )
)
def test_catalog_loader_succeeds_or_raises_fundfinder_error(data: list[dict[str, Any]]) -> None:
    try:
        parse_catalog(data, "db.yaml", TAX)
    except FundfinderError:
        pass


@settings(max_examples=150)
@given(st.text(max_size=200))
def test_yaml_parser_only_raises_fundfinder_errors(text: str) -> None:
    try:
        parse_yaml(text)
    except FundfinderError:
        pass


money = st.one_of(st.none(), st.integers(min_value=1, max_value=10_000_000))


@st.composite
def funder_entries(draw: st.DrawFn, index: int) -> dict[str, Any]:
    low = draw(money)
    high = draw(money)
    if low is not None and high is not None and low > high:
        low, high = high, low
    entry: dict[str, Any] = {
        "id": f"f{index}",
        "name": draw(st.sampled_from(["Alpha", "Beta", "Gamma", "Delta"])) + f" {index % 3}",
        "type": draw(st.sampled_from(["foundation", "lottery", "eu", "corporate"])),
        "based_in": "NL",
        "themes": draw(st.lists(st.sampled_from(THEMES), min_size=1, max_size=3, unique=True)),
        "regions": draw(st.lists(st.sampled_from(PLACES), min_size=1, max_size=3, unique=True)),
        "sources": ["https://example.org"],
        "as_of": draw(st.sampled_from(["2020-01", "2025-06", "2026-10"])),
        "grant": {k: v for k, v in (("min_eur", low), ("max_eur", high)) if v is not None},
        "forms": draw(
            st.lists(st.sampled_from(["grant", "loan", "matchfunding"]), max_size=2, unique=True)
        ),
        "access": draw(st.sampled_from(["open_call", "rolling", "invitation_only", "closed"])),
    }
    if draw(st.booleans()):
        entry["eligibility"] = {
            "registered_in": draw(
                st.lists(
                    st.sampled_from(["NL", "UG", "any", "eu"]), min_size=1, max_size=2, unique=True
                )
            )
        }
    return entry


@st.composite
def catalogs(draw: st.DrawFn) -> list[dict[str, Any]]:
    size = draw(st.integers(min_value=1, max_value=12))
    return [draw(funder_entries(i)) for i in range(size)]


@st.composite
def profiles(draw: st.DrawFn) -> dict[str, Any]:
    return {
        "organisation": {
            "name": "P",
            "registered_in": draw(st.sampled_from(["NL", "UG", "KE"])),
            "annual_budget_eur": draw(money),
        },
        "themes": draw(st.lists(st.sampled_from(THEMES), min_size=1, max_size=3)),
        "regions": draw(st.lists(st.sampled_from(PLACES), min_size=1, max_size=3)),
        "need": {
            "amount_eur": draw(money),
            "forms": draw(st.lists(st.sampled_from(["grant", "loan"]), max_size=2)),
            "core": draw(st.booleans()),
        },
    }


@settings(max_examples=120, suppress_health_check=[HealthCheck.too_slow])
@given(catalogs(), profiles(), st.randoms(use_true_random=False))
def test_scores_in_range_and_order_independent(entries, profile_data, rnd) -> None:  # type: ignore[no-untyped-def]
    funders = parse_catalog(entries, "db.yaml", TAX)
    profile = parse_profile(profile_data, "p.yaml", TAX)
    matches, excluded = rank(profile, funders, TAX, TODAY)
    assert len(matches) + len(excluded) == len(funders)
    assert all(0 <= m.score <= 100 for m in matches)
    assert [m.rank for m in matches] == list(range(1, len(matches) + 1))
    shuffled = list(funders)
    rnd.shuffle(shuffled)
    again, excluded_again = rank(profile, shuffled, TAX, TODAY)
    assert [m.funder.id for m in again] == [m.funder.id for m in matches]
    assert [e.funder.id for e in excluded_again] == [e.funder.id for e in excluded]
