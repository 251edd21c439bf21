"""The compiled cache: keyed by content, never a wrong answer (stale, corrupt, racing)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from fundfinder import cache
from fundfinder.catalog import load_database_file
from fundfinder.taxonomy import Taxonomy

from .conftest import funder_data


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("FUNDFINDER_CACHE_DIR", str(folder))
    monkeypatch.delenv("FUNDFINDER_NO_CACHE", raising=False)
    return folder


def write_db(path: Path, *names: str) -> Path:
    path.write_text(yaml.safe_dump([funder_data(id=f"f-{i}", name=n) for i, n in enumerate(names)]))
    return path


def test_second_load_comes_from_the_cache(
    tmp_path: Path, cache_dir: Path, taxonomy: Taxonomy
) -> None:
    db = write_db(tmp_path / "db.yaml", "Alpha Fund")
    first = load_database_file(db, taxonomy)
    entries = list(cache_dir.glob("funders-*.pickle"))
    assert len(entries) == 1
    calls = []
    real_build = cache.cached

    def spy(kind, path, raw, build, extra_key=b""):  # type: ignore[no-untyped-def]
        calls.append(kind)
        return real_build(kind, path, raw, lambda: pytest.fail("rebuilt"), extra_key)

    cache_module_cached = cache.cached
    try:
        cache.cached = spy  # type: ignore[assignment]
        again = load_database_file(db, taxonomy)
    finally:
        cache.cached = cache_module_cached  # type: ignore[assignment]
    assert again == first and calls == ["funders"]


def test_changed_file_is_never_served_stale(
    tmp_path: Path, cache_dir: Path, taxonomy: Taxonomy
) -> None:
    db = write_db(tmp_path / "db.yaml", "Alpha Fund")
    assert [f.name for f in load_database_file(db, taxonomy)] == ["Alpha Fund"]
    stamp = db.stat().st_mtime_ns
    write_db(db, "Beta Fund")
    os.utime(db, ns=(stamp, stamp))  # same mtime: the key is the content, not the clock
    assert [f.name for f in load_database_file(db, taxonomy)] == ["Beta Fund"]
    assert len(list(cache_dir.glob("funders-*.pickle"))) == 1  # the old entry was removed


@pytest.mark.parametrize(
    "garbage", [b"", b"not a pickle", b"fundfinder-cache-2\nwrongkey\n...", None]
)
def test_corrupt_cache_falls_back_to_parsing(
    tmp_path: Path, cache_dir: Path, taxonomy: Taxonomy, garbage: bytes | None
) -> None:
    db = write_db(tmp_path / "db.yaml", "Alpha Fund")
    load_database_file(db, taxonomy)
    [entry] = cache_dir.glob("funders-*.pickle")
    if garbage is None:  # a truncated file: right header, half a pickle
        entry.write_bytes(entry.read_bytes()[:-20])
    else:
        entry.write_bytes(garbage)
    assert [f.name for f in load_database_file(db, taxonomy)] == ["Alpha Fund"]
    assert [f.name for f in load_database_file(db, taxonomy)] == ["Alpha Fund"]


def test_unwritable_cache_is_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, taxonomy: Taxonomy
) -> None:
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("x")
    monkeypatch.setenv("FUNDFINDER_CACHE_DIR", str(blocker / "cache"))
    db = write_db(tmp_path / "db.yaml", "Alpha Fund")
    assert [f.name for f in load_database_file(db, taxonomy)] == ["Alpha Fund"]


def test_cache_can_be_turned_off(
    tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch, taxonomy: Taxonomy
) -> None:
    monkeypatch.setenv("FUNDFINDER_NO_CACHE", "1")
    load_database_file(write_db(tmp_path / "db.yaml", "Alpha Fund"), taxonomy)
    assert not cache_dir.exists()


def test_errors_are_not_cached(tmp_path: Path, cache_dir: Path, taxonomy: Taxonomy) -> None:
    from fundfinder.errors import CatalogError

    db = tmp_path / "db.yaml"
    db.write_text("- id: x\n")
    for _ in range(2):
        with pytest.raises(CatalogError, match="is required"):
            load_database_file(db, taxonomy)
    assert not list(cache_dir.glob("funders-*.pickle"))


def test_racing_processes_agree(tmp_path: Path, cache_dir: Path) -> None:
    db = write_db(tmp_path / "db.yaml", *[f"Fund {i}" for i in range(300)])
    env = {**os.environ, "FUNDFINDER_CACHE_DIR": str(cache_dir), "FUNDFINDER_TODAY": "2026-11-26"}
    cmd = [
        sys.executable,
        "-m",
        "fundfinder",
        "funders",
        "list",
        "--format",
        "json",
        "--db",
        str(db),
    ]
    procs = [
        subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for _ in range(6)
    ]
    outputs = [p.communicate(timeout=120) for p in procs]
    assert all(p.returncode == 0 for p in procs), [e for _, e in outputs]
    assert len({out for out, _ in outputs}) == 1
    assert not list(cache_dir.glob(".tmp-*"))


def test_cache_key_covers_every_module(tmp_path: Path) -> None:
    import os

    from fundfinder.cache import _stamp_of

    (tmp_path / "sub").mkdir()
    (tmp_path / "fields.py").write_text("A = 1\n")
    (tmp_path / "sub" / "deep.py").write_text("B = 1\n")
    first = _stamp_of(tmp_path)
    _stamp_of.cache_clear()
    os.utime(tmp_path / "sub" / "deep.py", ns=(1, 1))
    assert _stamp_of(tmp_path) != first and b"deep.py" in first
