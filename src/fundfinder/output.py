"""Writing files safely: atomic replace, never clobbering without --force."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from fundfinder.errors import OutputError


def write_text_atomic(path: Path, text: str, force: bool = False) -> None:
    """Write `text` to `path` via a temporary file and rename.

    An existing file is kept unless `force`; on any failure nothing is left
    behind and the old file (if any) is intact.
    """
    if path.exists() and not force:
        raise OutputError(f"{path}: the file exists; use --force to overwrite it")
    if path.exists() and path.is_dir():
        raise OutputError(f"{path}: is a folder")
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError(f"{path}: the folder {folder} does not exist")
    tmp_name = None
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp_name, path)
        tmp_name = None
    except PermissionError:
        raise OutputError(f"{path}: permission denied; choose another place to write") from None
    except OSError as exc:
        raise OutputError(f"{path}: cannot write ({exc.strerror or exc})") from None
    finally:
        if tmp_name is not None:
            try:
                os.unlink(tmp_name)
            except OSError:
                pass
