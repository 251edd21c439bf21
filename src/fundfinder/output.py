"""Writing output where the user means it, without ever losing or replacing the wrong thing.

- A regular file is written through a temporary file and an atomic rename, so a
  crash (even `kill -9`) leaves the old file or the new one, never half of
  either; an existing file is kept unless `--force`. A new file gets the mode
  the umask gives; a replaced one keeps its mode.
- A character device, FIFO or terminal (`/dev/null`, a named pipe) is written
  to directly: it is never renamed over or removed. A FIFO nobody reads from is
  an error, not a hang. `/dev/stdout`, `/dev/stderr` and `/dev/fd/N` write to
  what the shell opened there (a pipe, a terminal or a redirected file).
- A symbolic link is followed: the file it points to is written (the same rules
  apply to it), and the link stays a link.
- A folder, a socket or a missing folder is an error naming the path.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from pathlib import Path

from fundfinder.errors import OutputError
from fundfinder.messages import Msg, msg, table

OUTPUT = table(
    "output",
    {
        "cannot_write": "{path}: cannot write ({reason})",
        "name_too_long": "the name is too long",
        "link_loop": "the link points to itself",
        "is_folder": "{path}: is a folder",
        "not_writable": "{path}: is not a file that can be written (a socket or device)",
        "exists": "{path}: the file exists; use --force to overwrite it",
        "no_folder": "{path}: the folder {folder} does not exist",
        "permission_elsewhere": "{path}: permission denied; choose another place to write",
        "no_reader": "{path}: nothing is reading from this pipe",
        "permission_denied": "{path}: permission denied",
        "reader_closed": "{path}: the reader closed the pipe",
    },
)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _stat(path: Path) -> os.stat_result | None:
    try:
        return path.stat()  # follows links
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise OutputError(_cannot_write(path, exc)) from None


def _cannot_write(path: Path, exc: OSError) -> Msg:
    return msg("output.cannot_write", path=str(path), reason=_why(exc))


def _why(exc: OSError) -> Msg | str:
    if exc.errno == errno.ENAMETOOLONG:
        return msg("output.name_too_long")
    if exc.errno == errno.ELOOP:
        return msg("output.link_loop")
    return str(exc.strerror or exc)


def _open_descriptor(path: Path) -> int | None:
    """The descriptor `/dev/stdout`, `/dev/stderr` or `/dev/fd/N` names, if it is one."""
    text = str(path)
    named = {"/dev/stdout": 1, "/dev/stderr": 2}.get(text)
    if named is not None:
        return named
    for prefix in ("/dev/fd/", "/proc/self/fd/"):
        if text.startswith(prefix) and text[len(prefix) :].isdigit():
            return int(text[len(prefix) :])
    return None


def write_text_atomic(path: Path, text: str, force: bool = False) -> None:
    """Write `text` to `path` as the module describes; nothing is left behind on failure."""
    data = text.encode("utf-8")
    descriptor = _open_descriptor(path)
    if descriptor is not None:  # what the shell already opened: written where it points
        _write_all(path, descriptor, data)
        return
    info = _stat(path)
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise OutputError(msg("output.is_folder", path=str(path)))
    if info is not None and (stat.S_ISCHR(info.st_mode) or stat.S_ISFIFO(info.st_mode)):
        _write_stream(path, data)
        return
    if info is not None and not stat.S_ISREG(info.st_mode):
        raise OutputError(msg("output.not_writable", path=str(path)))
    if info is not None and not force:
        raise OutputError(msg("output.exists", path=str(path)))
    target = Path(os.path.realpath(path)) if path.is_symlink() else path
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError(msg("output.no_folder", path=str(path), folder=str(folder)))
    mode = stat.S_IMODE(info.st_mode) if info is not None else 0o666 & ~_umask()
    tmp_name = None
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name[:100]}.", suffix=".tmp", dir=folder)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fchmod(fh.fileno(), mode)
            os.fsync(fh.fileno())
        os.replace(tmp_name, target)
        tmp_name = None
    except PermissionError:
        raise OutputError(msg("output.permission_elsewhere", path=str(path))) from None
    except OSError as exc:
        raise OutputError(_cannot_write(path, exc)) from None
    finally:
        if tmp_name is not None:
            try:
                os.unlink(tmp_name)
            except OSError:
                pass


def _write_stream(path: Path, data: bytes) -> None:
    """A device or FIFO: opened without blocking, written in full, never replaced."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        if exc.errno == errno.ENXIO:
            raise OutputError(msg("output.no_reader", path=str(path))) from None
        if exc.errno in (errno.EACCES, errno.EPERM):
            raise OutputError(msg("output.permission_denied", path=str(path))) from None
        raise OutputError(_cannot_write(path, exc)) from None
    try:
        os.set_blocking(fd, True)
        _write_all(path, fd, data)
    finally:
        os.close(fd)


def _write_all(path: Path, fd: int, data: bytes) -> None:
    if fd in (1, 2):  # after whatever Python still holds for the same descriptor
        import sys

        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (OSError, ValueError):
                pass
    view = memoryview(data)
    try:
        while view:
            written = os.write(fd, view)
            view = view[written:]
    except BrokenPipeError:
        raise OutputError(msg("output.reader_closed", path=str(path))) from None
    except OSError as exc:
        raise OutputError(_cannot_write(path, exc)) from None
