"""A compiled cache of parsed data files, keyed by their content.

Parsing and validating YAML is the slow part of every run; the result for a
given file content never changes. So each parsed file is stored in the user's
cache folder in a data-only format (`datacodec`: JSON and raw number arrays,
nothing that runs code when read), with a checksum, under a key made from the
file's bytes, the fundfinder version and whatever else the result depends on
(the taxonomy, for funder files). A changed file gets a new key; older entries
for the same path are removed. The cache is only an accelerator: a missing,
unreadable, corrupt or foreign cache file (one that fails the checksum, is not
a regular file or belongs to another user) is ignored and the file is parsed
again, and a cache that cannot be written is skipped. The folder is made
private (0700). Writes go through a temporary file and an atomic rename, so two
runs racing each other never see half a file.

The cache folder is the user's own (`FUNDFINDER_CACHE_DIR` overrides it;
`FUNDFINDER_NO_CACHE=1` turns the cache off).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from fundfinder import __version__

T = TypeVar("T")
MAGIC = b"fundfinder-cache-5\n"


def cache_dir() -> Path | None:
    if os.environ.get("FUNDFINDER_NO_CACHE"):
        return None
    override = os.environ.get("FUNDFINDER_CACHE_DIR")
    if override:
        return Path(override)
    if sys.platform.startswith("linux"):  # the XDG rule, as platformdirs has it, without its import
        base = os.environ.get("XDG_CACHE_HOME", "")
        return Path(base if base.strip() else os.path.expanduser("~/.cache")) / "fundfinder"
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
    from fundfinder.datacodec import blake2b

    return blake2b(digest_size=digest_size)


def content_key(*parts: bytes) -> str:
    digest = _blake2b(16)
    digest.update(__version__.encode())
    digest.update(_code_stamp())
    for part in parts:
        digest.update(len(part).to_bytes(8, "little"))
        digest.update(part)
    return str(digest.hexdigest())


def file_stamp(path: Path) -> bytes:
    """What identifies a file's content without reading it: where it is, its size, and when
    it last changed (any write moves the change time, which no program can set back)."""
    info = path.stat()
    fields = (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)
    return str(path.resolve()).encode() + b"\0" + ",".join(map(str, fields)).encode()


STAMP_FROM = 4 * 1024 * 1024  # a file this large is known by its stamp, not read and hashed


def large_file_stamp(path: Path, up_to: int | None = None) -> bytes | None:
    """What keys a large file (`STAMP_FROM` bytes or more, and at most `up_to`) in the cache
    without reading it: b"stamp:" and its stamp. None for a smaller file, or one that cannot
    be looked at (its error is reported when it is read)."""
    try:
        size = path.stat().st_size
        if size >= STAMP_FROM and (up_to is None or size <= up_to) and path.is_file():
            return b"stamp:" + file_stamp(path)
    except OSError:
        pass
    return None


def _path_tag(path: Path, also: Sequence[Path] = ()) -> str:
    digest = _blake2b(6)
    digest.update(str(path.resolve()).encode())
    for other in also:
        digest.update(b"\0" + str(other.resolve()).encode())
    return str(digest.hexdigest())


def cached(
    kind: str,
    path: Path,
    raw: bytes,
    build: Callable[[], T],
    extra_key: bytes = b"",
    valid: Callable[[Any], bool] = lambda value: True,
    also: Sequence[Path] = (),
) -> T:
    """The parsed form of `raw` (the bytes of `path`): from the cache, or built and stored.

    `valid` says whether a value read back is of the shape `build` makes; one that
    is not (a well-formed file holding something else) is rebuilt. An entry replaces the
    older ones of the same `path` and `also` (other files read with it), so that reading
    the same files with and without others keeps an entry for each."""
    folder = cache_dir()
    if folder is None:
        return build()
    key = content_key(kind.encode(), raw, extra_key)
    prefix = f"{kind}-{_path_tag(path, also)}-"
    target = folder / f"{prefix}{key}.cache"
    found = _read(target, key)
    if found is not None and valid(found):
        return found  # type: ignore[no-any-return]
    value = build()
    _write(folder, target, key, value, prefix)
    return value


def _own_regular(fd: int) -> bool:
    """A regular file of this user's: anything else in the cache folder is not ours to read."""
    import stat

    info = os.fstat(fd)
    owner = getattr(os, "geteuid", None)
    return stat.S_ISREG(info.st_mode) and (owner is None or info.st_uid == owner())


