"""Bulk scoring of large databases gives exactly what the ordinary scorer gives."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from fundfinder.advise.report import build_report
from fundfinder.load.catalog import Catalog, load_catalog
from fundfinder.load.index import compile_part
from fundfinder.load.profile import parse_profile
from fundfinder.load.schema import parse_catalog
from fundfinder.rank.scoring import rank
from fundfinder.taxonomy import load_taxonomy

from .conftest import funder_data, profile_data
from .test_properties import catalogs, profiles

TAX = load_taxonomy()
TODAY = date(2026, 11, 26)


def compiled(funders: list[Any]) -> Catalog:
    part = compile_part(funders, "big.yaml", TAX)
    return Catalog(files=("big.yaml",), parts=[(part, [True] * len(funders))])


@settings(max_examples=80, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(catalogs(), profiles(), st.integers(min_value=1, max_value=6))
def test_bulk_ranking_equals_the_ordinary_one(
    entries: list[dict[str, Any]], profile_data: dict[str, Any], want: int
) -> None:
    funders = parse_catalog(entries, "db.yaml", TAX)
    profile = parse_profile(profile_data, "p.yaml", TAX)
    catalog = compiled(funders)
    evidence = catalog.history.evidence(profile)
    slow, slow_excluded = rank(profile, funders, TAX, TODAY, evidence)
    report = build_report(profile, catalog, TAX, TODAY, want=want)
    head = build_report(profile, catalog, TAX, TODAY, want=want).excluded[:want]
    assert [e.funder.id for e in head] == [e.funder.id for e in slow_excluded[:want]]
    assert len(report.matches) == len(slow)
    assert list(report.matches[:want]) == list(slow[:want])  # exact, reasons included
    assert list(report.matches) == list(slow)  # the rest, when read
    assert [e.funder.id for e in report.excluded] == [e.funder.id for e in slow_excluded]
    assert [e.reasons for e in report.excluded] == [e.reasons for e in slow_excluded]
    plain = build_report(profile, Catalog(funders), TAX, TODAY, want=want)
    assert report.partner_places == plain.partner_places
    assert len(report.partners) == len(plain.partners)  # the funders for the partners
    assert list(report.partners) == list(plain.partners)


def test_large_overlay_replaces_and_merges(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import fundfinder.load.catalog as catalog_module

    monkeypatch.setattr(catalog_module, "LARGE_FILE", 3)
    base = tmp_path / "base.yaml"
    base.write_text(yaml.safe_dump([funder_data(id="a", name="A"), funder_data(id="b", name="B")]))
    overlay = tmp_path / "overlay.yaml"
    overlay.write_text(
        yaml.safe_dump(
            [
                funder_data(id="b", name="B2"),
                funder_data(id="c", name="C"),
                funder_data(id="d", name="D"),
            ]
        )
    )
    catalog = load_catalog([overlay], base=base, taxonomy=TAX)
    assert catalog.has_large and len(catalog) == 4
    assert sorted(f.name for f in catalog.funders) == ["A", "B2", "C", "D"]
    assert catalog.info().funders == 4
    profile = parse_profile(profile_data(), "p.yaml", TAX)
    report = build_report(profile, catalog, TAX, TODAY, want=2)
    slow, _ = rank(profile, list(catalog.funders), TAX, TODAY)
    assert [m.funder.id for m in report.matches] == [m.funder.id for m in slow]


@pytest.mark.parametrize(
    "themes, regions, registered, org_type",
    [
        (["SRHR", "youth"], ["Uganda", "Bangladesh"], "NL", "ngo"),
        (["press freedom", "investigative journalism"], ["Guatamala"], "GT", "grassroots"),
        (["climate justice", "land rights"], ["Nairobi"], "KE", "network"),
        (["SRHR", "droomfonds blockchain pilots"], ["Kenya"], "NL", "ngo"),  # free keywords
    ],
)
def test_bulk_ranking_with_grant_history_equals_the_ordinary_one(
    themes: list[str], regions: list[str], registered: str, org_type: str
) -> None:
    """The shipped funders, compiled: history evidence, access and themes agree in both paths."""
    funders = list(load_catalog(taxonomy=TAX).funders)
    catalog = compiled(funders)
    data = profile_data(themes=themes, regions=regions)
    data["organisation"].update(registered_in=registered, org_type=org_type)
    profile = parse_profile(data, "p.yaml", TAX)
    evidence = catalog.history.evidence(profile)
    assert any(ev.like_yours for ev in evidence.values())
    if "droomfonds blockchain pilots" in themes:
        assert profile.keywords and "droomfonds" in profile.keywords
    slow, _excluded = rank(profile, funders, TAX, TODAY, evidence)
    report = build_report(profile, catalog, TAX, TODAY, want=15)
    assert list(report.matches[:15]) == list(slow[:15])
    # the partners' funders: each place's first 60 are scored exactly, so the first 60 agree
    plain = build_report(profile, Catalog(funders), TAX, TODAY, want=15)
    assert list(report.partners[:60]) == list(plain.partners[:60])
    assert len(report.partners) == len(plain.partners)
    assert list(report.partners) == list(plain.partners)  # the rest, when read
    assert bool(report.partners) == (registered == "NL")  # partners abroad: places of work


@pytest.mark.parametrize("today", [date(2027, 2, 28), date(2027, 9, 16), date(2028, 12, 31)])
def test_bulk_timing_of_call_cycles_equals_the_ordinary_one(today: date) -> None:
    """Stated and recurring calls, dormant and closed funders: the same timing both ways."""
    from fundfinder.rank.fastrank import bulk_scores
    from fundfinder.rank.scoring import exclusions, score_funder

    funders = list(load_catalog(taxonomy=TAX).funders)
    part = compile_part(funders, "big.yaml", TAX)
    data = profile_data(themes=["SRHR", "youth", "droomfonds blockchain pilots"])
    profile = parse_profile(data, "p.yaml", TAX)
    assert profile.keywords
    evidence = compiled(funders).history.evidence(profile)
    excluded, scores, _theme = bulk_scores(profile, part, TAX, today, evidence)
    for i, funder in enumerate(funders):
        assert bool(excluded[i]) == bool(exclusions(profile, funder, TAX)), funder.id
        if not excluded[i]:
            exact = score_funder(profile, funder, TAX, today, evidence).score
            assert abs(float(scores[i]) - exact) <= 0.06, (funder.id, float(scores[i]), exact)


def _three_thousand() -> tuple[list[Any], Any]:
    """The shipped funders plus synthetic ones (benchmarks/synthetic.py): 3,000 in all."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "synthetic", Path(__file__).resolve().parents[1] / "benchmarks" / "synthetic.py"
    )
    assert spec is not None and spec.loader is not None
    synthetic = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(synthetic)
    shipped = load_catalog([], taxonomy=TAX).funders
    extra = parse_catalog(synthetic.synthetic_entries(3000 - len(shipped), seed=3), "s.yaml", TAX)
    funders = [*shipped, *extra]
    return funders, compile_part(funders, "big.yaml", TAX)


