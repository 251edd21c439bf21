"""Writing reports and profiles: atomic, never clobbering, nothing left behind on failure."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from fundfinder.errors import OutputError
from fundfinder.output import write_text_atomic


def test_writes_and_refuses_to_overwrite(tmp_path: Path) -> None:
    target = tmp_path / "r.md"
    write_text_atomic(target, "one\n")
    with pytest.raises(OutputError, match="the file exists; use --force to overwrite it"):
        write_text_atomic(target, "two\n")
    assert target.read_text() == "one\n"
    write_text_atomic(target, "two\n", force=True)
    assert target.read_text() == "two\n"
    assert [p.name for p in tmp_path.iterdir()] == ["r.md"]


def test_failed_rename_leaves_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "r.md"
    target.write_text("precious\n")

    def refuse(src: str, dst: str) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(OutputError, match="permission denied"):
        write_text_atomic(target, "new\n", force=True)
    assert target.read_text() == "precious\n"
    assert [p.name for p in tmp_path.iterdir()] == ["r.md"]


def test_full_disk_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_fsync = os.fsync

    def full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(OutputError, match="No space left on device"):
        write_text_atomic(tmp_path / "r.md", "x\n")
    monkeypatch.setattr(os, "fsync", real_fsync)
    assert list(tmp_path.iterdir()) == []


def test_missing_folder_and_folder_target(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="does not exist"):
        write_text_atomic(tmp_path / "no" / "r.md", "x")
    with pytest.raises(OutputError, match="is a folder"):
        write_text_atomic(tmp_path, "x", force=True)


def test_device_is_written_to_not_replaced(tmp_path: Path) -> None:
    import stat

    before = os.stat("/dev/null")
    write_text_atomic(Path("/dev/null"), "gone\n")  # no --force needed: nothing is replaced
    write_text_atomic(Path("/dev/null"), "gone\n", force=True)
    after = os.stat("/dev/null")
    assert stat.S_ISCHR(after.st_mode) and after.st_ino == before.st_ino


def test_fifo_is_written_to_and_never_blocks(tmp_path: Path) -> None:
    import stat
    import threading

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(OutputError, match="nothing is reading"):
        write_text_atomic(fifo, "x\n", force=True)  # no reader: an error, not a hang
    got: list[bytes] = []
    reader_fd = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    reader = threading.Thread(target=lambda: got.append(_drain(reader_fd)))
    write_text_atomic(fifo, "through the pipe\n")
    reader.start()
    reader.join(10)
    os.close(reader_fd)
    assert got == [b"through the pipe\n"]
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe"]


def _drain(fd: int) -> bytes:
    out = b""
    while True:
        try:
            chunk = os.read(fd, 4096)
        except BlockingIOError:
            break
        if not chunk:
            break
        out += chunk
    return out


def test_symlink_is_followed_and_stays_a_link(tmp_path: Path) -> None:
    real = tmp_path / "real.md"
    real.write_text("old\n")
    link = tmp_path / "link.md"
    link.symlink_to(real)
    with pytest.raises(OutputError, match="exists"):
        write_text_atomic(link, "new\n")
    write_text_atomic(link, "new\n", force=True)
    assert link.is_symlink() and real.read_text() == "new\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.md", "real.md"]


def test_new_files_follow_the_umask_and_old_ones_keep_their_mode(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        write_text_atomic(tmp_path / "new.md", "x\n")
    finally:
        os.umask(old)
    assert (tmp_path / "new.md").stat().st_mode & 0o777 == 0o640
    kept = tmp_path / "kept.md"
    kept.write_text("x\n")
    kept.chmod(0o604)
    write_text_atomic(kept, "y\n", force=True)
    assert kept.stat().st_mode & 0o777 == 0o604


def test_unwritable_names_are_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="too long"):
        write_text_atomic(tmp_path / ("x" * 300), "x\n")
    loop = tmp_path / "loop"
    loop.symlink_to(loop)
    with pytest.raises(OutputError, match="points to itself"):
        write_text_atomic(loop, "x\n", force=True)


def test_standard_streams_by_name(tmp_path: Path) -> None:
    import subprocess
    import sys

    code = (
        "from pathlib import Path; from fundfinder.output import write_text_atomic as w;"
        "w(Path('/dev/stdout'), 'to stdout\\n'); w(Path('/dev/stderr'), 'to stderr\\n')"
    )
    out = tmp_path / "captured.txt"
    with out.open("wb") as fh:
        done = subprocess.run(
            [sys.executable, "-c", code], stdout=fh, stderr=subprocess.PIPE, timeout=60
        )
    assert done.returncode == 0, done.stderr
    assert out.read_text() == "to stdout\n" and done.stderr == b"to stderr\n"


def test_kill_during_a_save_keeps_the_previous_file(tmp_path: Path) -> None:
    import signal
    import subprocess
    import sys
    import time

    target = tmp_path / "draft.yaml"
    target.write_text("previous\n")
    code = (
        "import sys; from pathlib import Path; from fundfinder.output import write_text_atomic;"
        "print('go', flush=True);"
        "[write_text_atomic(Path(sys.argv[1]), 'n' * 30_000_000, force=True) for _ in range(50)]"
    )
    proc = subprocess.Popen([sys.executable, "-c", code, str(target)], stdout=subprocess.PIPE)
    assert proc.stdout is not None and proc.stdout.readline() == b"go\n"
    time.sleep(0.3)
    proc.send_signal(signal.SIGKILL)
    proc.wait(30)
    proc.stdout.close()
    text = target.read_text()
    assert text in ("previous\n", "n" * 30_000_000)