def _read(target: Path, key: str) -> Any | None:
    """Load an entry; its arrays stay memory-mapped. None for anything that fails a check."""
    import mmap

    from fundfinder.datacodec import FormatError, Unchecked, decode

    header = MAGIC + key.encode() + b"\n"
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(target, flags)
    except OSError:
        return None
    try:
        if not _own_regular(fd):
            return None
        size = os.fstat(fd).st_size
        if size < len(header) + FIXED:
            return None
        mapped = mmap.mmap(fd, 0, access=mmap.ACCESS_READ)
        # for the blobs, if any (closed when dropped); where there is no pread, mapped
        opened = _Opened(os.dup(fd)) if hasattr(os, "pread") else None
    except (OSError, ValueError):
        return None
    finally:
        os.close(fd)
    view = memoryview(mapped)
    if bytes(view[: len(header)]) != header:
        return None
    at = len(header)
    length = int.from_bytes(view[at : at + 8], "little")
    count = int.from_bytes(view[at + 8 : at + 16], "little")
    digest = bytes(view[at + 16 : at + FIXED])
    body = view[at + FIXED :]
    if length + 16 * count > len(body):
        return None
    table = body[length : length + 16 * count]
    spans = []
    for i in range(count):
        start = int.from_bytes(table[16 * i : 16 * i + 8], "little")
        size = int.from_bytes(table[16 * i + 8 : 16 * i + 16], "little")
        spans.append((start, start + (size & ~LAZY), bool(size & LAZY)))
    # the checksum covers everything up to the first blob (blobs come last, each checked
    # by its blocks' digests as it is read): a large file is not read as a whole
    checked = min((start for start, _stop, lazy in spans if lazy), default=len(body))
    if _checksum(body[:checked]) != digest:
        return None
    payload = body[:length]
    buffers: list[Any] = []
    for start, stop, lazy in spans:
        if not length + 16 * count <= start <= stop <= len(body):
            return None
        if lazy:  # read from the file as needed: mapping it would bring in whole extents
            span = (
                body[start:stop]
                if opened is None
                else opened.span(at + FIXED + start, stop - start)
            )
            buffers.append(Unchecked(span, lambda: _drop(target)))
        elif stop > checked:
            return None
        else:
            buffers.append(body[start:stop])
    try:
        return decode(payload, buffers)
    except FormatError:
        return None


def _drop(target: Path) -> None:
    """Remove an entry found damaged while in use: the next run builds it again."""
    try:
        target.unlink()
    except OSError:
        pass


def _checksum(*parts: bytes | memoryview) -> bytes:
    """CRC-32 of the parts (in the 16 bytes kept for it): it guards against damage (a
    truncated or altered file), at several times the speed of a cryptographic digest; the
    folder is private and the format holds data only, so a planted file is no threat."""
    from zlib import crc32

    value = 0
    for part in parts:
        value = crc32(part, value)
    return value.to_bytes(4, "little") + bytes(12)


class _Opened:
    """A cache file kept open for its blobs' spans (closed when the last is dropped)."""

    def __init__(self, fd: int) -> None:
        self.fd = fd

    def span(self, offset: int, length: int) -> Any:
        from fundfinder.datacodec import Span

        fd = self.fd

        def read(start: int, count: int, _keep: _Opened = self) -> bytes:
            return os.pread(fd, count, offset + start)

        return Span(read, length)

    def __del__(self) -> None:
        try:
            os.close(self.fd)
        except OSError:
            pass


FIXED = 32  # payload length, array count, checksum
ALIGN = 64  # arrays start on a boundary numpy reads fastest
LAZY = 1 << 63  # in an array's size: a blob's bytes, after the checksummed part


def _layout(
    payload: bytes, arrays: list[Any], lazy: Sequence[int] = ()
) -> tuple[list[bytes | memoryview], int]:
    """The body of a cache file (payload, array table, then each array aligned, blobs
    last), and how much of it the checksum covers (up to the first blob)."""
    at = len(payload) + 16 * len(arrays)
    spans: dict[int, tuple[int, int]] = {}
    chunks: list[bytes | memoryview] = []
    checked = -1
    order = [i for i in range(len(arrays)) if i not in lazy] + list(lazy)
    for i in order:
        array = arrays[i]
        pad = -at % ALIGN
        if pad:
            chunks.append(bytes(pad))
            at += pad
        if i in lazy and checked < 0:
            checked = at
        raw = memoryview(array.tobytes() if not array.flags.c_contiguous else array).cast("B")
        spans[i] = (at, len(raw) | (LAZY if i in lazy else 0))
        chunks.append(raw)
        at += len(raw)
    table = b"".join(
        start.to_bytes(8, "little") + size.to_bytes(8, "little")
        for start, size in (spans[i] for i in range(len(arrays)))
    )
    return [payload, table, *chunks], (at if checked < 0 else checked)


def _write(folder: Path, target: Path, key: str, value: Any, prefix: str) -> None:
    from fundfinder.datacodec import FormatError, encode_parts

    try:
        payload, arrays, lazy = encode_parts(value)
    except (FormatError, RecursionError):
        return  # not storable: the cache is an accelerator only
    try:
        _own_folder(folder)
        import tempfile

        body, checked = _layout(payload, arrays, lazy)
        covered: list[bytes | memoryview] = []
        done = 0
        for part in body:
            take = min(len(part), checked - done)
            if take > 0:
                covered.append(memoryview(part)[:take])
            done += len(part)
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=folder)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(MAGIC + key.encode() + b"\n")
                fh.write(len(payload).to_bytes(8, "little"))
                fh.write(len(arrays).to_bytes(8, "little"))
                fh.write(_checksum(*covered))
                for part in body:
                    fh.write(part)
            os.replace(tmp, target)
        except BaseException:
            try:
                os.unlink(tmp)
            except OSError:
                pass
            raise
        for old in folder.glob(f"{prefix}*.cache"):
            if old != target:
                try:
                    old.unlink()
                except OSError:
                    pass
    except OSError:
        return  # the cache is an accelerator only


def _own_folder(folder: Path) -> None:
    """Make the folder (0700); refuse one that is another user's or not a folder."""
    import stat

    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    info = folder.lstat()
    owner = getattr(os, "geteuid", None)
    if not stat.S_ISDIR(info.st_mode) or (owner is not None and info.st_uid != owner()):
        raise PermissionError(f"{folder} is not a folder of this user's")
