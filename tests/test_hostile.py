"""A corpus of hostile and broken inputs: clear errors, nothing lost, nothing injected.

Every file in tests/hostile/ (and a few generated ones: oversized, alias
bombs) goes through the real command line in a subprocess. Whatever happens,
the exit code is 0, 1 or 2, there is no traceback, no escape byte reaches the
output, and no tag ever runs code.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from .conftest import funder_data, profile_data

HOSTILE = Path(__file__).parent / "hostile"
PROFILES = sorted(p for p in HOSTILE.glob("*.yaml") if not p.name.startswith("funders-"))
DATABASES = sorted(HOSTILE.glob("funders-*.yaml"))
PWNED = Path("/tmp/fundfinder-pwned")


def cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "FUNDFINDER_TODAY": "2026-11-26", "NO_COLOR": "1", "COLUMNS": "100"}
    return subprocess.run(
        [sys.executable, "-m", "fundfinder", *args],
        capture_output=True,
        env=env,
        timeout=120,
        cwd=cwd,
    )


def assert_survived(result: subprocess.CompletedProcess[bytes]) -> None:
    assert result.returncode in (0, 1, 2), result
    for stream in (result.stdout, result.stderr):
        text = stream.decode("utf-8", "replace")
        assert "Traceback" not in text
        assert "\x1b" not in text
        assert "\u202e" not in text
    assert not PWNED.exists()


@pytest.mark.parametrize("path", PROFILES, ids=lambda p: p.name)
def test_hostile_profiles(path: Path) -> None:
    for args in (
        ["match", str(path)],
        ["profile", "check", str(path)],
        ["match", str(path), "-f", "markdown"],
    ):
        assert_survived(cli(*args))


@pytest.mark.parametrize("path", DATABASES, ids=lambda p: p.name)
def test_hostile_databases(path: Path) -> None:
    result = cli("db", "validate", str(path))
    assert_survived(result)
    assert result.returncode == 1
    assert f"{path.name}:" in result.stderr.decode() or f"{path}:" in result.stderr.decode()
    assert_survived(cli("demo", "--db", str(path)))


EXPECTED_ERRORS = {
    "not-yaml.yaml": "line 1, column 13: not valid YAML",
    "empty.yaml": "the file is empty",
    "top-level-list.yaml": "expected a mapping",
    "duplicate-keys.yaml": "line 3: duplicate key 'name' (first given on line 2)",
    "tabs.yaml": "line 2, column 1: not valid YAML",
    "python-tag.yaml": "tags that build objects are refused",
    "deep-nesting.yaml": "nested more than 200 levels deep",
    "impossible-date.yaml": "line 5: not valid YAML: '2027-02-30' is not a valid timestamp",
    "latin1.yaml": "line 1: not UTF-8 text (byte 0xe9); save the file as UTF-8",
    "long-strings.yaml": "organisation.name: is 100000 characters; at most 200",
    "bad-amounts.yaml": "need.amount_eur: must be a finite number",
    "wrong-types.yaml": "organisation.staff_fte: expected a number, got yes/no (True)",
}


@pytest.mark.parametrize(("name", "message"), sorted(EXPECTED_ERRORS.items()))
def test_expected_messages(name: str, message: str) -> None:
    result = cli("match", str(HOSTILE / name))
    assert result.returncode == 1
    err = result.stderr.decode()
    assert err.startswith("Error: ")
    assert message in err


@pytest.mark.parametrize("name", ["unicode.yaml", "utf8-bom.yaml", "utf16.yaml"])
def test_unicode_and_boms_are_read(name: str) -> None:
    result = cli("match", str(HOSTILE / name), "-f", "json")
    assert result.returncode == 0, result.stderr.decode()


def test_markup_and_escapes_show_literally() -> None:
    result = cli("match", str(HOSTILE / "markup-and-escapes.yaml"))
    out = result.stdout.decode()
    assert result.returncode == 0
    assert "[bold red]X[/bold red] a|b <script>alert(1)</script> [31mred[0m" in out
    md = cli("match", str(HOSTILE / "markup-and-escapes.yaml"), "-f", "markdown").stdout.decode()
    assert md.startswith("# Funding report: \\[bold red\\]X\\[/bold red\\] a\\|b \\<script\\>alert")
    assert "<script>" not in md


def test_oversized_profile_is_refused_quickly(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("w") as fh:
        fh.write("organisation: {name: Huge}\nthemes: [SRHR]\nregions: [Kenya]\nfiller:\n")
        fh.write("  - padding padding padding padding\n" * 80_000)  # ~2.8 MiB
    result = cli("match", str(path))
    assert result.returncode == 1
    assert "the limit is 1 MiB" in result.stderr.decode()


def test_alias_bomb_is_refused(tmp_path: Path) -> None:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 10):
        prev, cur = chr(ord("a") + i - 1), chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [" + ", ".join([f"*{prev}"] * 10) + "]")
    for name, text in (("p.yaml", "\n".join(lines)), ("db.yaml", "- " + "\n  ".join(lines))):
        path = tmp_path / name
        path.write_text(text + "\n")
        for args in (["match", str(path)], ["db", "validate", str(path)]):
            result = cli(*args)
            assert_survived(result)
            assert result.returncode == 1
            assert "expands (through aliases)" in result.stderr.decode()


def test_hostile_funder_name_through_an_overlay(tmp_path: Path) -> None:
    overlay = tmp_path / "overlay.yaml"
    name = "[bold red]X[/bold red] a|b <script>\x1b[2J"
    overlay.write_text(
        yaml.safe_dump([funder_data(id="zz-hostile", name=name, regions=["global"])])
    )
    profile = tmp_path / "p.yaml"
    profile.write_text(yaml.safe_dump(profile_data()))
    assert_survived(cli("match", str(profile), "--db", str(overlay), "--top", "500"))
    shown = cli("funders", "show", "zz-hostile", "--db", str(overlay))
    assert_survived(shown)
    first = shown.stdout.decode().splitlines()[0]
    assert "[bold red]X[/bold red] a|b <script>[2J (zz-hostile)" in first  # the card's title
    md = cli("match", str(profile), "--db", str(overlay), "--top", "500", "-f", "markdown")
    assert_survived(md)
    assert "\\[bold red\\]X\\[/bold red\\] a\\|b \\<script\\>\\[2J" in md.stdout.decode()


def test_unwritable_target_leaves_nothing(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        if os.access(locked, os.W_OK):
            pytest.skip("running as a user who can write anywhere")
        result = cli("demo", "--output", str(locked / "r.md"))
        assert result.returncode == 1
        assert "permission denied" in result.stderr.decode()
        assert list(locked.iterdir()) == []
    finally:
        locked.chmod(stat.S_IRWXU)


def test_output_into_missing_folder(tmp_path: Path) -> None:
    result = cli("demo", "--output", str(tmp_path / "no" / "such" / "r.md"))
    assert result.returncode == 1
    assert "does not exist" in result.stderr.decode()


def test_debug_shows_tracebacks_only_for_bugs(tmp_path: Path) -> None:
    result = cli("--debug", "match", str(HOSTILE / "not-yaml.yaml"))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr.decode()


def test_devices_and_fifos_are_bounded_and_never_block(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    fifo = tmp_path / "profile.fifo"
    os.mkfifo(fifo)
    for target, said in ((str(fifo), "the file is empty"), ("/dev/zero", "more than 1 MiB")):
        proc = subprocess.run(
            [sys.executable, "-m", "fundfinder", "match", target],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert proc.returncode == 1, proc.stderr
        assert said in proc.stderr and "Traceback" not in proc.stderr
