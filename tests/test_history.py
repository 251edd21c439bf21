"""Grant history: validation, evidence in the ranking, the theme hierarchy, who may apply, partners."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fundfinder.advise.report import build_report
from fundfinder.cli import app
from fundfinder.errors import CatalogError
from fundfinder.i18n import say_all
from fundfinder.load.catalog import Catalog
from fundfinder.load.history import History, PastGrant, Recipient, load_grants
from fundfinder.rank.scoring import rank, score_funder, theme_part
from fundfinder.taxonomy import Taxonomy

from .conftest import TODAY, funder_data, make_funders, make_profile

runner = CliRunner()


def grant(funder: str, name: str, reg: str, themes: tuple[str, ...], year: int = 2023) -> PastGrant:
    return PastGrant(
        funder, Recipient(name, reg, "ngo", "m", themes, ("Uganda",)), year, ("https://e.org/g",)
    )


def test_bad_grant_file_names_file_line_and_field(tmp_path: Path, taxonomy: Taxonomy) -> None:
    (tmp_path / "g.yaml").write_text(
        "- funder: no-such-fund\n"
        "  recipient: {name: X, registered_in: Atlantis, themes: [water]}\n"
        "  year: 2023\n"
        "  sources: [not a url]\n"
    )
    with pytest.raises(CatalogError) as err:
        load_grants(tmp_path, taxonomy, {"stichting-doen"})
    message = str(err.value)
    assert "g.yaml:1: grants[0].funder: unknown funder id 'no-such-fund'" in message
    assert "grants[0].recipient.registered_in: unknown country 'Atlantis'" in message
    assert "grants[0].sources[0]: not an http(s) address" in message


def test_shipped_grants_validate_and_meet_the_counts(taxonomy: Taxonomy) -> None:
    result = runner.invoke(app, ["db", "validate"])
    assert result.exit_code == 0, result.output
    line = next(x for x in result.output.splitlines() if "past grants" in x)
    grants, funders, recipients = (int(w) for w in line.split() if w.isdigit())
    assert grants >= 600 and funders >= 60 and recipients >= 200


def test_history_lifts_a_funder_of_organisations_like_yours(taxonomy: Taxonomy) -> None:
    funders = make_funders(
        funder_data(id="has-history", name="Has History", themes=["srhr"], regions=["UG"]),
        funder_data(id="no-history", name="No History", themes=["srhr"], regions=["UG"]),
    )
    history = History(
        [grant("has-history", "Stichting Jong Gezond", "NL", ("SRHR", "youth"), 2024)], taxonomy
    )
    profile = make_profile()
    matches, _ = rank(profile, funders, taxonomy, TODAY, history.evidence(profile))
    assert [m.funder.id for m in matches] == ["has-history", "no-history"]
    text = say_all(matches[0].reasons, "en", taxonomy)
    assert text[0] == "funded an organisation like yours: Stichting Jong Gezond (2024)"
    assert [g.recipient.name for g in matches[0].history] == ["Stichting Jong Gezond"]
    assert "no past grants known" in say_all(matches[1].reasons, "en", taxonomy)
    # its own grants are not evidence for itself
    own = make_profile(organisation={"name": "Stichting Jong Gezond", "registered_in": "NL"})
    assert "has-history" not in history.evidence(own)


def test_broader_funder_theme_gives_partial_credit(taxonomy: Taxonomy) -> None:
    broad, exact, narrow_many = make_funders(
        funder_data(id="broad", themes=["human-rights"]),
        funder_data(id="exact", themes=["media"]),
        funder_data(id="many", themes=["media", "climate", "energy", "education", "health"]),
    )
    profile = make_profile(themes=["press freedom"])
    fits = {f.id: theme_part(profile, f, taxonomy).fit or 0 for f in (broad, exact, narrow_many)}
    assert fits["exact"] > fits["many"] > fits["broad"] > 0
    reason = say_all(theme_part(profile, broad, taxonomy).reasons, "en", taxonomy)
    assert reason == ["funds human rights, which covers press freedom in part"]


def test_who_may_apply_weighs_in(taxonomy: Taxonomy) -> None:
    open_, unknown, women = make_funders(
        funder_data(id="open", eligibility={"registered_in": ["any"], "org_types": ["ngo"]}),
        funder_data(id="unknown"),
        funder_data(id="women", eligibility={"registered_in": ["any"], "requires": ["women_led"]}),
    )
    profile = make_profile()
    scores = {f.id: score_funder(profile, f, taxonomy, TODAY) for f in (open_, unknown, women)}
    access = {k: dict(s.breakdown)["access"] or 0 for k, s in scores.items()}
    assert (
        access["open"] == 1.0
        and access["open"] > access["women"]
        and access["open"] > access["unknown"]
    )
    assert "who may apply is unknown (scored lower)" in say_all(
        scores["unknown"].reasons, "en", taxonomy
    )
    assert "gives only to groups led by women" in say_all(scores["women"].reasons, "en", taxonomy)


def test_southern_grantees_mark_a_funder_for_the_partners(taxonomy: Taxonomy) -> None:
    funders = make_funders(
        funder_data(id="southern", name="Southern Fund", themes=["srhr"], regions=["UG"]),
        funder_data(id="local-only", name="Local Only", eligibility={"registered_in": ["UG"]}),
        funder_data(id="open", name="Open Fund", eligibility={"registered_in": ["any"]}),
    )
    history = History(
        [grant("southern", f"Group {i}", "UG", ("SRHR",)) for i in range(3)], taxonomy
    )
    catalog = Catalog(tuple(funders), ("t.yaml",), history=history)
    report = build_report(make_profile(), catalog, taxonomy, TODAY)
    own = {m.funder.id: m for m in report.matches}
    assert own["southern"].score < 50  # its grantees are all registered far from NL
    assert {m.funder.id for m in report.partners} == {"southern", "local-only"}
    assert report.partner_places == ("UG",)


def test_funders_show_lists_known_grants() -> None:
    result = runner.invoke(app, ["funders", "show", "mama-cash", "--format", "json"])
    assert result.exit_code == 0, result.output
    import json

    data = json.loads(result.output)
    assert data["history"] and all(g["funder"] == "mama-cash" for g in data["history"])
    assert all(g["sources"] for g in data["history"])
    years = [g["year"] for g in data["history"]]
    assert years == sorted(years, reverse=True)
    plain = runner.invoke(app, ["funders", "show", "mama-cash"]).output
    assert f"Known grants ({len(years)})" in plain


def test_evidence_counts_each_recipient_once(taxonomy: Taxonomy) -> None:
    history = History(
        [
            grant("f", "Stichting Jong Gezond", "NL", ("SRHR", "youth"), 2022),
            grant("f", "Stichting Jong Gezond", "NL", ("SRHR", "youth"), 2024),
            grant("f", "Other Youth Group", "NL", ("SRHR",), 2023),
        ],
        taxonomy,
    )
    ev = history.evidence(make_profile())["f"]
    assert ev.count_like == 2 and ev.known == 3
    assert [g.recipient.name for g in ev.like_yours] == [
        "Stichting Jong Gezond",
        "Other Youth Group",
    ]
    assert ev.like_yours[0].year == 2024  # the most recent grant of the closest recipient


EXTRA_GRANT = """\
- funder: {funder}
  recipient:
    name: Stichting Testgeval Jongeren
    registered_in: NL
    org_type: ngo
    size_band: m
    themes: [sexual and reproductive health, youth]
    regions: [Uganda]
  year: 2025
  amount_eur: 150000
  sources: ['https://example.org/annual-report-2025']
