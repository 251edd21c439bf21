"""The funder database: the shipped file and its overlays, merged and cached.

`load_catalog` reads the shipped `funders.yaml` plus any overlay files through
the compiled cache; an overlay entry with an existing id replaces it. The entry
schema itself (validation, and writing entries back) lives in `schema`.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fundfinder.errors import CatalogError, InputFileError, ProblemGatherer
from fundfinder.load.index_limits import LARGE_FILE
from fundfinder.load.yamlsafe import (
    DATABASE_MAX_BYTES,
    decode,
    parse_yaml,
    read_bytes_limited,
)
from fundfinder.messages import msg
from fundfinder.models import DatabaseInfo, Funder
from fundfinder.paths import data_file
from fundfinder.taxonomy import Taxonomy, load_taxonomy

if TYPE_CHECKING:
    from fundfinder.load.history import History
    from fundfinder.load.index import LargePart

__all__ = ["Catalog", "load_catalog"]

# One database file in a catalog: its funders (or, for a large file, its compiled form)
# and which of them are kept (False where an overlay replaced a funder).
Part = tuple["Sequence[Funder] | LargePart", Any]


class Catalog:
    """The merged database: the shipped file with any overlays over it.

    Small files are held as funders; large ones as compiled parts whose
    funders are decoded only when read (`funders` reads them all).
    """

    def __init__(
        self,
        funders: Sequence[Funder] = (),
        files: Sequence[str] = (),
        parts: Sequence[Part] | None = None,
        history: History | None = None,
        grants: Sequence[Path] = (),
    ) -> None:
        self.files = tuple(files)
        self._history = history
        self.grant_paths = tuple(grants)  # extra grant files or folders beside the shipped ones
        if parts is None:
            self.parts: tuple[Part, ...] = ((tuple(funders), [True] * len(funders)),)
            self._funders: tuple[Funder, ...] | None = tuple(funders)
        else:
            self.parts = tuple(parts)
            self._funders = None

    @property
    def funders(self) -> tuple[Funder, ...]:
        if self._funders is None:
            from fundfinder.load.index import kept_funders

            self._funders = tuple(
                f for source, keep in self.parts for f in kept_funders(source, keep)
            )
        return self._funders

    def ids(self) -> list[str]:
        """Every funder's id, without decoding the funders of large files."""
        if self._funders is not None:
            return [f.id for f in self._funders]
        found: list[str] = []
        for part, keep in self.parts:
            source: Any = part  # funders (small files), or a compiled LargePart
            ids: list[str] = source.ids if hasattr(source, "ids") else [f.id for f in source]
            found += [fid for fid, kept in zip(ids, keep, strict=True) if kept]
        return found

    @property
    def history(self) -> History:
        """The shipped grant history with any extra grants (`history.History`), read when
        first asked for; extra grants must name funders of this catalogue."""
        if self._history is None:
            from fundfinder.load.history import load_history

            known = self.ids() if self.grant_paths else None
            self._history = load_history(load_taxonomy(), known, extra=self.grant_paths)
        return self._history

    @property
    def has_large(self) -> bool:
        return any(not isinstance(source, (list, tuple)) for source, _keep in self.parts)

    def __len__(self) -> int:
        return sum(int(sum(keep)) for _source, keep in self.parts)

    def get(self, funder_id: str) -> Funder | None:
        for funder in self.funders:
            if funder.id == funder_id:
                return funder
        return None

    def info(self) -> DatabaseInfo:
        oldest: str | None = None
        for source, keep in self.parts:
            if not isinstance(source, Sequence):  # a compiled part: its few distinct dates
                codes = source.as_of_code[keep]
                if len(codes):
                    first = source.as_of_dates[int(codes.min())]  # the dates are in order
                    oldest = first if oldest is None or first < oldest else oldest
                continue
            for funder, kept in zip(source, keep, strict=True):
                if kept and (oldest is None or funder.as_of < oldest):
                    oldest = funder.as_of
        return DatabaseInfo(len(self), self.files, oldest)


def default_database() -> Path:
    return data_file("funders.yaml")


