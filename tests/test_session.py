"""The interactive session, driven with scripted answers (no terminal needed)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
import yaml
from rich.console import Console

from fundfinder.advise.report import build_report
from fundfinder.load.catalog import Catalog, load_catalog
from fundfinder.load.profile import load_profile, parse_profile
from fundfinder.paths import data_file
from fundfinder.session.conversation import Session
from fundfinder.session.steps import STEPS, understand
from fundfinder.session.store import (
    SessionState,
    draft_path,
    keep_previous,
    load_profile_data,
    load_state,
    save_state,
)
from fundfinder.taxonomy import Taxonomy

from .conftest import TODAY, funder_data, make_funders, profile_data


class Script:
    """An `ask` that replays answers; an exception class or instance is raised instead."""

    def __init__(self, answers: Sequence[Any]) -> None:
        self.answers = list(answers)
        self.prompts: list[str] = []
        self.completions: list[Sequence[str]] = []

    def __call__(self, prompt: str, completions: Sequence[str]) -> str:
        self.prompts.append(prompt)
        self.completions.append(completions)
        if not self.answers:
            raise EOFError
        answer = self.answers.pop(0)
        if isinstance(answer, BaseException) or (
            isinstance(answer, type) and issubclass(answer, BaseException)
        ):
            raise answer
        return str(answer)


@pytest.fixture
def catalog() -> Catalog:
    funders = make_funders(
        funder_data(
            id="theme-fund",
            name="Theme Fund",
            themes=["srhr", "youth"],
            regions=["global"],
            eligibility={"registered_in": ["any"]},
            forms=["grant"],
            access="open_call",
            deadlines=[date(2027, 3, 1), date(2026, 1, 15)],
            url="https://example.org/theme",
        ),
        funder_data(
            id="region-fund",
            name="Region Fund",
            themes=["climate"],
            regions=["UG"],
            eligibility={"registered_in": ["any"]},
            forms=["grant", "loan"],
            access="rolling",
        ),
        funder_data(
            id="invite-fund",
            name="Invite Fund",
            themes=["srhr"],
            regions=["east-africa"],
            forms=["grant"],
            access="invitation_only",
        ),
        funder_data(id="closed-fund", name="Closed Fund", access="closed"),
        funder_data(
            id="ugandan-only",
            name="Ugandan Local Fund",
            eligibility={"registered_in": ["UG"]},
        ),
    )
    return Catalog(tuple(funders), ("test.yaml",))


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("FUNDFINDER_DATA_DIR", str(tmp_path / "data"))
    return draft_path()


def make(
    answers: Sequence[Any],
    catalog: Catalog,
    taxonomy: Taxonomy,
    store: Path,
    state: SessionState | None = None,
    lang: str | None = None,
) -> tuple[Session, Script, StringIO]:
    out = StringIO()
    console = Console(file=out, width=80, color_system=None, force_terminal=False, highlight=False)
    script = Script(answers)
    session = Session(
        state or SessionState(),
        ask=script,
        console=console,
        taxonomy=taxonomy,
        catalog=catalog,
        today=TODAY,
        store=store,
        lang=lang,
    )
    return session, script, out


def results_state(**overrides: Any) -> SessionState:
    data = profile_data(**overrides)
    data["need"] = {"amount_eur": 600_000}
    return SessionState(profile=data, phase="results")


def flat(out: StringIO) -> str:
    """The transcript with line breaks folded, so wrapped sentences can be matched."""
    return " ".join(out.getvalue().split())


def squash(text: str) -> str:
    """Without any white space (long paths may be wrapped anywhere)."""
    return "".join(text.split())


INTERVIEW = [
    "Stichting Test",  # name
    "",  # registered in [NL]
    "",  # type [ngo]
    "1.8m",  # budget
    "skip",  # staff
    "yes",  # ANBI (asked of a Dutch organisation)
    "no",  # CBF
    "SRHR, youht",  # themes, with a typo
    "",  # take the suggested [SRHR, Youth]
    "Ugnda",  # regions: a near miss, accepted with a note
    "600k",  # need
    "subsidie",  # forms, in Dutch
    "36",  # months
    "ja",  # core funding, in Dutch
    "no",  # finances
]


def test_interview_from_scratch(catalog: Catalog, taxonomy: Taxonomy, store: Path) -> None:
    session, script, out = make([*INTERVIEW, "quit"], catalog, taxonomy, store)
    assert session.run() == 0
    text = flat(out)
    assert "Unknown theme 'youht'. Did you mean 'Youth' or 'Health'?" in text
    assert "Press Enter to take [SRHR, Youth]" in text
    assert "Understood 'Ugnda' as Uganda." in text
    # The themes question was asked again, offering the correction as its default.
    assert [p for p in script.prompts if "Themes" in p][1].endswith("[SRHR, Youth]: ")
    assert session.state.profile == {
        "organisation": {
            "name": "Stichting Test",
            "registered_in": "NL",
            "org_type": "ngo",
            "annual_budget_eur": 1_800_000,
            "anbi": True,
            "cbf_recognised": False,
        },
        "themes": ["SRHR", "Youth"],
        "regions": ["Uganda"],
        "need": {"amount_eur": 600_000, "forms": ["grant"], "duration_months": 36, "core": True},
        "lang": "en",
    }
    assert session.state.phase == "results"
    assert "Top 3 of 3 matches." in text
    saved = load_state(store)
    assert saved is not None and saved.profile == session.state.profile
    # The same rules as a profile file: the draft parses as is.
    parse_profile(saved.profile, "draft", taxonomy)


def test_every_answer_is_saved_at_once(catalog: Catalog, taxonomy: Taxonomy, store: Path) -> None:
    seen: list[Any] = []

    class Watching(Script):
        def __call__(self, prompt: str, completions: Sequence[str]) -> str:
            state = load_state(store)
            seen.append(state.profile.get("organisation") if state else None)
            return super().__call__(prompt, completions)

    session, _script, _out = make([], catalog, taxonomy, store)
    session.ask = Watching(["Stichting Test", "Kenia"])
    assert session.run() == 0
    assert seen == [
        None,
        {"name": "Stichting Test"},
        {"name": "Stichting Test", "registered_in": "KE"},
    ]
    saved = load_state(store)
    assert saved is not None
    assert saved.profile["organisation"] == {"name": "Stichting Test", "registered_in": "KE"}
    assert saved.step == "org_type"


def test_back_skip_and_required(catalog: Catalog, taxonomy: Taxonomy, store: Path) -> None:
    answers = [
        "back",  # on the first question
        "Stichting Een",
        "back",  # to the name, which is now the default
        "Stichting Twee",
        "DE",
        "skip",  # type: optional, left open
        "skip",  # budget
        "",  # staff: no default, so left open
        "skip",  # themes are required
        "",  # still required
        "SRHR",
    ]
    session, script, out = make(answers, catalog, taxonomy, store)
    assert session.run() == 0
    text = flat(out)
    assert "This is the first question." in text
    assert script.prompts[3] == "(1/14) Name of the organisation [Stichting Een]: "
    assert text.count("This one is needed to find funders") == 2
    org = session.state.profile["organisation"]
    assert org == {"name": "Stichting Twee", "registered_in": "DE"}
    assert session.state.profile["themes"] == ["SRHR"]
    assert session.state.step == "regions"


def test_validation_reasks_instead_of_failing(
    catalog: Catalog, taxonomy: Taxonomy, store: Path
) -> None:
    answers = ["X", "Africa", "Nedrland", "stichting", "qqqq", "", "lots", "-3", "22"]
    session, _script, out = make(answers, catalog, taxonomy, store)
    assert session.run() == 0
    text = flat(out)
    assert "Africa is a region; give the country where the organisation is registered." in text
    assert "Understood 'Nedrland' as Netherlands." in text
    # a legal form is noted as such and never decides the type
    assert "'stichting' is a legal form; noted as such." in text
    assert "Unknown type 'qqqq'." in text
    assert "Press Enter to take" not in text.split("Unknown type 'qqqq'.")[1].split("?")[0]
    assert "'lots' is not an amount" in text
    assert "'-3' is not an amount" in text
    org = session.state.profile["organisation"]
    assert org["legal_form"] == "stichting"
    assert org["org_type"] == "ngo"  # the step's own default, not a guess from 'stichting'
    assert org["annual_budget_eur"] == 22


def test_enter_never_stores_a_poor_guess(catalog: Catalog, taxonomy: Taxonomy, store: Path) -> None:
    step = next(s for s in STEPS if s.key == "regions")
    assert understand(step, "Guatamala", taxonomy, "en").value == ["Guatamala"]  # read as Guatemala
    outcome = understand(step, "Xyzzyland", taxonomy, "en")
    assert outcome.error and outcome.retry is None  # nothing offered for Enter
    near = understand(step, "Kenya, Jariibin", taxonomy, "en")  # a district one letter off
    assert near.error and "Did you mean Jariiban (Somalia)?" in near.error
    assert near.retry is None  # offered, but typed if meant: Enter does not take it
    country = next(s for s in STEPS if s.key == "registered_in")
    assert understand(country, "Guatamala", taxonomy, "en").value == "GT"
    org = next(s for s in STEPS if s.key == "org_type")
    assert understand(org, "ontwikkelingsorganisatie", taxonomy, "nl").value == "ngo"
    assert understand(org, "particulier initiatief", taxonomy, "nl").value == "grassroots"
    assert understand(org, "sociale onderneming", taxonomy, "nl").value == "social_enterprise"
    assert understand(org, "community-based organisation", taxonomy, "en").value == "grassroots"
    vereniging = understand(org, "vereniging", taxonomy, "nl")
    assert vereniging.value is None and vereniging.retry is None
    assert vereniging.also == ((("organisation", "legal_form"), "vereniging"),)
    themes = next(s for s in STEPS if s.key == "themes")
    read = understand(themes, "water and sanitation, schoolmaaltijden", taxonomy, "en")
    assert read.value == ["water and sanitation", "schoolmaaltijden"]
    assert any("Read 'schoolmaaltijden' as" in n for n in read.notes)


def test_dutch_interview_suggests_dutch_names(
    catalog: Catalog, taxonomy: Taxonomy, store: Path
) -> None:
    answers = ["Stichting Test", "Nederland", "ngo", "skip", "skip", "ja", "nee", "kinderrechten"]
    answers += ["Oostafrika"]
    session, script, out = make(answers, catalog, taxonomy, store, lang="nl")
    assert session.run() == 0
    text = flat(out)
    assert "'Oostafrika' begrepen als Oost-Afrika." in text
    assert "Concept bewaard in" in text
    assert script.prompts[0].startswith("(1/14) Naam van de organisatie")
    assert "Oost-Afrika" in script.completions[-2]  # the regions question offered it


def test_finances_steps_only_when_wanted(taxonomy: Taxonomy) -> None:
    gate = next(s for s in STEPS if s.kind == "gate")
    assert understand(gate, "ja", taxonomy, "nl").value is True
    assert understand(gate, "maybe", taxonomy, "en").error == "Please answer yes or no."
    forms = next(s for s in STEPS if s.key == "forms")
    outcome = understand(forms, "grnat, lening", taxonomy, "en")
    assert outcome.retry == "grant, loan"


def test_interview_with_finances_gives_a_diagnosis(
    catalog: Catalog, taxonomy: Taxonomy, store: Path
) -> None:
    answers = [*INTERVIEW[:-1], "yes", "1.2m", "300k", "", "200k", "", "", "", "1m", "1-1-2027"]
    answers += ["450k", "1.85m", "180k", "ja", "13", "diagnosis", "forms", "checklist", "quit"]
    session, _script, out = make(answers, catalog, taxonomy, store)
    assert session.run() == 0
    fin = session.state.profile["finances"]
    assert fin["income_eur"]["government"] == 1_200_000
    assert fin["works_council"] is True
    assert fin["lost_from"] == "2027-01-01" and fin["admin_costs_eur"] == 180_000
    assert fin["positions_at_risk"] == 13
    text = flat(out)
    assert "Diagnosis" in text and "Risk" in text
    assert "Forms of funding for this situation" in text
    assert "Reorganisation checklist" in text


def test_filters(catalog: Catalog, taxonomy: Taxonomy, store: Path) -> None:
    answers = ["filter open", "filter form loan", "filter", "filter clear", "filter region Kenia"]
    answers += ["filter min 101", "filter min 40", "filter bogus"]
    session, _script, out = make(answers, catalog, taxonomy, store, results_state())
    assert session.run() == 0
    text = flat(out)
    assert "Filters: open calls and rolling only; form loans." in text
    assert "Filters: region Kenya; score at least 40." in text
    assert "Usage: filter open | form X | region X | min N | clear" in text
    assert session.state.filters == {"region": "KE", "min": 40.0}


def test_weights_change_the_ranking(catalog: Catalog, taxonomy: Taxonomy, store: Path) -> None:
    answers = ["weights themes=0 regions=1", "weights themes=x", "weights", "weights reset"]
    session, _script, out = make(answers, catalog, taxonomy, store, results_state())
    before = None

    def first() -> str:
        assert session.report is not None
        return session.report.matches[0].funder.id

    session.ask = Script(answers[:1])
    session.run()
    after = first()
    assert after == "region-fund"
    assert "New number one: Region Fund (was #3)." in flat(out)
    assert session.state.profile["preferences"]["weights"]["themes"] == 0.0
    session.ask = Script(answers[1:])
    session.run()
    before = first()
    assert before == "theme-fund"
    assert "Write weights as name=number" in flat(out)
    assert "preferences" not in session.state.profile


def test_show_why_excluded_and_unknown_command(
    catalog: Catalog, taxonomy: Taxonomy, store: Path
) -> None:
    answers = ["show 1", "why closed", "why Ugandan Local Fund", "why theme-fund", "excluded"]
    answers += ["why nothing-like-it", "show 99", "lsit", "help", "back"]
    session, _script, out = make(answers, catalog, taxonomy, store, results_state())
    assert session.run() == 0
    text = flat(out)
    assert "1. Theme Fund" in text and "https://example.org/criteria" in text
    assert "Closed Fund is excluded: closed to applications." in text
    assert (
        "Ugandan Local Fund is excluded: gives only to organisations registered in Uganda" in text
    )
    assert "Theme Fund is not excluded: it ranks #1" in text
    assert "Ruled out by a hard rule: 2." in text
    assert "No funder 'show 99'" not in text and "No funder '99' in the results." in text
    assert "Unknown command 'lsit'. Did you mean 'list'?" in text
    assert "export ics FILE" in text
    assert "To change answers, type 'edit'." in text


def test_shortlist_and_exports(
    catalog: Catalog, taxonomy: Taxonomy, store: Path, tmp_path: Path
) -> None:
    md, ics, prof = tmp_path / "r.md", tmp_path / "d.ics", tmp_path / "p.yaml"
    answers = [
        "shortlist 1 call *Anna* | before March; ask about core",
        "shortlist Region Fund",
        "shortlist region-fund visit, then apply",
        "unshortlist invite-fund",  # by id: not on the shortlist
        "shortlist",
        f"export md {md}",
        f"export ics {ics}",
        f"export profile {prof}",
        f"export md {md}",
        f"export md {md} --force",
        "export pdf x",
    ]
    session, _script, out = make(answers, catalog, taxonomy, store, results_state())
    assert session.run() == 0
    text = flat(out)
    assert "Shortlisted Theme Fund." in text
    assert "Note for Region Fund updated." in text
    assert "Invite Fund is not on the shortlist." in text
    assert squash(f"{md}: the file exists; use --force to overwrite it") in squash(text)
    assert squash(text).count(squash(f"Wrote {md}.")) == 2
    assert "Usage: export md FILE" in text
    assert [i["id"] for i in session.state.shortlist] == ["theme-fund", "region-fund"]

    report_md = md.read_text(encoding="utf-8")
    assert "## Shortlist" in report_md
    # a board reads the shortlist first, before the profile and the ranking behind it
    assert report_md.index("## Shortlist") < report_md.index("## Profile")
    assert "| 1 | 1 | Theme Fund | " in report_md
    assert "call \\*Anna\\* \\| before March; ask about core |" in report_md
    assert "| 2 | 3 | Region Fund | " in report_md and "visit, then apply |" in report_md

    raw = ics.read_bytes()
    assert raw.startswith(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert raw.endswith(b"END:VCALENDAR\r\n")
    assert b"\n" not in raw.replace(b"\r\n", b"")
    cal = raw.decode("utf-8").replace("\r\n ", "")  # unfold
    assert cal.count("BEGIN:VEVENT") == 1  # the passed 2026-01-15 deadline is left out
    assert "UID:theme-fund-20270301@fundfinder\r\n" in cal
    assert "DTSTART;VALUE=DATE:20270301\r\n" in cal
    assert "DTEND;VALUE=DATE:20270302\r\n" in cal
    assert "SUMMARY:Deadline: Theme Fund\r\n" in cal
    assert "Note: call *Anna* | before March\\; ask about core\\n" in cal
    assert all(len(line.encode()) <= 75 for line in raw.decode().split("\r\n"))
    # a reminder two weeks before the deadline
    assert "BEGIN:VALARM\r\nACTION:DISPLAY\r\n" in cal and "TRIGGER:-P14D\r\n" in cal
    from icalendar import Calendar

    parsed = Calendar.from_ical(raw)
    [event] = [c for c in parsed.walk("VEVENT")]
    assert str(event["summary"]) == "Deadline: Theme Fund"
    assert "call *Anna* | before March; ask about core" in str(event["description"])

    written = yaml.safe_load(prof.read_text(encoding="utf-8"))
    assert written == session.state.profile
    assert load_profile(prof, taxonomy).organisation.name == "Stichting Test"


def test_ics_without_deadlines_writes_nothing(
    catalog: Catalog, taxonomy: Taxonomy, store: Path, tmp_path: Path
) -> None:
    target = tmp_path / "none.ics"
    answers = ["shortlist region-fund", f"export ics {target}"]
    session, _script, out = make(answers, catalog, taxonomy, store, results_state())
    session.run()
    assert "has a known deadline from 26 Nov 2026 on; nothing written." in flat(out)
    assert not target.exists()


@pytest.mark.parametrize("interrupt", [EOFError, KeyboardInterrupt])
def test_ctrl_d_and_ctrl_c_save_the_draft(
    catalog: Catalog, taxonomy: Taxonomy, store: Path, interrupt: type[BaseException]
) -> None:
    session, _script, out = make(["Stichting Test", interrupt], catalog, taxonomy, store)
    assert session.run() == 0
    expected = f"Draft saved to {store}. Continue with: fundfinder session --resume"
    assert squash(expected) in squash(out.getvalue())
    saved = load_state(store)
    assert saved is not None
    assert saved.profile == {"organisation": {"name": "Stichting Test"}}
    assert saved.step == "registered_in"


def test_interrupt_in_results_keeps_the_shortlist(
    catalog: Catalog, taxonomy: Taxonomy, store: Path
) -> None:
    answers = ["shortlist 1 first call", "filter open", KeyboardInterrupt]
    session, _script, _out = make(answers, catalog, taxonomy, store, results_state())
    assert session.run() == 0
    saved = load_state(store)
    assert saved is not None and saved.phase == "results"
    assert saved.shortlist == [{"id": "theme-fund", "name": "Theme Fund", "note": "first call"}]
    assert saved.filters == {"open": True}


def test_resume_continues_the_draft(catalog: Catalog, taxonomy: Taxonomy, store: Path) -> None:
    first, _script, _out = make(INTERVIEW[:8], catalog, taxonomy, store)
    first.run()
    state = load_state(store)
    assert state is not None and state.step == "themes"
    rest = ["SRHR, Youth", *INTERVIEW[9:], "quit"]
    second, script, out = make(rest, catalog, taxonomy, store, state)
    assert second.run() == 0
    assert script.prompts[0] == "(8/14) Themes, separated by commas (e.g. SRHR, youth): "
    assert "Press Enter to take [SRHR, Youth]" not in flat(out)
    assert second.state.phase == "results"
    assert second.state.profile["themes"] == ["SRHR", "Youth"]


def test_edit_goes_back_to_the_questions(catalog: Catalog, taxonomy: Taxonomy, store: Path) -> None:
    answers = ["edit regions", "Kenia", "", "", "", "", "", "list", "quit"]
    session, script, out = make(answers, catalog, taxonomy, store, results_state())
    assert session.run() == 0
    assert "Profile updated; results recomputed." in flat(out)
    assert script.prompts[1].endswith("[Uganda]: ")
    assert session.state.profile["regions"] == ["Kenia"]
    assert session.state.phase == "results"


def test_keep_previous_moves_an_old_draft_aside(store: Path) -> None:
    save_state(SessionState(profile={"organisation": {"name": "Old"}}), store)
    previous = keep_previous(store)
    assert previous is not None and not store.exists()
    old = load_state(previous)
    assert old is not None and old.profile["organisation"]["name"] == "Old"


def test_profile_start_has_the_same_top_match_as_match(taxonomy: Taxonomy, store: Path) -> None:
    path = data_file("examples/demo-profile.yaml")
    catalog = load_catalog([], taxonomy=taxonomy)
    state = SessionState(profile=load_profile_data(path), phase="results", source=str(path))
    session, _script, _out = make(["quit"], catalog, taxonomy, store, state)
    assert session.run() == 0
    expected = build_report(load_profile(path, taxonomy), catalog, taxonomy, TODAY)
    assert session.report is not None
    assert session.report.matches[0].funder.id == expected.matches[0].funder.id
    assert session.report.matches[0].score == expected.matches[0].score


def test_dutch_results_commands(catalog: Catalog, taxonomy: Taxonomy, store: Path) -> None:
    state = results_state(lang="nl")
    session, _script, out = make(
        ["hulp", "lijst", "waarom theme-fund", "toon 1", "vormen", "bogus", "stop"],
        catalog,
        taxonomy,
        store,
        state,
    )
    assert session.run() == 0
    text = flat(out)
    assert "Opdrachten (de Engelse woorden werken ook):" in text
    assert "Onbekende opdracht 'lijst'." not in text and "Top 3 van 3 kandidaten." in text
    assert "Theme Fund is niet uitgesloten: het staat op #1" in text
    assert "Onbekende opdracht 'bogus'." in text
    assert "Tot ziens." in text


def test_the_command_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Not a terminal: plain input(), the same boundary and exit codes as every command."""
    from typer.testing import CliRunner

    from fundfinder.cli import app

    env = {"FUNDFINDER_TODAY": "2026-11-26", "NO_COLOR": "1", "COLUMNS": "80"}
    env["FUNDFINDER_DATA_DIR"] = str(tmp_path / "data")
    runner = CliRunner()
    demo = str(data_file("examples/demo-profile.yaml"))
    result = runner.invoke(app, ["session", "--profile", demo], input="show 1\nquit\n", env=env)
    assert result.exit_code == 0, result.output
    matched = runner.invoke(app, ["match", demo, "--format", "json"], env=env)
    top = json.loads(matched.output)["matches"][0]["name"]
    assert f"1. {top}"[:30] in result.output and "Goodbye." in result.output
    assert "\x1b[" not in result.output

    result = runner.invoke(app, ["session"], input="Stichting Pijp\n", env=env)
    assert result.exit_code == 0
    assert "Draft saved to" in result.output
    assert "stichting-pijp.yaml" in "".join(result.output.split())
    drafts = tmp_path / "data" / "session" / "drafts"
    assert sorted(p.name for p in drafts.glob("*.yaml")) == [
        "stichting-pijp.yaml",
        "stichting-voorbeeld.yaml",  # the first organisation's draft is kept, not replaced
    ]

    result = runner.invoke(app, ["session", "--resume"], input="", env=env)
    assert result.exit_code == 0
    out = " ".join(result.output.split())
    assert "Continuing the saved session for Stichting Pijp." in out
    assert "Other saved sessions: Stichting Voorbeeld" in out

    result = runner.invoke(
        app, ["session", "--resume", "--draft", "Stichting Voorbeeld"], input="quit\n", env=env
    )
    assert result.exit_code == 0
    assert "Continuing the saved session for Stichting Voorbeeld." in result.output

    (drafts / "stichting-pijp.yaml").write_text("organisation: [\n")  # corrupt
    result = runner.invoke(
        app, ["session", "--resume", "--draft", "stichting pijp"], input="", env=env
    )
    assert result.exit_code == 0
    assert "could not be read" in " ".join(result.output.split())
    assert (drafts / "stichting-pijp.unreadable.yaml").exists()

    bad = tmp_path / "bad.yaml"
    bad.write_text("organisation: {name: X}\nthemes: [nonsense-theme]\nregions: [Mars]\n")
    result = runner.invoke(app, ["session", "--profile", str(bad)], env=env)
    assert result.exit_code == 1
    assert "Error:" in result.output and "unknown theme 'nonsense-theme'" in result.output

    result = runner.invoke(app, ["session", "--profile", demo, "--resume"], env=env)
    assert result.exit_code == 2
    assert "Error: use either --profile or --resume, not both" in result.output