"""


def _history_reasons(result_output: str, funder: str) -> list[str]:
    data = json.loads(result_output)
    match = next(m for m in data["matches"] if m["id"] == funder)
    return [g["recipient"]["name"] for g in match["history"]]


def test_extra_grants_from_the_command_line_count_in_the_ranking(tmp_path: Path) -> None:
    """--grants FILE (or FUNDFINDER_GRANTS) adds a grant history beside the shipped one."""
    runner = CliRunner()
    plain = runner.invoke(app, ["demo", "-f", "json", "--top", "0"])
    assert plain.exit_code == 0, plain.output
    funder = next(
        m["id"] for m in json.loads(plain.output)["matches"] if not m["history"]
    )  # a funder with no known grants yet
    extra = tmp_path / "mine.yaml"
    extra.write_text(EXTRA_GRANT.format(funder=funder), encoding="utf-8")
    added = runner.invoke(app, ["demo", "-f", "json", "--top", "0", "--grants", str(extra)])
    assert added.exit_code == 0, added.output
    assert _history_reasons(added.output, funder) == ["Stichting Testgeval Jongeren"]
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "a.yaml").write_text(EXTRA_GRANT.format(funder=funder), encoding="utf-8")
    by_env = runner.invoke(
        app, ["demo", "-f", "json", "--top", "0"], env={"FUNDFINDER_GRANTS": str(folder)}
    )
    assert by_env.exit_code == 0, by_env.output
    assert _history_reasons(by_env.output, funder) == ["Stichting Testgeval Jongeren"]


def test_extra_grants_are_checked_like_the_shipped_ones(tmp_path: Path) -> None:
    runner = CliRunner()
    missing = runner.invoke(app, ["demo", "--grants", str(tmp_path / "nope.yaml")])
    assert missing.exit_code == 1
    assert "nope.yaml: no such file" in missing.output
    bad = tmp_path / "bad.yaml"
    bad.write_text(EXTRA_GRANT.format(funder="no-such-funder-xyz"), encoding="utf-8")
    result = runner.invoke(app, ["demo", "--grants", str(bad)])
    assert result.exit_code == 1
    assert f"{bad}:1: grants[0].funder: unknown funder id 'no-such-funder-xyz'" in result.output


def test_a_large_grant_file_known_by_its_stamp_is_read_again_when_it_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, taxonomy: Taxonomy
) -> None:
    """Large grant files key the cache by place, size and change times (not by reading
    them): a changed file still gets a new entry."""
    import fundfinder.cache as cache_module
    from fundfinder.load.history import load_history

    monkeypatch.setattr(cache_module, "STAMP_FROM", 10)
    monkeypatch.setenv("FUNDFINDER_CACHE_DIR", str(tmp_path / "cache"))
    folder = tmp_path / "grants"
    folder.mkdir()
    target = folder / "g.yaml"
    target.write_text(EXTRA_GRANT.format(funder="mama-cash"), encoding="utf-8")
    first = load_history(taxonomy, folder=folder)
    assert len(first) == 1
    assert len(load_history(taxonomy, folder=folder)) == 1  # from the cache
    target.write_text(
        EXTRA_GRANT.format(funder="mama-cash") + EXTRA_GRANT.format(funder="mama-cash"),
        encoding="utf-8",
    )
    assert len(load_history(taxonomy, folder=folder)) == 2
