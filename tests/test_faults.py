"""Faults from a hostile user, each through the real command line: clear messages, right
exit statuses, nothing replaced, injected, hung or left behind."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from fundfinder.paths import data_file

from .conftest import funder_data, profile_data

DEMO = str(data_file("examples/demo-profile.yaml"))


def env(**extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "FUNDFINDER_TODAY": "2026-11-26",
        "NO_COLOR": "1",
        "COLUMNS": "100",
        **extra,
    }


def cli(
    *args: str, extra: dict[str, str] | None = None, stdin: bytes = b""
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "fundfinder", *args],
        capture_output=True,
        env=env(**(extra or {})),
        input=stdin,
        timeout=120,
    )


def clean(result: subprocess.CompletedProcess[bytes]) -> str:
    both = (result.stdout + result.stderr).decode("utf-8", "replace")
    assert "Traceback" not in both and "a bug in fundfinder" not in both, both
    for bad in ("\x1b", "\u202e", "\u2066", "\x07", "\x9b"):
        assert bad not in both, (bad, both[:400])
    return both


def test_bool_tag_with_a_non_boolean_value(tmp_path: Path) -> None:
    bad = tmp_path / "p.yaml"
    bad.write_text("organisation: {name: X, anbi: !!bool maybe}\nthemes: [education]\n")
    result = cli("match", str(bad))
    assert result.returncode == 1
    assert "'maybe' is not a valid bool" in clean(result)


def test_huge_integer_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "p.yaml"
    data = profile_data()
    data["organisation"]["annual_budget_eur"] = 10**400
    bad.write_text(yaml.safe_dump(data))
    result = cli("match", str(bad))
    assert result.returncode == 1
    assert "annual_budget_eur: is a number of 401 digits" in clean(result)


@pytest.mark.parametrize("value", ["9999-12-31", "0001-01-01", "tomorrow", "2026-13-01"])
def test_fundfinder_today_is_validated(value: str) -> None:
    result = cli("demo", extra={"FUNDFINDER_TODAY": value})
    assert result.returncode == 1
    assert "FUNDFINDER_TODAY: expected a date" in clean(result)


def test_narrow_output_encoding_is_not_an_error() -> None:
    result = cli("demo", extra={"PYTHONIOENCODING": "ascii"})
    assert result.returncode == 0
    assert "\\u20ac" in clean(result)


def test_a_closed_pipe_ends_quietly() -> None:
    for fmt in ("terminal", "json", "markdown"):
        proc = subprocess.Popen(
            [sys.executable, "-m", "fundfinder", "demo", "-f", fmt],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env(),
        )
        assert proc.stdout is not None and proc.stderr is not None
        proc.stdout.read(10)
        proc.stdout.close()
        err = proc.stderr.read().decode()
        proc.stderr.close()
        assert proc.wait(60) in (0, 141), err
        assert err == "", err


def test_ctrl_c_while_starting_exits_130_without_a_traceback() -> None:
    for delay in (0.08, 0.12, 0.16, 0.2, 0.3):  # after the interpreter itself has started
        proc = subprocess.Popen(
            [sys.executable, "-m", "fundfinder", "demo"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env=env(FUNDFINDER_NO_CACHE="1"),
        )
        time.sleep(delay)
        proc.send_signal(signal.SIGINT)
        _out, err = proc.communicate(timeout=60)
        assert proc.returncode in (0, 130), err
        assert b"Traceback" not in err
        if proc.returncode == 130:
            assert b"Interrupted." in err


def test_sigterm_in_a_batch_exits_143_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    members = tmp_path / "members"
    members.mkdir()
    for i in range(60):
        data = profile_data()
        data["organisation"]["name"] = f"Member {i}"
        (members / f"m{i:02d}.yaml").write_text(yaml.safe_dump(data))
    out = tmp_path / "out"
    proc = subprocess.Popen(
        [sys.executable, "-m", "fundfinder", "batch", str(members), "--out", str(out)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env(),
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not (out.exists() and any(out.glob("m*.md"))):
        time.sleep(0.01)
    finished = (out / "summary.md").exists()
    proc.send_signal(signal.SIGTERM)
    _out, err = proc.communicate(timeout=60)
    if finished:
        pytest.skip("the batch finished before the signal arrived")
    assert proc.returncode == 143, err
    assert b"Traceback" not in err
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")]


def _draft_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "data" / "session" / "drafts"
    folder.mkdir(parents=True)
    return folder


HOSTILE_NAME = "Evil\x1b]0;owned\x07\x1b[2J Org\u202e\x1b]8;;https://x.example\x1b\\link"


def test_a_tampered_draft_reaches_the_terminal_inert(tmp_path: Path) -> None:
    drafts = _draft_folder(tmp_path)
    profile = profile_data()
    profile["organisation"]["name"] = HOSTILE_NAME
    state = {
        "fundfinder_session": 1,
        "phase": "results",
        "profile": profile,
        "shortlist": [{"id": "stichting-doen", "note": "\x1b[31mred\u202e"}],
        "filters": {"type": "foundation\x1b[2J", "text": "\u2066x"},
    }
    (drafts / "evil.yaml").write_text(yaml.safe_dump(state, allow_unicode=True))
    result = cli(
        "session",
        "--resume",
        extra={"FUNDFINDER_DATA_DIR": str(tmp_path / "data")},
        stdin=b"list\nshortlist\nprofile\nquit\n",
    )
    assert result.returncode == 0, result.stderr
    assert "Evil" in clean(result)


@pytest.mark.parametrize("organisation", ["[a, b]", "just a string", "42", "{name: [x]}"])
def test_a_draft_of_the_wrong_shape_is_set_aside(tmp_path: Path, organisation: str) -> None:
    drafts = _draft_folder(tmp_path)
    (drafts / "odd.yaml").write_text(
        f"fundfinder_session: 1\nphase: results\nprofile:\n  organisation: {organisation}\n"
    )
    result = cli(
        "session",
        "--resume",
        extra={"FUNDFINDER_DATA_DIR": str(tmp_path / "data")},
        stdin=b"quit\n",
    )
    assert result.returncode in (0, 1), result.stderr
    clean(result)


def test_a_fifo_as_draft_or_cache_entry_never_hangs(tmp_path: Path) -> None:
    drafts = _draft_folder(tmp_path)
    os.mkfifo(drafts / "stuck.yaml")
    cache = tmp_path / "cache"
    cache.mkdir(mode=0o700)
    result = cli(
        "session",
        "--resume",
        extra={"FUNDFINDER_DATA_DIR": str(tmp_path / "data"), "FUNDFINDER_CACHE_DIR": str(cache)},
        stdin=b"quit\n",
    )
    assert result.returncode in (0, 1)
    clean(result)
    for entry in list(cache.iterdir()):
        entry.unlink()
        os.mkfifo(entry)
    result = cli("demo", extra={"FUNDFINDER_CACHE_DIR": str(cache)})
    assert result.returncode == 0
    clean(result)


def test_bidi_and_controls_from_an_overlay_never_reach_the_output(tmp_path: Path) -> None:
    overlay = tmp_path / "overlay.yaml"
    entry = funder_data(id="zz-bidi", name="Fund \u202eevil\u202c name", regions=["global"])
    entry["summary"] = {"en": "Summary \u2066with\u2069 isolates and \x1b[2J a clear", "nl": "x"}
    entry["keywords"] = ["\u202ekw", "\x9b31m"]
    overlay.write_text(yaml.safe_dump([entry], allow_unicode=True))
    profile = tmp_path / "p.yaml"
    profile.write_text(yaml.safe_dump(profile_data()))
    for fmt in ("terminal", "json", "markdown"):
        result = cli("match", str(profile), "--db", str(overlay), "--top", "0", "-f", fmt)
        assert result.returncode == 0
        clean(result)
    for args in (["show", "zz-bidi"], ["show", "zz-bidi", "-f", "markdown"], ["search", "evil"]):
        result = cli("funders", *args, "--db", str(overlay))
        assert result.returncode == 0, result.stderr
        clean(result)


def test_markdown_of_a_funder_keeps_html_fences_and_links_inert(tmp_path: Path) -> None:
    overlay = tmp_path / "overlay.yaml"
    entry = funder_data(id="zz-html", name="Evil <img src=x onerror=alert(1)> Fund")
    entry["summary"] = {
        "en": "See https://evil.example and\n```\n<script>x</script>\n```",
        "nl": "x",
    }
    overlay.write_text(yaml.safe_dump([entry]))
    shown = cli("funders", "show", "zz-html", "--db", str(overlay), "-f", "markdown").stdout
    text = shown.decode()
    import re

    assert text.startswith("## Evil \\<img src=x onerror=alert(1)\\> Fund (`zz-html`)")
    assert not re.search(r"(?<!\\)<(?!https?://)[A-Za-z/]", text)  # no raw HTML
    assert "```" not in text  # the summary's fence is escaped, not opened
    assert "`https://evil.example`" in text  # an address in free text stays inert
    profile = tmp_path / "p.yaml"
    profile.write_text(yaml.safe_dump(profile_data(themes=["education"])))
    report = cli("match", str(profile), "--db", str(overlay), "-f", "markdown", "--top", "0")
    md = report.stdout.decode()
    assert not re.search(r"(?<!\\)<img", md) and "\\<img src=x onerror=alert(1)\\>" in md


def test_output_to_devices_fifos_and_standard_output(tmp_path: Path) -> None:
    null = os.stat("/dev/null")
    result = cli("demo", "-o", "/dev/null", "--force")
    assert result.returncode == 0, result.stderr
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    assert os.stat("/dev/null").st_ino == null.st_ino
    result = cli("demo", "-o", "/dev/stdout")
    assert result.returncode == 0 and result.stdout.startswith(b"Stichting Voorbeeld")
    result = cli("demo", "-o", "-")
    assert result.returncode == 0 and result.stdout.startswith(b"Stichting Voorbeeld")
    assert not Path("-").exists()
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    result = cli("demo", "-o", str(fifo))
    assert result.returncode == 1 and b"nothing is reading" in result.stderr
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    result = cli("demo", "-o", str(tmp_path / ("x" * 300)))
    assert result.returncode == 1 and "too long" in clean(result)


def test_new_reports_follow_the_umask(tmp_path: Path) -> None:
    code = (
        "import os, sys; os.umask(0o077); sys.argv=['fundfinder','demo','-o',sys.argv[1]];"
        "from fundfinder.__main__ import run; run()"
    )
    target = tmp_path / "r.md"
    subprocess.run([sys.executable, "-c", code, str(target)], env=env(), timeout=120, check=True)
    assert target.stat().st_mode & 0o777 == 0o600
    code = code.replace("0o077", "0o022")
    other = tmp_path / "r2.md"
    subprocess.run([sys.executable, "-c", code, str(other)], env=env(), timeout=120, check=True)
    assert other.stat().st_mode & 0o777 == 0o644


def test_endless_inputs_are_bounded(tmp_path: Path) -> None:
    for args, extra in (
        (["match", "/dev/urandom"], {}),
        (["match", "/dev/zero"], {}),
        (["demo"], {"FUNDFINDER_DB": "/dev/zero"}),
    ):
        result = cli(*args, extra=extra)
        assert result.returncode == 1, (args, result.stderr)
        assert "limit" in clean(result)
