"""The association's batch run and Dutch throughout."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import yaml
from typer.testing import CliRunner

from fundfinder.advise.batch import Outcome, summarise
from fundfinder.advise.report import build_report
from fundfinder.cli import app
from fundfinder.load.catalog import Catalog, load_catalog
from fundfinder.load.profile import parse_profile
from fundfinder.taxonomy import Taxonomy

from .conftest import TODAY, funder_data, make_funders, make_profile, profile_data

runner = CliRunner()
ENV = {"FUNDFINDER_TODAY": "2026-11-26", "NO_COLOR": "1", "COLUMNS": "100"}

DUTCH_PROFILE = {
    "organisation": {"name": "Stichting Rechten Oost", "registered_in": "Nederland", "org_type": "ngo",
                     "annual_budget_eur": 900_000, "anbi": "ja"},
    "themes": ["mensenrechten", "kinderrechten"],
    "regions": ["Oost-Afrika", "Hoorn van Afrika"],
    "need": {"amount_eur": 300_000, "forms": ["subsidie"]},
    "lang": "nl",
}  # fmt: skip


def test_dutch_profile_top_five_fit_theme_and_region(taxonomy: Taxonomy) -> None:
    profile = parse_profile(DUTCH_PROFILE, "nl.yaml", taxonomy)
    report = build_report(profile, load_catalog(taxonomy=taxonomy), taxonomy, TODAY)
    for match in report.matches[:5]:
        parts = dict(match.breakdown)
        assert parts["themes"] is not None and parts["themes"] >= 0.5, match.funder.id
        assert parts["regions"] is not None and parts["regions"] > 0, match.funder.id


def test_lang_switches_the_prose(tmp_path: Path) -> None:
    path = tmp_path / "nl.yaml"
    path.write_text(yaml.safe_dump(DUTCH_PROFILE, allow_unicode=True))
    dutch = runner.invoke(app, ["match", str(path), "--format", "markdown"], env=ENV).output
    english = runner.invoke(
        app, ["match", str(path), "--format", "markdown", "--lang", "en"], env=ENV
    ).output
    assert "## Gerangschikte fondsen" in dutch and "financiert mensenrechten" in dutch
    assert "## Ranked funders" in english and "funds human rights" in english
    assert "Gerangschikte" not in english and "Ranked funders" not in dutch


def test_summary_finds_contested_funders(taxonomy: Taxonomy) -> None:
    funders = make_funders(
        funder_data(id="shared", name="Shared Fund", grant={"max_eur": 50_000}),
        funder_data(id="only-a", name="Only A", themes=["education"], regions=["UG"]),
    )
    catalog = Catalog(tuple(funders), ("t",))
    a = build_report(make_profile(), catalog, taxonomy, TODAY)
    b = build_report(
        make_profile(organisation={"name": "B"}, themes=["SRHR"]), catalog, taxonomy, TODAY
    )
    summary = summarise(
        [Outcome("a.yaml", a), Outcome("b.yaml", b), Outcome("c.yaml", error="bad")], top=1
    )
    assert [c.funder.id for c in summary.contested] == ["shared"]
    contested = summary.contested[0]
    assert contested.members == ("Stichting Test", "B")
    assert contested.total_need_eur == 1_200_000
    assert [o.file for o in summary.failed] == ["c.yaml"]


def test_batch_writes_reports_and_summary_despite_a_broken_profile(tmp_path: Path) -> None:
    members = tmp_path / "members"
    members.mkdir()
    (members / "one.yaml").write_text(yaml.safe_dump(profile_data()))
    (members / "two.yaml").write_text(yaml.safe_dump(DUTCH_PROFILE, allow_unicode=True))
    (members / "broken.yaml").write_text("organisation: {name: Broken\nthemes: [x\n")
    (members / "notes.txt").write_text("not a profile")
    out = tmp_path / "out"
    result = runner.invoke(app, ["batch", str(members), "--out", str(out), "--json"], env=ENV)
    assert result.exit_code == 1
    assert "1 of 3 profiles could not be read: broken.yaml" in result.output
    assert sorted(p.name for p in out.iterdir()) == [
        "one.json", "one.md", "summary.json", "summary.md", "two.json", "two.md",
    ]  # fmt: skip
    summary = (out / "summary.md").read_text()
    assert "## Contested funders" in summary
    assert "| [Stichting Test](<one.md>) | one.yaml |" in summary  # linked to its report
    assert "**broken.yaml**" in summary and "not valid YAML" in summary
    data = json.loads((out / "summary.json").read_text())
    assert data["failed"] == ["broken.yaml"]
    assert {m.get("name") for m in data["members"] if "name" in m} == {
        "Stichting Test",
        "Stichting Rechten Oost",
    }
    assert (out / "two.md").read_text().startswith("# Financieringsrapport: Stichting Rechten Oost")
    # a second run does not overwrite without --force
    again = runner.invoke(app, ["batch", str(members), "--out", str(out)], env=ENV)
    assert again.exit_code == 1 and "use --force to overwrite" in again.output


def test_batch_on_an_empty_or_missing_folder(tmp_path: Path) -> None:
    result = runner.invoke(app, ["batch", str(tmp_path), "--out", str(tmp_path / "o")], env=ENV)
    assert result.exit_code == 1 and "no profile files" in result.output
    result = runner.invoke(
        app, ["batch", str(tmp_path / "nope"), "--out", str(tmp_path / "o")], env=ENV
    )
    assert result.exit_code == 1 and "not a folder" in result.output


def test_errors_speak_the_profile_language(tmp_path: Path) -> None:
    path = tmp_path / "fout.yaml"
    path.write_text(
        "organisation:\n  name: Fout\n  annual_budget_eur: veel\nthemes: [qqqq wwww]\n"
        "regions: [Xyzzyland]\nlang: nl\n"
    )
    dutch = runner.invoke(app, ["match", str(path)], env=ENV).output
    assert dutch.startswith(f"Fout: {path}: 3 problemen in het profiel:")
    assert (
        f"{path}:3: organisation.annual_budget_eur: verwacht een getal, kreeg tekst 'veel'" in dutch
    )
    assert "onbekend thema 'qqqq wwww'" in dutch
    english = runner.invoke(app, ["match", str(path), "--lang", "en"], env=ENV).output
    assert english.startswith(f"Error: {path}: 3 problems in the profile:")
    missing = runner.invoke(
        app, ["match", str(tmp_path / "nope.yaml"), "--lang", "nl"], env=ENV
    ).output
    assert missing == f"Fout: {tmp_path / 'nope.yaml'}: bestand bestaat niet\n"


def test_example_members_run_cleanly(tmp_path: Path) -> None:
    from fundfinder.paths import data_file

    members = data_file("examples/members")
    result = runner.invoke(
        app, ["batch", str(members), "--out", str(tmp_path / "out"), "--lang", "nl"], env=ENV
    )
    assert result.exit_code == 0, result.output
    written = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert written == [
        "jongeren-srgr.md",
        "rights-alliance-nl.md",
        "stichting-water-oost.md",
        "summary.md",
    ]
    summary = (tmp_path / "out" / "summary.md").read_text()
    assert (
        "| [Stichting Schoon Water Oost](<stichting-water-oost.md>) | stichting-water-oost.yaml"
        " | hoog | 4,4 |"
    ) in summary
    english = runner.invoke(app, ["batch", str(members), "--out", str(tmp_path / "en")], env=ENV)
    assert english.exit_code == 0, english.output
    # without --lang the summary is the association's default, English, whatever the members'
    assert (tmp_path / "en" / "summary.md").read_text().startswith("# Batch summary")


def test_batch_messages_in_the_associations_language(tmp_path: Path) -> None:
    from fundfinder.paths import data_file

    members = tmp_path / "members"
    shutil.copytree(data_file("examples/members"), members)
    (members / "broken.yaml").write_text("organisation: [\n")
    result = runner.invoke(
        app, ["batch", str(members), "--out", str(tmp_path / "out"), "--lang", "nl"], env=ENV
    )
    assert result.exit_code == 1
    text = " ".join(result.output.split())
    assert "3 rapporten en" in text and "geschreven (" in text
    assert "Fout: 1 van 4 profielen niet te lezen: broken.yaml" in text
