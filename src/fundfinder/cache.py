"""A compiled cache of parsed data files, keyed by their content.

Parsing and validating YAML is the slow part of every run; the result for a
given file content never changes. So each parsed file is stored, pickled, in
the user's cache folder under a key made from the file's bytes, the
fundfinder version and whatever else the result depends on (the taxonomy, for
funder files). A changed file gets a new key; older entries for the same path
are removed. The cache is only an accelerator: a missing, unreadable,
corrupt or foreign cache file is ignored and the file is parsed again, and a
cache that cannot be written is skipped. Writes go through a temporary file
and an atomic rename, so two runs racing each other never see half a file.

The cache folder is the user's own (`FUNDFINDER_CACHE_DIR` overrides it;
`FUNDFINDER_NO_CACHE=1` turns the cache off).
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from fundfinder import __version__

T = TypeVar("T")
MAGIC = b"fundfinder-cache-2\n"


def cache_dir() -> Path | None:
    if os.environ.get("FUNDFINDER_NO_CACHE"):
        return None
    override = os.environ.get("FUNDFINDER_CACHE_DIR")
    if override:
        return Path(override)
    from platformdirs import user_cache_path

    return user_cache_path("fundfinder", appauthor=False)


def _code_stamp() -> bytes:
    """Every module of the package (name, size, modification time): parsing depends on more
    than the modules whose objects are stored (fields, yamlsafe, textnorm, ...), so a change
    to any of them invalidates every cache entry. One stat per file, at most once a run."""
    return _stamp_of(Path(__file__).resolve().parent)


@cache
def _stamp_of(here: Path) -> bytes:
    parts = []
    for path in sorted(here.rglob("*.py")):
        try:
            stat = path.stat()
            parts.append(f"{path.relative_to(here)}:{stat.st_mtime_ns}:{stat.st_size}")
        except OSError:
            parts.append(str(path))
    return ";".join(parts).encode()


def _blake2b(digest_size: int) -> Any:
    try:  # the builtin module: hashlib would also load OpenSSL, a few ms at every start
        from _blake2 import blake2b
    except ImportError:  # pragma: no cover - every CPython has _blake2
        from hashlib import blake2b
    return blake2b(digest_size=digest_size)


def content_key(*parts: bytes) -> str:
    digest = _blake2b(16)
    digest.update(__version__.encode())
    digest.update(_code_stamp())
    for part in parts:
        digest.update(len(part).to_bytes(8, "little"))
        digest.update(part)
    return str(digest.hexdigest())


def _path_tag(path: Path) -> str:
    digest = _blake2b(6)
    digest.update(str(path.resolve()).encode())
    return str(digest.hexdigest())


def cached(
    kind: str,
    path: Path,
    raw: bytes,
    build: Callable[[], T],
    extra_key: bytes = b"",
) -> T:
    """The parsed form of `raw` (the bytes of `path`): from the cache, or built and stored."""
    folder = cache_dir()
    if folder is None:
        return build()
    key = content_key(kind.encode(), raw, extra_key)
    prefix = f"{kind}-{_path_tag(path)}-"
    target = folder / f"{prefix}{key}.pickle"
    found = _read(target, key)
    if found is not None:
        return found  # type: ignore[no-any-return]
    value = build()
    _write(folder, target, key, value, prefix)
    return value


def _read(target: Path, key: str) -> Any | None:
    """Load an entry; large arrays in it stay memory-mapped (pickle protocol 5, out of band)."""
    import mmap

    header = MAGIC + key.encode() + b"\n"
    try:
        with target.open("rb") as fh:
            if fh.read(len(header)) != header:
                return None
            size = os.fstat(fh.fileno()).st_size
            mapped = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
    except (OSError, ValueError):
        return None
    try:
        view = memoryview(mapped)
        at = len(header)
        length = int.from_bytes(view[at : at + 8], "little")
        at += 8
        payload = view[at : at + length]
        at += length
        buffers = []
        while at < size:
            chunk = int.from_bytes(view[at : at + 8], "little")
            at += 8
            if at + chunk > size:
                return None
            buffers.append(view[at : at + chunk])
            at += chunk
        if len(payload) != length:
            return None
        # Our own file, in the user's own cache folder.
        return pickle.loads(payload, buffers=buffers)
    except Exception:  # a corrupt or truncated cache file is simply rebuilt
        return None


def _write(folder: Path, target: Path, key: str, value: Any, prefix: str) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        import tempfile

        buffers: list[pickle.PickleBuffer] = []
        payload = pickle.dumps(value, protocol=5, buffer_callback=buffers.append)
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=folder)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(MAGIC + key.encode() + b"\n")
                fh.write(len(payload).to_bytes(8, "little"))
                fh.write(payload)
                for buffer in buffers:  # numpy arrays, stored raw so they can be memory-mapped
                    raw = buffer.raw()
                    fh.write(len(raw).to_bytes(8, "little"))
                    fh.write(raw)
            os.replace(tmp, target)
        except BaseException:
            try:
                os.unlink(tmp)
            except OSError:
                pass
            raise
        for old in folder.glob(f"{prefix}*.pickle"):
            if old != target:
                try:
                    old.unlink()
                except OSError:
                    pass
    except (OSError, pickle.PicklingError):
        return  # the cache is an accelerator only
