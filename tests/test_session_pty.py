"""`fundfinder session` in a real pseudo-terminal (prompt_toolkit, Tab, Ctrl-C), via pexpect."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

pexpect = pytest.importorskip("pexpect")

from fundfinder.paths import data_file  # noqa: E402

TIMEOUT = 60
DEMO = data_file("examples/demo-profile.yaml")


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    base = {k: v for k, v in os.environ.items() if k != "FUNDFINDER_DB"}
    base.update(
        FUNDFINDER_TODAY="2026-11-26",
        NO_COLOR="1",
        COLUMNS="100",
        LINES="50",
        TERM=os.environ.get("TERM") or "xterm",
        FUNDFINDER_DATA_DIR=str(tmp_path / "data"),
        # A real terminal answers prompt_toolkit's cursor-position requests at once;
        # pexpect never does, so each prompt would wait a second for the answer.
        PROMPT_TOOLKIT_NO_CPR="1",
    )
    return base


def spawn(args: list[str], env: dict[str, str], cwd: Path):  # type: ignore[no-untyped-def]
    child = pexpect.spawn(
        sys.executable,
        ["-m", "fundfinder", "session", *args],
        env=env,
        cwd=str(cwd),
        encoding="utf-8",
        timeout=TIMEOUT,
        dimensions=(50, 100),
    )
    return child


def finish(child) -> str:  # type: ignore[no-untyped-def]
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    assert child.signalstatus is None
    return str(child.before)


def converse(child, steps: list[tuple[str, str | None]], seen: list[str]) -> None:  # type: ignore[no-untyped-def]
    """Wait for each question and give its answer (None: only wait), keeping what was shown."""
    for question, answer in steps:
        child.expect_exact(question)
        seen.append(str(child.before))
        if answer is not None:
            child.sendline(answer)


def draft(env: dict[str, str]) -> dict[str, object]:
    """The most recently saved draft (one per organisation)."""
    folder = Path(env["FUNDFINDER_DATA_DIR"]) / "session" / "drafts"
    path = max(folder.glob("*.yaml"), key=lambda p: p.stat().st_mtime_ns)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_interview_from_scratch_to_a_markdown_report(env: dict[str, str], tmp_path: Path) -> None:
    child = spawn([], env, tmp_path)
    seen: list[str] = []
    converse(
        child,
        [
            ("(1/14) Name", "Stichting PTY"),
            ("(2/14) Country", ""),
            ("(3/14) Type", ""),
            ("(4/14) Annual budget", "1.8m"),
            ("(5/14) Staff", "skip"),
            ("(6/14) Does it have ANBI status", "yes"),
            ("(7/14) Is it CBF-recognised", "no"),
            ("(8/14) Themes", "SRHR, youht"),
            ("Did you mean 'Youth'", None),
            ("(8/14) Themes", ""),
        ],
        seen,
    )
    child.expect_exact("(9/14) Countries")
    child.send("Ugan\t")  # Tab completes the country
    child.expect_exact("Uganda")
    child.sendline("")
    converse(
        child,
        [
            ("(10/14) Amount", "600k"),
            ("(11/14) Acceptable forms", "grant"),
            ("(12/14) For how many months", "24"),
            ("(13/14) Is core (unrestricted) funding sought", "no"),
            ("(14/14) Add finances", "no"),
            ("fundfinder>", "shortlist 1 first call on Monday"),
            ("Shortlisted", None),
            ("fundfinder>", "export md report.md"),
            ("Wrote report.md", None),
            ("fundfinder>", "quit"),
        ],
        seen,
    )
    seen.append(finish(child))
    assert "Traceback" not in "".join(seen)
    report = (tmp_path / "report.md").read_text(encoding="utf-8")
    assert report.startswith("# Funding report: Stichting PTY")
    assert "## Shortlist" in report and "first call on Monday" in report
    saved = draft(env)
    assert saved["phase"] == "results"
    profile = saved["profile"]
    assert isinstance(profile, dict)
    assert profile["themes"] == ["SRHR", "Youth"]
    assert profile["regions"] == ["Uganda"]


def test_profile_start_shows_the_match_top_and_ctrl_c_saves(
    env: dict[str, str], tmp_path: Path
) -> None:
    matched = subprocess.run(
        [sys.executable, "-m", "fundfinder", "match", str(DEMO), "--format", "json"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=TIMEOUT,
    )
    top = json.loads(matched.stdout)["matches"][0]
    child = spawn(["--profile", str(DEMO)], env, tmp_path)
    child.expect_exact("fundfinder>")
    assert top["name"][:20] in str(child.before)  # a long name wraps in its table cell
    child.sendline("show 1")
    child.expect_exact(f"1. {top['name']}")
    child.expect_exact(f"{top['score']:.0f}/100")
    child.expect_exact("fundfinder>")
    child.sendline("shortlist 1 ask for a meeting")
    child.expect_exact("Shortlisted")
    child.expect_exact("fundfinder>")
    child.sendcontrol("c")
    child.expect_exact("Draft saved to")
    rest = finish(child)
    assert "Traceback" not in rest and "Interrupted" not in rest
    saved = draft(env)
    assert saved["source"] == str(DEMO)
    assert saved["shortlist"] == [
        {"id": top["id"], "name": top["name"], "note": "ask for a meeting"}
    ]


def test_ctrl_c_in_the_interview_saves_and_resume_continues(
    env: dict[str, str], tmp_path: Path
) -> None:
    child = spawn([], env, tmp_path)
    child.expect_exact("(1/14) Name")
    child.sendline("Stichting Onderbroken")
    child.expect_exact("(2/14) Country")
    child.sendcontrol("c")
    child.expect_exact("Draft saved to")
    rest = finish(child)
    assert "Traceback" not in rest
    saved = draft(env)
    assert saved["profile"] == {"organisation": {"name": "Stichting Onderbroken"}}
    assert saved["step"] == "registered_in"

    child = spawn(["--resume"], env, tmp_path)
    child.expect_exact("Continuing the saved session for Stichting Onderbroken.")
    child.expect_exact("(2/14) Country")
    child.sendeof()  # Ctrl-D
    child.expect_exact("Draft saved to")
    assert "Traceback" not in finish(child)


def test_typos_and_legal_forms_never_store_a_wrong_guess(
    env: dict[str, str], tmp_path: Path
) -> None:
    child = spawn([], env, tmp_path)
    seen: list[str] = []
    converse(
        child,
        [
            ("(1/14) Name", "Stichting Typo"),
            ("(2/14) Country", "Guatamala"),
            ("(3/12) Type", "stichting"),  # ANBI and CBF are asked only of Dutch organisations
            ("is a legal form", None),
            ("(3/12) Type", "qqqq"),
            ("Unknown type 'qqqq'", None),
            ("(3/12) Type", "ontwikkelingsorganisatie"),
            ("(4/12) Annual budget", "skip"),
            ("(5/12) Staff", "skip"),
            ("(6/12) Themes", "water and sanitation"),
            ("(7/12) Countries", "Guatamala"),
            ("(8/12) Amount", ""),
            ("(9/12) Acceptable forms", ""),
            ("(10/12) For how many months", ""),
            ("(11/12) Is core", ""),
            ("(12/12) Add finances", "no"),
            ("fundfinder>", "quit"),
        ],
        seen,
    )
    seen.append(finish(child))
    assert "Traceback" not in "".join(seen)
    profile = draft(env)["profile"]
    assert isinstance(profile, dict)
    org = profile["organisation"]
    assert isinstance(org, dict)
    assert org["registered_in"] == "GT"  # Guatemala, nothing else
    assert org["legal_form"] == "stichting" and org["org_type"] == "ngo"
    assert profile["regions"] == ["Guatamala"]  # kept as written, read as Guatemala
    from fundfinder.load.profile import parse_profile

    parsed = parse_profile(profile, "draft")
    assert parsed.regions == ("GT",) and parsed.theme_ids == ("wash",)
