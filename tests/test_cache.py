"""The compiled cache: keyed by content, never a wrong answer (stale, corrupt, racing)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from fundfinder import cache
from fundfinder.load.catalog import load_database_file
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
    entries = list(cache_dir.glob("funders-*.cache"))
    assert len(entries) == 1
    calls = []
    real_build = cache.cached

    def spy(kind, path, raw, build, *rest):  # type: ignore[no-untyped-def]
        calls.append(kind)
        return real_build(kind, path, raw, lambda: pytest.fail("rebuilt"), *rest)

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
    assert len(list(cache_dir.glob("funders-*.cache"))) == 1  # the old entry was removed


def test_a_large_database_known_by_its_stamp_is_read_again_when_it_changes(
    tmp_path: Path, cache_dir: Path, taxonomy: Taxonomy, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A large database file keys the cache by place, size and change times (not by reading
    and hashing it at every start): a changed file still gets a new entry."""
    import fundfinder.cache as cache_module
    import fundfinder.load.catalog as catalog_module

    monkeypatch.setattr(cache_module, "STAMP_FROM", 10)
    db = write_db(tmp_path / "db.yaml", "Alpha Fund")
    assert [f.name for f in load_database_file(db, taxonomy)] == ["Alpha Fund"]
    calls = []
    real_read = catalog_module.read_bytes_limited

    def spy(*args):  # type: ignore[no-untyped-def]
        calls.append(args)
        return real_read(*args)

    monkeypatch.setattr(catalog_module, "read_bytes_limited", spy)
    assert [f.name for f in load_database_file(db, taxonomy)] == ["Alpha Fund"]
    assert calls == []  # from the cache, the file not read
    write_db(db, "Beta Fund")
    assert [f.name for f in load_database_file(db, taxonomy)] == ["Beta Fund"]
    assert len(list(cache_dir.glob("funders-*.cache"))) == 1


@pytest.mark.parametrize(
    "garbage", [b"", b"not a cache file", b"fundfinder-cache-5\nwrongkey\n...", None]
)
def test_corrupt_cache_falls_back_to_parsing(
    tmp_path: Path, cache_dir: Path, taxonomy: Taxonomy, garbage: bytes | None
) -> None:
    db = write_db(tmp_path / "db.yaml", "Alpha Fund")
    load_database_file(db, taxonomy)
    [entry] = cache_dir.glob("funders-*.cache")
    if garbage is None:  # a truncated file: right header, half the data
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
    assert not list(cache_dir.glob("funders-*.cache"))


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


def _entry(cache_dir: Path) -> tuple[Path, bytes]:
    [entry] = cache_dir.glob("funders-*.cache")
    return entry, entry.read_bytes()


def _rewrite(entry: Path, head: bytes, payload: bytes, arrays: list[bytes] = ()) -> None:  # type: ignore[assignment]
    """A well-formed cache file around `payload` (right key, right checksum)."""
    table = b""
    at = len(payload) + 16 * len(arrays)
    body = b""
    for raw in arrays:
        table += at.to_bytes(8, "little") + len(raw).to_bytes(8, "little")
        body += raw
        at += len(raw)
    rest = payload + table + body
    entry.write_bytes(
        head
        + len(payload).to_bytes(8, "little")
        + len(arrays).to_bytes(8, "little")
        + cache._checksum(rest)
        + rest
    )


def _head(raw: bytes) -> bytes:
    return raw[: raw.index(b"\n", len(cache.MAGIC)) + 1]


def test_cache_holds_data_only(tmp_path: Path, cache_dir: Path, taxonomy: Taxonomy) -> None:
    load_database_file(write_db(tmp_path / "db.yaml", "Alpha Fund"), taxonomy)
    _entry_path, raw = _entry(cache_dir)
    assert raw.startswith(cache.MAGIC)
    assert b"\x80\x05" not in raw[:40] and b"pickle" not in raw and b"builtins" not in raw


