"""The command line, driven through typer's runner."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from fundfinder.cli import app

from .conftest import funder_data, profile_data

runner = CliRunner()


def run(*args: str, env: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    base = {"FUNDFINDER_TODAY": "2026-11-26", "NO_COLOR": "1", "COLUMNS": "100"}
    return runner.invoke(app, list(args), env={**base, **(env or {})})


def write(tmp_path: Path, name: str, data: object) -> Path:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else yaml.safe_dump(data, sort_keys=False))
    return path


def test_demo_prints_a_ranked_report() -> None:
    result = run("demo")
    assert result.exit_code == 0, result.output
    assert "Stichting Voorbeeld" in result.output
    assert "matches" in result.output
    assert "\x1b[" not in result.output


def test_match_json_follows_the_design(tmp_path: Path) -> None:
    profile = write(tmp_path, "p.yaml", profile_data())
    result = run("match", str(profile), "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert set(data) >= {
        "matches",
        "excluded",
        "diagnosis",
        "funding_forms",
        "checklist",
        "database",
    }
    ranks = [m["rank"] for m in data["matches"]]
    scores = [m["score"] for m in data["matches"]]
    assert ranks == list(range(1, len(ranks) + 1))
    assert scores == sorted(scores, reverse=True)
    assert all(0 <= s <= 100 for s in scores)
    first = data["matches"][0]
    assert set(first) >= {
        "rank",
        "id",
        "name",
        "type",
        "score",
        "breakdown",
        "reasons",
        "grant",
        "url",
        "access",
        "as_of",
    }
    assert set(first["breakdown"]) == {
        "themes",
        "regions",
        "size",
        "forms",
        "timing",
        "access",
        "history",
    }
    assert isinstance(first["history"], list)
    assert isinstance(data["partners"], list) and data["database"]["grants"] >= 600
    assert all(set(e) == {"id", "name", "reasons"} and e["reasons"] for e in data["excluded"])
    assert data["database"]["funders"] >= 40


def test_markdown_to_file_has_heading_table_and_no_escapes(tmp_path: Path) -> None:
    profile = write(tmp_path, "p.yaml", profile_data())
    out = tmp_path / "r.md"
    result = run("match", str(profile), "--format", "markdown", "--output", str(out))
    assert result.exit_code == 0, result.output
    text = out.read_text()
    assert text.startswith("# Funding report: Stichting Test\n")
    assert "| # | Funder |" in text
    assert "\x1b" not in text


def test_output_suffix_picks_the_format(tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    assert run("demo", "--output", str(out)).exit_code == 0
    assert json.loads(out.read_text())["matches"]


def test_existing_output_is_kept_without_force(tmp_path: Path) -> None:
    out = tmp_path / "r.md"
    out.write_text("precious")
    result = run("demo", "--output", str(out))
    assert result.exit_code == 1
    assert "the file exists; use --force to overwrite it" in result.output
    assert out.read_text() == "precious"
    assert run("demo", "--output", str(out), "--force").exit_code == 0
    assert out.read_text().startswith("# Funding report")
    assert [p.name for p in tmp_path.iterdir()] == ["r.md"]


def test_profile_without_themes_exits_1_naming_the_line(tmp_path: Path) -> None:
    profile = write(tmp_path, "p.yaml", "organisation:\n  name: X\nregions: [Kenya]\n")
    result = run("match", str(profile))
    assert result.exit_code == 1
    assert (
        f"Error: {profile}: 1 problem in the profile:\n  {profile}:1: themes: is required"
        in result.output
    )
    assert "Traceback" not in result.output


def test_invalid_yaml_exits_1_naming_the_line(tmp_path: Path) -> None:
    profile = write(tmp_path, "p.yaml", "organisation:\n  name: X\nthemes: [SRHR\nregions: x\n")
    result = run("match", str(profile))
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {profile}: line ")
    assert "not valid YAML" in result.output
    assert "Traceback" not in result.output


def test_missing_profile_file(tmp_path: Path) -> None:
    result = run("match", str(tmp_path / "none.yaml"))
    assert result.exit_code == 1
    assert "no such file" in result.output


def test_usage_error_is_exit_2() -> None:
    assert run("match").exit_code == 2
    assert run("demo", "--format", "pdf").exit_code == 2


def test_lang_nl_speaks_dutch() -> None:
    result = run("demo", "--lang", "nl", "--format", "markdown")
    assert result.exit_code == 0
    assert "# Financieringsrapport: Stichting Voorbeeld" in result.output
    assert "## Gerangschikte fondsen" in result.output


def test_funders_list_json_and_show_and_search() -> None:
    result = run("funders", "list", "--format", "json")
    assert result.exit_code == 0
    entries = json.loads(result.output)
    assert len(entries) >= 40
    assert all(e["sources"] and e["as_of"] for e in entries)
    assert len({e["id"] for e in entries}) == len(entries)
    first = entries[0]["id"]
    shown = run("funders", "show", first, "--format", "json")
    assert json.loads(shown.output)["id"] == first
    missing = run("funders", "show", first + "x")
    assert missing.exit_code == 1
    assert f"did you mean {first!r}" in missing.output
    found = run("funders", "search", "postcode loterij")
    assert found.exit_code == 0 and "Postcode" in found.output


def test_db_validate_passes_on_shipped_data() -> None:
    result = run("db", "validate")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1].startswith("OK: ")


def test_db_validate_fails_with_file_line(tmp_path: Path) -> None:
    entries = [
        funder_data(),
        funder_data(name="Another name"),  # duplicate id
        funder_data(id="bad-theme", name="Bad Theme", themes=["underwater basket weaving"]),
        funder_data(id="no-source", name="No Source", sources=[]),
    ]
    path = write(tmp_path, "db.yaml", entries)
    result = run("db", "validate", str(path))
    assert result.exit_code == 1
    assert f"{path}:" in result.output
    assert "duplicate id 'test-fund'" in result.output
    assert "unknown theme 'underwater basket weaving'" in result.output
    assert "funders[3](no-source).sources: must list at least one item" in result.output


def test_db_overlay_through_env(tmp_path: Path) -> None:
    overlay = write(tmp_path, "extra.yaml", [funder_data(id="zz-extra-fund", name="Zz Extra Fund")])
    result = run("funders", "list", "--format", "json", env={"FUNDFINDER_DB": str(overlay)})
    assert "zz-extra-fund" in {e["id"] for e in json.loads(result.output)}


def test_db_stats() -> None:
    result = run("db", "stats", "--format", "json")
    assert result.exit_code == 0
    stats = json.loads(result.output)
    assert stats["funders"] >= 40 and stats["by_type"] and stats["by_theme"]


def test_profile_new_and_check(tmp_path: Path) -> None:
    out = tmp_path / "mine.yaml"
    assert run("profile", "new", "--output", str(out)).exit_code == 0
    result = run("profile", "check", str(out))
    assert result.exit_code == 0, result.output
    assert "'SRHR' -> Sexual and reproductive health and rights 1.00" in result.output
    assert "Places, as read:" in result.output


def test_profile_check_shows_each_reading(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(
        "organisation: {name: Stichting Proef}\n"
        "themes: [land and water rights, blockchain pilots]\n"
        "regions: [Gulu, Guatamala]\n"
    )
    result = run("profile", "check", str(path))
    assert result.exit_code == 0, result.output
    out = " ".join(result.output.split())
    assert "'land and water rights' -> Land rights and natural resources" in out
    assert "Kept as keywords (no theme): blockchain, pilots" in out
    assert "'Gulu' -> Uganda (province or district)" in out
    assert "'Guatamala' -> Guatemala (spelling corrected)" in out


@pytest.mark.parametrize(
    "command",
    [
        [],
        ["demo"],
        ["match"],
        ["funders"],
        ["funders", "list"],
        ["funders", "show"],
        ["funders", "search"],
        ["db"],
        ["db", "validate"],
        ["db", "stats"],
        ["profile"],
        ["profile", "new"],
        ["profile", "check"],
        ["batch"],
    ],
)
def test_every_command_has_help(command: list[str]) -> None:
    result = run(*command, "--help")
    assert result.exit_code == 0
    assert "Usage" in result.output


def test_version() -> None:
    result = run("--version")
    assert result.exit_code == 0 and result.output.startswith("fundfinder ")


def test_top_limits_every_list_in_every_format(tmp_path: Path) -> None:
    data = json.loads(run("demo", "--format", "json", "--top", "3").output)
    assert len(data["matches"]) == 3 and len(data["excluded"]) == 3 and len(data["partners"]) <= 3
    assert data["matches_total"] > 3 and data["excluded_total"] > 3
    everything = json.loads(run("demo", "--format", "json", "--top", "0").output)
    assert len(everything["matches"]) == everything["matches_total"]
    assert len(everything["excluded"]) == everything["excluded_total"]
    md = run("demo", "--format", "markdown", "--top", "4").output
    assert "Top 4 of" in md and "## Excluded funders" not in md  # only with --excluded
    md_ex = run("demo", "--format", "markdown", "--top", "4", "--excluded").output
    assert "## Excluded funders" in md_ex and "And " in md_ex and "more (a larger --top" in md_ex
    plain = run("demo", "--top", "2", "--excluded").output
    assert "Top 2 of" in plain and "more (a larger --top" in plain


@pytest.mark.parametrize(
    "raised, code, said",
    [
        (RuntimeError("boom"), 3, "Internal error (a bug in fundfinder)"),
        (KeyboardInterrupt(), 130, "Interrupted."),
    ],
)
def test_internal_errors_and_interrupts_have_their_own_exit_codes(
    monkeypatch: pytest.MonkeyPatch, raised: BaseException, code: int, said: str
) -> None:
    import fundfinder.cli.commands as cli

    def explode(*_args: object, **_kwargs: object) -> None:
        raise raised

    monkeypatch.setattr(cli, "run_match", explode)
    result = runner.invoke(cli.app, ["demo"])
    assert result.exit_code == code
    assert said in result.output and "Traceback" not in result.output


def test_output_dash_is_standard_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("demo", "--output", "-", "--format", "json", "--top", "1")
    assert result.exit_code == 0 and json.loads(result.output)["matches"]
    assert not (tmp_path / "-").exists()


def test_dutch_demo_speaks_dutch_numbers_and_grammar() -> None:
    out = " ".join(run("demo", "--lang", "nl", "--top", "10").output.split())
    assert "Kas reikt na het verlies: 5,1 maanden" in out and "de kas reikt 5,1 maanden" in out
    assert "(HHI): 0,486" in out and "Grootste bron: overheid (67%)" in out
    assert "uit één bron (overheid)" in out and "government" not in out
    assert "onder vallen" in out and "Oeganda en Oost-Afrika onder valt;" not in out


def test_the_report_says_how_own_words_were_read(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(
        "organisation: {name: Stichting Proef, registered_in: NL}\n"
        "themes: [land and water rights, SRHR, blockchain pilots]\n"
        "regions: [Gulu, Kenia]\n"
    )
    out = " ".join(run("match", str(path), "--top", "1").output.split())
    assert (
        "Your words, read as: 'land and water rights' → Land rights and natural resources (1.00)"
        in out
    )
    assert "Kept as keywords: blockchain, pilots" in out
    assert "Regions: Gulu (Uganda), Kenya" in out


def test_dutch_markdown_mixes_in_no_english_curator_notes() -> None:
    md = run("demo", "--lang", "nl", "--format", "markdown", "--top", "5").output
    # every shown funder's notes have a Dutch text now; English ones are never mixed in
    assert "toelichting (Engelstalig) met: fundfinder funders show" not in md
    assert "Zoekt actief innovatieve partnerorganisaties" in md  # UBS Optimus, in Dutch
    assert "Actively seeks" not in md and " must " not in md


def test_funders_show_is_a_readable_card_in_either_language() -> None:
    result = run("funders", "show", "Stichting DOEN", "--lang", "nl")
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    assert "Stichting DOEN (stichting-doen)" in text
    for row in ("Soort vermogensfonds", "Gevestigd in Nederland", "Toegang doorlopend"):
        assert row in text
    assert "grant: {}" not in text and "iati_org_id" not in text  # no raw YAML
    md = run("funders", "show", "stichting-doen", "-f", "markdown").output
    assert md.startswith("## Stichting DOEN (`stichting-doen`)")
    assert "- **Access:** rolling" in md
    assert "- **Sources:** <https://www.doen.nl/aanvraag-doen/criteria>, <" in md


def test_profile_check_speaks_the_profiles_language(tmp_path: Path) -> None:
    profile = tmp_path / "nl.yaml"
    profile.write_text(
        "organisation: {name: Stichting Test, registered_in: NL}\n"
        "themes: [kinderrechten, water en sanitatie]\nregions: [Oeganda]\nlang: nl\n"
    )
    result = run("profile", "check", str(profile))
    assert result.exit_code == 0, result.output
    assert "In orde:" in result.output and "Thema's, zoals gelezen:" in result.output
    assert "'Oeganda' -> Oeganda (land)" in result.output
    assert "Themes, as read" not in result.output
    english = run("profile", "check", str(profile), "--lang", "en").output
    assert "Themes, as read:" in english and "'Oeganda' -> Uganda (country)" in english


DEMO_NL = Path(__file__).parent / "data" / "demo-nl.md"


def test_dutch_demo_report_whole_output() -> None:
    """The Dutch demo report for a board, byte for byte (regenerate after a deliberate change:
    FUNDFINDER_TODAY=2026-11-26 fundfinder demo --lang nl -f markdown > tests/data/demo-nl.md)."""
    result = run("demo", "--lang", "nl", "-f", "markdown")
    assert result.exit_code == 0
    assert result.output == DEMO_NL.read_text(encoding="utf-8")


def test_dutch_reports_write_the_score_breakdown_with_decimal_commas() -> None:
    import re

    lines = [
        x for x in DEMO_NL.read_text(encoding="utf-8").splitlines() if "Opbouw van de score" in x
    ]
    assert lines and all(re.search(r"\d,\d\d", x) for x in lines)
    assert not any(re.search(r"\d\.\d", x) for x in lines)
    plain = run("demo", "--lang", "nl")
    shown = [x for x in plain.output.splitlines() if "Opbouw van de score" in x]
    assert shown and not any(re.search(r"\d\.\d", x) for x in shown)


def test_dutch_demo_report_has_no_english_left() -> None:
    import re

    text = DEMO_NL.read_text(encoding="utf-8")
    text = re.sub(r"\[[^\]]*\]\(<[^>]*>\)|<https?://[^>]*>|`[^`]*`", " ", text)  # names, links
    # past grantees are named as they name themselves; a term of art is given in brackets
    text = re.sub(r"zoals de uwe[^|;]*", " ", text).replace("(legacy grant)", "")
    english = re.compile(
        r"\b(the|and|which|funds|funded|months|grants?|access|why|watch|unknown|rolling|"
        r"invitation|within|cash|runway|income|yearly|profile|report|matches|excluded)\b",
        re.I,
    )
    lines = [line for line in text.splitlines() if english.search(line)]
    assert lines == []


def test_funder_notes_in_dutch_where_written(tmp_path: Path) -> None:
    card = " ".join(run("funders", "show", "stichting-doen", "--lang", "nl").output.split())
    assert "Toelichting Particulieren kunnen niet aanvragen" in card
    overlay = tmp_path / "o.yaml"
    overlay.write_text(
        "- id: zz-english-only\n  name: English Only Fund\n  type: foundation\n  based_in: NL\n"
        "  themes: [srhr]\n  regions: [global]\n  sources: ['https://example.org/x']\n"
        "  as_of: 2026-10\n  eligibility: {notes: Only registered charities.}\n"
    )
    english_only = run("funders", "show", "zz-english-only", "--lang", "nl", "--db", str(overlay))
    assert "Toelichting (in het Engels)" in " ".join(english_only.output.split())
