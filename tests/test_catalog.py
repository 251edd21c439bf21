"""The funder database: validation with file:line, overlays, the shipped data."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from fundfinder.cli import app
from fundfinder.errors import CatalogError
from fundfinder.load.catalog import load_catalog
from fundfinder.load.curation import coverage, curation_warnings, near_duplicates
from fundfinder.load.schema import parse_catalog
from fundfinder.load.yamlsafe import parse_yaml

from .conftest import TODAY, funder_data, make_funders

runner = CliRunner()


def test_valid_entry_parses() -> None:
    [f] = make_funders(funder_data(grant={"min_eur": 1000, "max_eur": 5000, "core_support": True}))
    assert f.id == "test-fund" and f.themes == ("srhr",) and f.grant.core_support is True
    assert f.eligibility.registered_in is None  # unknown, not "any"


def test_every_problem_reported_with_line() -> None:
    text = """\
- id: good-one
  name: Good
  type: foundation
  based_in: NL
  themes: [srhr]
  regions: [UG]
  sources: [https://example.org]
  as_of: 2026-10
- id: bad-one
  name: Bad
  type: fundation
  based_in: NL
  themes: [sexual health stuff]
  regions: [Mars]
  sources: [not a url]
  as_of: 2026-13
  colour: blue
"""
    with pytest.raises(CatalogError) as err:
        parse_catalog(parse_yaml(text), "db.yaml")
    message = str(err.value)
    assert (
        "db.yaml:11: funders[1](bad-one).type: unknown value 'fundation' (did you mean 'foundation'?)"
        in message
    )
    assert "db.yaml:13: funders[1](bad-one).themes[0]: unknown theme" in message
    assert "db.yaml:14: funders[1](bad-one).regions[0]: unknown place 'Mars'" in message
    assert "db.yaml:15: funders[1](bad-one).sources[0]: not an http(s) address" in message
    assert "db.yaml:16: funders[1](bad-one).as_of: expected YYYY-MM" in message
    assert "db.yaml:17: funders[1](bad-one).colour: unknown key" in message
    assert len(err.value.problems) == 6


def test_duplicate_id_and_missing_source() -> None:
    entries = [funder_data(), funder_data(name="Other"), funder_data(id="no-src", sources=None)]
    text = yaml.safe_dump(entries, sort_keys=False)
    with pytest.raises(CatalogError) as err:
        parse_catalog(parse_yaml(text), "db.yaml")
    message = str(err.value)
    assert "duplicate id 'test-fund' (first used on line 1)" in message
    assert "funders[2](no-src).sources: is required" in message


def test_theme_suggestion_uses_taxonomy() -> None:
    with pytest.raises(CatalogError, match="unknown theme 'SRHR' \\(did you mean 'srhr'\\?\\)"):
        make_funders(funder_data(themes=["SRHR"]))


def test_empty_and_wrong_top_level() -> None:
    with pytest.raises(CatalogError, match="the file is empty"):
        parse_catalog(None, "x.yaml")
    with pytest.raises(CatalogError, match="expected a list of funder entries"):
        parse_catalog("just text", "x.yaml")


def test_overlay_replaces_and_adds(tmp_path: Path) -> None:
    base = tmp_path / "base.yaml"
    base.write_text(yaml.safe_dump([funder_data(), funder_data(id="two", name="Two")]))
    overlay = tmp_path / "overlay.yaml"
    overlay.write_text(
        yaml.safe_dump(
            [funder_data(name="Test Fund Renamed"), funder_data(id="three", name="Three")]
        )
    )
    catalog = load_catalog([overlay], base=base)
    assert sorted(f.id for f in catalog.funders) == ["test-fund", "three", "two"]
    assert catalog.get("test-fund").name == "Test Fund Renamed"  # type: ignore[union-attr]
    assert catalog.files == (str(base), str(overlay))


def test_overlay_problems_name_the_overlay(tmp_path: Path) -> None:
    base = tmp_path / "base.yaml"
    base.write_text(yaml.safe_dump([funder_data()]))
    overlay = tmp_path / "overlay.yaml"
    overlay.write_text("- id: x\n  name: X\n")
    with pytest.raises(
        CatalogError, match=r"overlay\.yaml:1: funders\[0\]\(x\)\.type: is required"
    ):
        load_catalog([overlay], base=base)


def test_near_duplicates_found() -> None:
    funders = make_funders(
        funder_data(id="a", name="Stichting Kinderfonds Rotterdam"),
        funder_data(id="b", name="Kinderfonds Rotterdam"),
        funder_data(id="c", name="Oak Foundation"),
        funder_data(id="d", name="Rabo Foundation"),
    )
    pairs = [(a.id, b.id) for a, b, _ in near_duplicates(funders)]
    assert pairs == [("a", "b")]
    notes = curation_warnings(funders, TODAY)
    assert any("nearly the same" in str(n.message) for n in notes)


def test_shipped_database_is_valid_and_sourced() -> None:
    catalog = load_catalog()
    assert len(catalog.funders) >= 40
    for f in catalog.funders:
        assert f.sources and all(s.startswith(("http://", "https://")) for s in f.sources)
        assert f.as_of
    errors = [n for n in curation_warnings(catalog.funders, TODAY) if n.severity == "error"]
    assert errors == []


def test_coverage_counts(taxonomy) -> None:  # type: ignore[no-untyped-def]
    funders = make_funders(
        funder_data(id="a", name="A", regions=["KE"], as_of="2020-01"),
        funder_data(id="b", name="Bee", regions=["global"], type="lottery"),
    )
    stats = coverage(funders, taxonomy, TODAY)
    assert stats["by_type"] == {"foundation": 1, "lottery": 1}
    assert stats["by_continent"]["africa"] == "1 (+1 global)"
    assert [s["id"] for s in stats["stale"]] == ["a"]


def test_shipped_database_coverage(taxonomy) -> None:  # type: ignore[no-untyped-def]
    catalog = load_catalog()
    stats = coverage(catalog.funders, taxonomy, TODAY)
    types = stats["by_type"]
    assert stats["funders"] >= 250
    assert stats["by_base_country"]["NL"] >= 60
    assert types["bilateral"] >= 10
    assert types.get("eu", 0) + types.get("multilateral", 0) >= 12
    assert types["foundation"] >= 80
    assert types["corporate"] >= 8
    assert types["crowdfunding"] >= 5
    assert types["impact_investor"] >= 6
    assert types["women_fund"] >= 6
    assert min(stats["by_theme"].values()) >= 8, stats["by_theme"]
    for continent, text in stats["by_continent"].items():
        explicit, global_count = (
            int(x) for x in text.replace("(+", "").replace(" global)", "").split()
        )
        assert explicit + global_count >= 20, continent
    # no two entries are the same funder
    assert near_duplicates(catalog.funders) == []


def test_calls_status_and_parent_are_read_and_checked(tmp_path, taxonomy) -> None:  # type: ignore[no-untyped-def]
    from datetime import date

    from fundfinder.load.schema import parse_catalog
    from fundfinder.rank.scoring import exclusions, next_deadline, timing_part
    from tests.conftest import make_profile

    good = funder_data(
        id="cycle",
        calls=[
            {
                "name": "Yearly round",
                "opens": "08-01",
                "closes": "09-15",
                "recurs": "yearly",
                "confirmed": 2025,
                "source": "https://example.org/call",
            },
            {
                "name": "One-off",
                "closes": "2027-02-01",
                "recurs": "once",
                "source": "https://example.org/once",
            },
        ],
        parent="some-parent",
        grant={"range_published": False},
    )
    [f] = parse_catalog([good], "db.yaml", taxonomy)
    assert next_deadline(f, date(2026, 11, 29)) == (date(2027, 2, 1), False)
    assert next_deadline(f, date(2027, 2, 2)) == (date(2027, 9, 15), True)
    assert f.grant.range_published is False and f.parent == "some-parent"
    reasons = timing_part(f._replace(calls=f.calls[:1]), date(2026, 11, 29)).reasons
    assert reasons[0].key == "timing.estimated"
    bad = funder_data(id="bad", calls=[{"name": "X", "closes": "2027-09-15", "recurs": "yearly"}])
    with pytest.raises(CatalogError, match=r"calls\[0\]\.closes: a recurring call takes MM-DD"):
        parse_catalog([bad], "db.yaml", taxonomy)
    closed = funder_data(id="gone", status="closed", replaced_by="New Fund")
    [g] = parse_catalog([closed], "db.yaml", taxonomy)
    assert [r.key for r in exclusions(make_profile(), g, taxonomy)] == ["excl.replaced"]


def test_strict_validation_and_completeness(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import yaml

    path = tmp_path / "db.yaml"
    path.write_text(yaml.safe_dump([funder_data(id="thin", as_of="2026-10")]))
    assert runner.invoke(app, ["db", "validate", str(path)]).exit_code == 0
    strict = runner.invoke(app, ["db", "validate", str(path), "--strict"])
    assert strict.exit_code == 1
    assert "eligibility.registered_in: is missing (required by --strict)" in strict.output
    stats = runner.invoke(app, ["db", "stats", "--format", "json"])
    assert stats.exit_code == 0
    import json

    completeness = json.loads(stats.output)["completeness"]
    assert completeness["access"] > 0 and "call cycle or rolling" in completeness


def test_search_finds_instruments_by_their_parents_name() -> None:
    result = runner.invoke(app, ["funders", "search", "Europese Commissie", "--limit", "20"])
    assert result.exit_code == 0
    assert "european-commission" in result.output and "eu-cerv" in result.output
    result = runner.invoke(app, ["funders", "search", "Ministerie van Buitenlandse Zaken"])
    assert "nl-ministry-foreign-" in result.output and "bz-" in result.output


def test_show_takes_a_name_and_search_says_when_nothing_matches() -> None:
    shown = runner.invoke(app, ["funders", "show", "Postcode Loterij"])
    assert shown.exit_code == 0 and "nationale-postcode-loterij" in shown.output
    missing = runner.invoke(app, ["funders", "show", "qqqq"])
    assert missing.exit_code == 1 and "no funder with id or name 'qqqq'" in missing.output
    nothing = runner.invoke(app, ["funders", "search", "xyz qqq"])
    assert (
        nothing.exit_code == 0 and "No funder's name or alias is like 'xyz qqq'" in nothing.output
    )