PLANTED = [
    # a pickle that would run a command when unpickled, under the expected name
    b"\x80\x05\x95\x1d\x00\x00\x00\x00\x00\x00\x00\x8c\x02os\x94\x8c\x06system\x94\x93\x94"
    b"\x8c\x05touch\x94\x85\x94R\x94.",
    b'{"o": "Popen", "v": {"d": []}}',  # a class outside the list
    b'{"n": "Funder", "v": [1]}',  # a listed class, wrong shape
    b'{"n": "Taxonomy", "v": [1]}',  # a listed class that is no named tuple
    b'{"o": "Funder", "v": {"d": []}}',  # a named tuple as an object
    b"42",  # valid JSON, not what was stored
    b'{"a": [0, "|O", [1]]}',  # an object array
    b'{"a": [3, "<i8", [1]]}',  # an array that is not there
    b'{"d": [[[1], 2]]}',  # an unhashable key
]


@pytest.mark.parametrize("payload", PLANTED)
def test_planted_or_foreign_data_is_rebuilt_not_run(
    tmp_path: Path, cache_dir: Path, taxonomy: Taxonomy, payload: bytes
) -> None:
    db = write_db(tmp_path / "db.yaml", "Alpha Fund")
    load_database_file(db, taxonomy)
    entry, raw = _entry(cache_dir)
    _rewrite(entry, _head(raw), payload)
    got = load_database_file(db, taxonomy)
    assert [f.name for f in got] == ["Alpha Fund"]
    assert _entry(cache_dir)[1] == raw  # rebuilt and stored again


def test_checksum_guards_every_byte(tmp_path: Path, cache_dir: Path, taxonomy: Taxonomy) -> None:
    db = write_db(tmp_path / "db.yaml", "Alpha Fund")
    load_database_file(db, taxonomy)
    entry, raw = _entry(cache_dir)
    at = raw.index(b"Alpha Fund")
    entry.write_bytes(raw[:at] + b"Gamma" + raw[at + 5 :])  # same length, checksum now wrong
    assert [f.name for f in load_database_file(db, taxonomy)] == ["Alpha Fund"]


def test_non_regular_entries_are_ignored(
    tmp_path: Path, cache_dir: Path, taxonomy: Taxonomy
) -> None:
    db = write_db(tmp_path / "db.yaml", "Alpha Fund")
    load_database_file(db, taxonomy)
    entry, raw = _entry(cache_dir)
    entry.unlink()
    os.mkfifo(entry)  # a FIFO under the expected name: never opened for a blocking read
    assert [f.name for f in load_database_file(db, taxonomy)] == ["Alpha Fund"]
    entry.unlink(missing_ok=True)
    target = tmp_path / "elsewhere.cache"
    target.write_bytes(raw)
    if entry.exists():
        entry.unlink()
    entry.symlink_to(target)  # a link is not followed
    assert [f.name for f in load_database_file(db, taxonomy)] == ["Alpha Fund"]


