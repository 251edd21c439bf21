"""The grant history in columns gives every funder the same evidence as one grant at a time."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fundfinder.load.history import (
    BULK_GRANTS,
    History,
    load_grants,
    parse_grants,
    profile_features,
)
from fundfinder.load.history_bulk import evidence as bulk_evidence
from fundfinder.load.profile import parse_profile
from fundfinder.taxonomy import load_taxonomy

from .test_properties import profiles

TAX = load_taxonomy()
_HISTORY: list[History] = []


def _history() -> History:
    """The shipped grants and synthetic ones (benchmarks/synthetic.py), in columns."""
    if not _HISTORY:
        spec = importlib.util.spec_from_file_location(
            "synthetic", Path(__file__).resolve().parents[1] / "benchmarks" / "synthetic.py"
        )
        assert spec is not None and spec.loader is not None
        synthetic = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(synthetic)
        from fundfinder.load.history import default_grants

        shipped = list(load_grants(default_grants(), TAX))
        extra = parse_grants(synthetic.synthetic_grants(BULK_GRANTS, seed=11), "s.yaml", TAX)
        _HISTORY.append(History([*shipped, *extra], TAX))
    return _HISTORY[0]


def _same(history: History, mine: Any, own_key: str) -> None:
    slow = history._compute(mine, own_key)
    fast = bulk_evidence(history, mine, own_key)
    assert set(fast) == set(slow)
    for funder, want in slow.items():
        got = fast[funder]
        # the fit is rounded to 4 places: float noise may sit on a rounding edge
        assert abs(got.fit - want.fit) <= 0.00011, funder
        assert got._replace(fit=want.fit) == want, funder


def test_a_large_history_is_compiled_into_columns() -> None:
    history = _history()
    assert history.columns is not None
    assert len(history.columns["g_funder"]) == len(history)


@settings(max_examples=30, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(profiles(), st.sampled_from(["size", "none", "hidden"]))
def test_columns_and_one_by_one_give_the_same_evidence(
    profile_data: dict[str, Any], variant: str
) -> None:
    history = _history()
    if variant == "size":
        profile_data["organisation"]["annual_budget_eur"] = 2_500_000
    if variant == "none":
        profile_data["organisation"].pop("registered_in")
    profile = parse_profile(profile_data, "p.yaml", TAX)
    mine = profile_features(profile)
    own_key = history._keys[len(history) // 2] if variant == "hidden" else "p"
    _same(history, mine, own_key)


def test_the_shipped_history_stays_one_by_one() -> None:
    """The demo's few hundred grants need no numpy: columns only from BULK_GRANTS on."""
    from fundfinder.load.history import default_grants

    small = History(load_grants(default_grants(), TAX), TAX)
    assert len(small) < BULK_GRANTS and small.columns is None


def test_a_large_history_read_back_from_the_cache_keeps_its_grants_packed() -> None:
    """Stored and read back (the compiled cache), the grants stay one byte array, each decoded
    when read; the evidence and a funder's grants are as before."""
    from fundfinder.datacodec import decode, encode
    from fundfinder.load.history_bulk import PackedGrants

    history = _history()
    payload, arrays = encode(history)
    again = decode(payload, arrays)
    assert isinstance(again, History) and isinstance(again.grants, PackedGrants)
    assert len(again) == len(history)
    assert list(again.grants[-3:]) == list(history.grants[-3:])
    assert again.grants[0] == history.grants[0]
    profile = parse_profile(
        {
            "organisation": {"name": "X", "registered_in": "UG"},
            "themes": ["SRHR"],
            "regions": ["UG"],
        },
        "p.yaml",
        TAX,
    )
    assert again.evidence(profile) == history.evidence(profile)
    funder = history.grants[len(history) - 1].funder
    assert again.of_funder(funder) == history.of_funder(funder)


def test_grants_like_the_applicant_are_decoded_only_when_read() -> None:
    """A report names the grants like the applicant's of the few funders it shows: a large
    history's are decoded then, not for every funder compared, and stand for their tuple."""
    import pickle

    from fundfinder.load.history_bulk import Deferred

    history = _history()
    reads: list[int] = []

    class Counting(list):  # type: ignore[type-arg]
        def __getitem__(self, index: Any) -> Any:
            reads.append(index)
            return super().__getitem__(index)

    grants = Counting(history.grants[:5])
    deferred = Deferred(grants, [3, 1])
    assert len(deferred) == 2 and bool(deferred) and reads == []
    assert deferred == (history.grants[3], history.grants[1]) and reads == [3, 1]
    assert list(deferred) == [history.grants[3], history.grants[1]] and reads == [3, 1]
    assert deferred[0] == history.grants[3] and deferred[:1] == (history.grants[3],)
    assert (history.grants[3], history.grants[1]) == deferred  # a tuple on the left
    assert pickle.loads(pickle.dumps(deferred)) == (history.grants[3], history.grants[1])
    assert not Deferred(grants, ())


def test_a_small_history_read_back_from_the_cache_is_the_same() -> None:
    """The shipped history is stored as plain rows and rebuilt in one pass: grants, features,
    recipient keys and evidence are as built; rows that do not fit are refused (rebuilt)."""
    import json

    import pytest

    from fundfinder.datacodec import FormatError, decode, encode
    from fundfinder.load.history import default_grants

    history = History(load_grants(default_grants(), TAX), TAX)
    payload, arrays = encode(history)
    again = decode(payload, arrays)
    assert isinstance(again, History) and again.columns is None
    assert again.grants == history.grants
    assert again._features == history._features and again._keys == history._keys
    assert again.by_funder == history.by_funder
    profile = parse_profile(
        {"organisation": {"name": "X", "registered_in": "NL"}, "themes": ["SRHR", "youth"],
         "regions": ["UG"]},
        "p.yaml",
        TAX,
    )  # fmt: skip
    assert again.evidence(profile) == history.evidence(profile)
    tree = json.loads(bytes(payload))
    state = tree["v"]
    for key, bad in (("feature_of", [10**6]), ("keys", ["one"]), ("grant_rows", [[1, 2]])):
        broken = dict(state, **{key: bad})
        with pytest.raises(FormatError):
            decode(json.dumps(dict(tree, v=broken)).encode(), arrays)