def load_database_part(path: Path, taxonomy: Taxonomy) -> list[Funder] | LargePart:
    """One database file, parsed and validated through the compiled cache.

    A small file gives its funders; a file of `index.LARGE_FILE` funders or
    more gives a compiled `index.LargePart`.
    """
    from fundfinder.cache import cached, large_file_stamp

    def read() -> bytes:
        try:
            return read_bytes_limited(path, DATABASE_MAX_BYTES)
        except InputFileError as exc:
            raise CatalogError(exc.message, exc.problems) from None

    raw: bytes | None = None
    # a large file is known by its stamp (place, size, change times), not read and hashed
    identity = large_file_stamp(path, up_to=DATABASE_MAX_BYTES)
    if identity is None:
        raw = identity = read()

    def build() -> list[Funder] | LargePart:
        try:
            data = parse_yaml(decode(raw if raw is not None else read()))
        except InputFileError as exc:
            where = msg("yaml.in_file", path=str(path), error=exc.message)
            raise CatalogError(where, exc.problems) from None
        from fundfinder.load.schema import parse_catalog

        funders = parse_catalog(data, str(path), taxonomy)
        if len(funders) >= LARGE_FILE:
            from fundfinder.load.index import compile_part

            return compile_part(funders, str(path), taxonomy)
        return funders

    def valid(value: Any) -> bool:
        if isinstance(value, list):
            return all(isinstance(f, Funder) for f in value)
        from fundfinder.load.index import LargePart  # numpy: only for a compiled part

        return isinstance(value, LargePart)

    return cached("funders", path, identity, build, taxonomy.key.encode(), valid)


def _as_columns(path: Path, funders: list[Funder], taxonomy: Taxonomy) -> LargePart:
    """A small file's funders compiled as a large file's are (through the cache), keyed by
    the file's stamp: its content was read, and checked, when `funders` were loaded."""
    from fundfinder.cache import cached, file_stamp
    from fundfinder.load.index import LargePart, compile_part

    return cached(
        "funder-columns",
        path,
        b"stamp:" + file_stamp(path),
        lambda: compile_part(funders, str(path), taxonomy),
        taxonomy.key.encode(),
        lambda value: isinstance(value, LargePart),
    )


def load_database_file(path: Path, taxonomy: Taxonomy) -> list[Funder]:
    """One database file's funders (all of them read)."""
    part = load_database_part(path, taxonomy)
    if isinstance(part, list):
        return part
    return [part.funder(i) for i in range(len(part))]


def load_catalog(
    overlays: Sequence[Path] = (),
    base: Path | None = None,
    taxonomy: Taxonomy | None = None,
    grants: Sequence[Path] = (),
) -> Catalog:
    """The shipped database with `overlays` merged over it, in order, and the shipped
    grant history with the `grants` files or folders beside it.

    An overlay entry whose id is already known replaces the earlier entry.
    """
    taxonomy = taxonomy or load_taxonomy()
    paths = [base or default_database(), *overlays]
    loaded: list[Any] = []
    gathered = ProblemGatherer()
    for path in paths:
        try:
            loaded.append(load_database_part(path, taxonomy))
        except CatalogError as exc:
            gathered.add(exc)
    gathered.raise_if_any(msg("error.invalid_database"))
    if any(not isinstance(source, list) for source in loaded):
        # beside a large file, the small ones are ranked in columns too (compiled once):
        # only the few funders near the top are then scored one by one
        loaded = [
            source if not isinstance(source, list) else _as_columns(path, source, taxonomy)
            for path, source in zip(paths, loaded, strict=True)
        ]
    parts: list[tuple[Any, Any]] = []
    later: set[str] = set()
    for source in reversed(loaded):
        ids = [f.id for f in source] if isinstance(source, list) else source.ids
        if isinstance(source, list):
            keep: Any = []
            seen: set[str] = set()
            for fid in reversed(ids):  # within a file ids are unique; later files win
                keep.append(fid not in later and fid not in seen)
                seen.add(fid)
            keep.reverse()
            parts.append((tuple(source), keep))
        else:
            import numpy as np

            keep = np.fromiter((fid not in later for fid in ids), dtype=bool, count=len(ids))
            parts.append((source, keep))
        later.update(ids)
    parts.reverse()
    if all(isinstance(source, tuple) for source, _keep in parts):
        merged: dict[str, Funder] = {}
        for source, _keep in parts:
            for funder in source:
                merged[funder.id] = funder
        return Catalog(tuple(merged.values()), tuple(str(p) for p in paths), grants=grants)
    return Catalog(files=tuple(str(p) for p in paths), parts=parts, grants=grants)