def test_entries_of_another_user_are_ignored(
    tmp_path: Path, cache_dir: Path, taxonomy: Taxonomy, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = write_db(tmp_path / "db.yaml", "Alpha Fund")
    load_database_file(db, taxonomy)
    monkeypatch.setattr(os, "geteuid", lambda: os.stat(cache_dir).st_uid + 1)
    calls = []
    real = cache._read

    def spy(target: Path, key: str) -> object:
        found = real(target, key)
        calls.append(found)
        return found

    monkeypatch.setattr(cache, "_read", spy)
    assert [f.name for f in load_database_file(db, taxonomy)] == ["Alpha Fund"]
    assert calls == [None]


def test_cache_folder_is_private(tmp_path: Path, cache_dir: Path, taxonomy: Taxonomy) -> None:
    load_database_file(write_db(tmp_path / "db.yaml", "Alpha Fund"), taxonomy)
    assert cache_dir.stat().st_mode & 0o777 == 0o700


def test_codec_round_trips_every_stored_kind(taxonomy: Taxonomy) -> None:
    import numpy as np

    from fundfinder.datacodec import decode, encode
    from fundfinder.load.history import load_history
    from fundfinder.load.index import compile_part

    funders = load_database_file(Path(__file__).parents[1] / "data" / "funders.yaml", taxonomy)
    for value in (funders, load_history(taxonomy)):
        payload, arrays = encode(value)
        again = decode(payload, [a.tobytes() for a in arrays])
        assert type(again) is type(value)
    payload, arrays = encode(funders)
    assert decode(payload, []) == funders
    part = compile_part(funders[:20], "x", taxonomy)
    payload, arrays = encode(part)
    again = decode(payload, [a.tobytes() for a in arrays])
    assert [again.funder(i) for i in range(20)] == funders[:20]
    assert np.array_equal(again.theme_mat, part.theme_mat)
    assert again.ids == part.ids and list(again.names) == part.names  # one string each
    assert again.names[3] == funders[3].name and len(again.names) == 20
    weird = {("a", 1): frozenset({1, 2}), "s": {3}, "t": ((1, 2), [3, (4,)]), "n": float("inf")}
    assert decode(*encode(weird)) == weird


def test_a_blob_is_checked_block_by_block_as_it_is_read(
    tmp_path: Path, cache_dir: Path, taxonomy: Taxonomy
) -> None:
    """A large part's funders (a blob) lie outside the file's checksum, so that a run need
    not read them all; each block is checked against its digest when first read."""
    from fundfinder.datacodec import BLOCK, FormatError
    from fundfinder.load.index import compile_part

    funders = load_database_file(Path(__file__).parents[1] / "data" / "funders.yaml", taxonomy)
    part = compile_part(funders[:40], "x", taxonomy)
    assert len(part.blob_data) > 2 * BLOCK
    target = cache_dir / "part.cache"
    cache._write(cache_dir, target, "k", part, "part-")
    again = cache._read(target, "k")
    assert [again.funder(i) for i in range(40)] == funders[:40]
    raw = target.read_bytes()
    at = raw.index(funders[39].id.encode(), len(raw) - len(part.blob_data))
    target.write_bytes(raw[:at] + b"#" + raw[at + 1 :])
    damaged = cache._read(target, "k")  # the structure still passes its checksum
    assert damaged.funder(0) == funders[0]
    with pytest.raises(FormatError):
        [damaged.funder(i) for i in range(40)]
    assert not target.exists()  # dropped: the next run builds it again


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the XDG rule is Linux's")
@pytest.mark.parametrize("xdg", ["", "   ", "/tmp/xdg-cache"])
def test_cache_folder_follows_the_xdg_rule_as_platformdirs_does(
    xdg: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from platformdirs import user_cache_path

    monkeypatch.delenv("FUNDFINDER_CACHE_DIR", raising=False)
    monkeypatch.delenv("FUNDFINDER_NO_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", xdg)
    assert cache.cache_dir() == user_cache_path("fundfinder", appauthor=False)


def test_a_large_part_with_malformed_ids_or_names_is_refused(taxonomy: Taxonomy) -> None:
    """Read back from the cache, a compiled part's ids and names must be text of one count:
    anything else is refused (and so rebuilt), never a traceback."""
    import json

    from fundfinder.datacodec import FormatError, decode, encode
    from fundfinder.load.index import compile_part

    funders = load_database_file(Path(__file__).parents[1] / "data" / "funders.yaml", taxonomy)
    payload, arrays = encode(compile_part(funders[:5], "x", taxonomy))
    buffers = [a.tobytes() for a in arrays]
    tree = json.loads(bytes(payload))
    state = dict(tree["v"]["d"])  # the part's attributes, as stored

    def stored(attributes: dict[str, Any]) -> bytes:
        return json.dumps(dict(tree, v={"d": list(map(list, attributes.items()))})).encode()

    assert decode(stored(state), buffers).ids == [f.id for f in funders[:5]]
    for key, bad in (("ids", ["a", "b"]), ("names", None), ("ids", "only-one")):
        with pytest.raises(FormatError):
            decode(stored(dict(state, **{key: bad})), buffers)
    for missing in ("name_ptr", "name_rank"):  # another version's part
        with pytest.raises(FormatError):
            decode(stored({k: v for k, v in state.items() if k != missing}), buffers)
