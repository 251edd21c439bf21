"""The documentation is tested: the command reference is generated from the real
commands, every option says what it does, and the README's commands run."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer

from fundfinder.cli import app
from fundfinder.cli.reference import command_paths, reference

ROOT = Path(__file__).resolve().parents[1]


def test_command_reference_is_current() -> None:
    current = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert current == reference(), "run `python -m fundfinder.cli.reference --write`"


def _command(path: list[str]) -> Any:
    command: Any = typer.main.get_command(app)
    for name in path:
        command = command.get_command(command.context_class(command), name)
    return command


def test_every_command_and_option_says_what_it_does() -> None:
    paths = command_paths()
    assert ["session"] in paths and ["funders", "search"] in paths and ["db", "stats"] in paths
    for path in paths:
        command = _command(path)
        assert (command.help or "").strip(), f"fundfinder {' '.join(path)} has no help"
        for param in command.params:
            if param.param_type_name == "option":
                assert (getattr(param, "help", None) or "").strip(), (path, param.name)


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    found = []
    for line in text.splitlines():
        m = re.match(r"^    (fundfinder .+?)(?:\s+#.*)?$", line)
        if m:
            found.append(m.group(1).strip())
    return found


def test_the_readme_commands_run(tmp_path: Path) -> None:
    """Each example command of the README, in order, in a fresh folder (drafts and cache
    in it too); optional parts written [LIKE THIS] are left out."""
    commands = readme_commands()
    assert len(commands) >= 15
    shutil.copytree(ROOT / "data" / "examples" / "members", tmp_path / "members")
    (tmp_path / "data" / "examples").mkdir(parents=True)
    shutil.copytree(ROOT / "data" / "examples" / "members", tmp_path / "data/examples/members")
    env = {
        **os.environ,
        "FUNDFINDER_TODAY": "2026-11-26",
        "NO_COLOR": "1",
        "FUNDFINDER_DATA_DIR": str(tmp_path / "state"),
    }
    for command in commands:
        words = [w for w in shlex.split(command) if not w.startswith("[")]
        if words[1] == "batch":  # the README shows it twice; a second run would need --force
            shutil.rmtree(tmp_path / "reports", ignore_errors=True)
        done = subprocess.run(
            [sys.executable, "-m", "fundfinder", *words[1:]],
            cwd=tmp_path,
            env=env,
            input="quit\n" if words[1] == "session" else "",
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, (command, done.stdout[-500:], done.stderr[-1000:])
        assert "Traceback" not in done.stderr
    assert (tmp_path / "report.md").is_file() and (tmp_path / "reports").is_dir()


@pytest.mark.parametrize("page", ["architecture.md", "cli.md", "ranking.md", "performance.md"])
def test_docs_name_only_files_that_exist(page: str) -> None:
    text = (ROOT / "docs" / page).read_text(encoding="utf-8")
    for name in re.findall(r"`((?:src|tests|benchmarks|data|docs)/[\w./-]+)`", text):
        assert (ROOT / name).exists(), f"{page} names {name}, which does not exist"
