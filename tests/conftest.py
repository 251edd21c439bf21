"""Shared fixtures: a tiny hand-built catalog and profile."""

from __future__ import annotations

import os
from datetime import date
from typing import Any

import pytest

from fundfinder.load.profile import parse_profile
from fundfinder.load.schema import parse_catalog
from fundfinder.models import Funder, Profile
from fundfinder.taxonomy import Taxonomy, load_taxonomy

TODAY = date(2026, 11, 26)


def funder_data(**overrides: Any) -> dict[str, Any]:
    """A valid funder entry; override any field."""
    data: dict[str, Any] = {
        "id": "test-fund",
        "name": "Test Fund",
        "type": "foundation",
        "based_in": "NL",
        "themes": ["srhr"],
        "regions": ["UG"],
        "sources": ["https://example.org/criteria"],
        "as_of": "2026-10",
    }
    data.update(overrides)
    return data


def make_funders(*entries: dict[str, Any]) -> list[Funder]:
    return parse_catalog(list(entries), "test.yaml")


def profile_data(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "organisation": {
            "name": "Stichting Test",
            "registered_in": "NL",
            "org_type": "ngo",
            "annual_budget_eur": 1_800_000,
        },
        "themes": ["SRHR", "youth"],
        "regions": ["Uganda"],
        "need": {"amount_eur": 600_000, "forms": ["grant"]},
    }
    data.update(overrides)
    return data


def make_profile(**overrides: Any) -> Profile:
    return parse_profile(profile_data(**overrides), "test-profile.yaml")


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Tests never read or write the user's own cache folder."""
    os.environ["FUNDFINDER_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))


@pytest.fixture(scope="session")
def taxonomy() -> Taxonomy:
    return load_taxonomy()


@pytest.fixture
def small_catalog() -> list[Funder]:
    return make_funders(
        funder_data(
            id="uganda-exact",
            name="Uganda Exact Fund",
            themes=["srhr", "youth"],
            regions=["UG"],
            eligibility={"registered_in": ["any"]},
            grant={"min_eur": 100_000, "max_eur": 700_000},
            forms=["grant"],
            access="rolling",
        ),
        funder_data(
            id="east-africa-fund",
            name="East Africa Fund",
            themes=["srhr"],
            regions=["east-africa"],
            eligibility={"registered_in": ["NL"]},
            grant={"min_eur": 25_000, "max_eur": 500_000},
            forms=["grant"],
            access="open_call",
            deadlines=[date(2027, 3, 1)],
        ),
        funder_data(
            id="global-fund-x",
            name="Global Fund X",
            themes=["srhr"],
            regions=["global"],
            forms=["grant"],
            access="invitation_only",
        ),
        funder_data(
            id="ugandan-only",
            name="Ugandan Local Fund",
            themes=["srhr"],
            regions=["UG"],
            eligibility={"registered_in": ["UG"]},
        ),
        funder_data(id="closed-fund", name="Closed Fund", access="closed"),
        funder_data(
            id="loans-only",
            name="Loans Only",
            forms=["loan"],
            eligibility={"registered_in": ["any"]},
        ),
    )