def test_a_draft_that_cannot_be_saved_does_not_stop_the_session(
    catalog: Catalog, taxonomy: Taxonomy, tmp_path: Path
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    store = blocker / "session" / "draft.yaml"
    answers = ["Stichting Test", "", "", "", "", "", "", "SRHR", "Uganda", "", "", "", "", ""]
    answers += ["list"]
    session, _script, out = make(answers, catalog, taxonomy, store)
    assert session.run() == 0
    text = flat(out)
    assert text.count("Could not save the draft") == 1
    assert "Draft saved" not in text
    assert session.state.phase == "results"


def test_tab_completion_works_on_the_item_being_typed(taxonomy: Taxonomy) -> None:
    from fundfinder.cli.session import matching
    from fundfinder.session.steps import completions

    regions = completions(next(s for s in STEPS if s.key == "regions"), taxonomy, "en")
    assert matching("Kenya, East Af", regions) == [("East Africa", -7)]
    assert ("Oost-Afrika", -4) in matching("Oost", regions)
    assert matching("why theme", ["why", "theme-fund"]) == [("theme-fund", -5)]
    assert matching("", regions) == []


def test_list_partners_shows_the_second_audience(
    catalog: Catalog, taxonomy: Taxonomy, store: Path
) -> None:
    session, _script, out = make(
        ["list partners", "quit"], catalog, taxonomy, store, results_state()
    )
    assert session.run() == 0
    text = flat(out)
    assert "For your partners in Uganda" in text and "Ugandan Local Fund" in text
    dutch, _s, out_nl = make(
        ["list partners", "quit"], catalog, taxonomy, store, results_state(), lang="nl"
    )
    assert dutch.run() == 0
    assert "Voor uw partners in Oeganda" in flat(out_nl)


def test_profile_shows_everything_the_advice_uses(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from fundfinder.cli import app

    env = {"FUNDFINDER_TODAY": "2026-11-26", "NO_COLOR": "1", "COLUMNS": "100"}
    env["FUNDFINDER_DATA_DIR"] = str(tmp_path / "data")
    demo = str(data_file("examples/demo-profile.yaml"))
    result = CliRunner().invoke(
        app, ["session", "--profile", demo, "--lang", "nl"], input="profile\nquit\n", env=env
    )
    assert result.exit_code == 0, result.output
    shown = " ".join(result.output.split())
    for row in (
        "Personeel (fte) 22 │",  # a whole number of FTE without a decimal
        "Rechtsvorm stichting",
        "ANBI ja",
        "CBF-erkend nee",
        "Weggevallen inkomsten €1 mln vanaf 1 jan 2027",
        "Reserves €450k",
        "Beheer- en administratiekosten €180k",
        "Ondernemingsraad ja",
        "Functies op de tocht (fte) onbekend",
    ):
        assert row in shown, row


def test_dutch_weights_decimal_commas_and_shortlist_rows(
    catalog: Catalog, taxonomy: Taxonomy, store: Path
) -> None:
    answers = ["weights thema's=0,6 regions=0,2", "shortlist 1", "shortlist 3", "unshortlist 2"]
    answers += ["shortlist", "filter vorm lening", "quit"]
    session, _script, out = make(answers, catalog, taxonomy, store, results_state(), lang="nl")
    assert session.run() == 0
    text = flat(out)
    assert "Gewichten: thema's 0,6; regio's 0,2; omvang" in text
    weights = session.state.profile["preferences"]["weights"]
    assert weights["themes"] == 0.6 and weights["regions"] == 0.2
    # `unshortlist 2` is the second row of the shortlist, not rank 2
    assert [item["id"] for item in session.state.shortlist] == [session.rep.matches[0].funder.id]
    assert "Filters: vorm leningen." in text


@pytest.mark.parametrize(
    "typed, amount",
    [("1,2 mln", 1_200_000), ("2,5 miljoen", 2_500_000), ("3 ton", 300_000),
     ("250 duizend", 250_000), ("€ 1.200.000", 1_200_000), ("1.5 million", 1_500_000)],
)  # fmt: skip
def test_amounts_as_people_write_them(taxonomy: Taxonomy, typed: str, amount: int) -> None:
    budget = next(s for s in STEPS if s.key == "budget")
    assert understand(budget, typed, taxonomy, "nl").value == amount