_BIG: list[tuple[list[Any], Any]] = []


@settings(max_examples=25, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(profiles())
@example(  # a theme fit on a rounding edge: 0.6187 one way, 0.6188 the other
    {
        "organisation": {"name": "P", "registered_in": "UG", "annual_budget_eur": None},
        "themes": ["agriculture", "poverty"],
        "regions": ["UG"],
        "need": {"amount_eur": 1, "forms": [], "core": False},
    }
)
def test_both_scorers_give_every_funder_the_same_score(profile_data: dict[str, Any]) -> None:
    """Every score of a 3,000-funder database, bulk and one by one: a formula or constant
    changed in only one of the two paths fails here (not only the top of the list)."""
    from fundfinder.rank.fastrank import bulk_scores

    if not _BIG:
        _BIG.append(_three_thousand())
    funders, part = _BIG[0]
    profile = parse_profile(profile_data, "p.yaml", TAX)
    evidence = load_catalog([], taxonomy=TAX).history.evidence(profile)
    excluded, bulk, _theme = bulk_scores(profile, part, TAX, TODAY, evidence)
    matches, slow_excluded = rank(profile, funders, TAX, TODAY, evidence)
    by_id = {m.funder.id: m.score for m in matches}
    assert {e.funder.id for e in slow_excluded} == {
        f.id for f, out in zip(funders, excluded, strict=True) if out
    }
    for funder, score, out in zip(funders, bulk, excluded, strict=True):
        if not out:
            # Both paths round each part to 4 places, where float noise may sit on a rounding
            # edge (0.0001 of a part: at most 0.01 points over all parts); the ordinary score
            # is then rounded to 0.1 (0.05 points).
            assert abs(float(score) - by_id[funder.id]) <= 0.0601, funder.id


@pytest.mark.parametrize("want", [1, 5, 20])
def test_the_first_excluded_funders_are_found_by_the_compiled_name_order(want: int) -> None:
    """A report's first excluded funders (name order) come from the name order compiled with
    the part: the same as sorting them all, without splitting every name."""
    from fundfinder.datacodec import decode, encode
    from fundfinder.load.index import Joined

    funders = list(load_catalog(taxonomy=TAX).funders)
    payload, arrays = encode(compile_part(funders, "big.yaml", TAX))
    part = decode(payload, [a.tobytes() for a in arrays])  # as read back from the cache
    catalog = Catalog(files=("big.yaml",), parts=[(part, [True] * len(funders))])
    data = profile_data(themes=["SRHR"], regions=["Kenya"])
    data["organisation"].update(registered_in="KE", org_type="grassroots", annual_budget_eur=9e6)
    profile = parse_profile(data, "p.yaml", TAX)
    _slow, slow_excluded = rank(profile, funders, TAX, TODAY)
    assert len(slow_excluded) > 2 * want
    head = build_report(profile, catalog, TAX, TODAY, want=want).excluded[:want]
    assert [e.funder.id for e in head] == [e.funder.id for e in slow_excluded[:want]]
    assert [e.reasons for e in head] == [e.reasons for e in slow_excluded[:want]]
    assert isinstance(part.names, Joined) and part.names._split is None  # none split


def test_a_ranked_view_ranks_more_only_as_far_as_it_is_read() -> None:
    """The first few are exact at once; reading further asks for at least as many again,
    never for the whole list until all of it is read; any index or slice is the full list's."""
    from fundfinder.rank.fastrank import RankedView

    whole = tuple(range(100))
    asked: list[int] = []

    def more(n: int) -> tuple[Any, ...]:
        asked.append(n)
        return whole[:n]

    view = RankedView(whole[:10], 100, more)  # type: ignore[arg-type]
    assert len(view) == 100 and view[:10] == whole[:10] and view[9] == 9 and not asked
    assert view[10] == 10 and asked == [20]  # as many again
    assert view[:15] == whole[:15] and asked == [20]
    assert view[30:35] == whole[30:35] and asked == [20, 40]
    assert view[-5:-3] == whole[-5:-3] and view[-1] == 99 and view[::-7] == whole[::-7]
    assert view[50:40] == () and list(view) == list(whole) and asked[-1] == 100
    with pytest.raises(IndexError):
        view[100]
