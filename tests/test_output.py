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
