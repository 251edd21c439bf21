"""A data-only encoding for compiled data: JSON for structure, raw bytes for number arrays.

Reading it back can only ever produce plain values (None, booleans, numbers,
strings, lists, tuples, dicts, sets, dates), numeric numpy arrays, and instances
of the fixed list of fundfinder's own data classes in `CLASSES`. Nothing in
the format names a function or an arbitrary class, so a tampered or planted
file can at worst be refused (`FormatError`), never run code.

Tags (every JSON object is one of them; plain dicts are tagged too):
`{"t": [...]}` tuple, `{"d": [[k, v], ...]}` dict, `{"f": [...]}` frozenset,
`{"s": [...]}` set, `{"D": "2026-01-31"}` date, `{"n": name, "v": [...]}` a named
tuple (a bare list among its fields is a tuple), `{"o": name, "v": state}` an
object, `{"a": [i, dtype, shape]}` the `i`-th array, `{"b": [i, j, size]}` a `Blob`: bytes
in the `i`-th array, read by ranges, with the digest of every block of `size` bytes in the
`j`-th (each block checked when a range first touches it).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import date
from functools import cache
from typing import Any

ARRAY_KINDS = frozenset("biuf")  # booleans, signed and unsigned integers, floats: never objects
BLOCK = 4096  # bytes of a Blob per digest
DIGEST = 8  # bytes of each block's digest


try:  # the builtin module: hashlib would also load OpenSSL (the cache and gazetteer use it too)
    from _blake2 import blake2b as blake2b
except ImportError:  # pragma: no cover - every CPython has _blake2
    from hashlib import blake2b as blake2b


def _block_digest(data: Any) -> bytes:
    return bytes(blake2b(data, digest_size=DIGEST).digest())


class FormatError(ValueError):
    """Data that is not in the format (corrupt, foreign or tampered)."""


# Every class the format may hold, by name: the module it lives in.
CLASSES = {
    "Eligibility": "fundfinder.models",
    "Grant": "fundfinder.models",
    "Call": "fundfinder.models",
    "Funder": "fundfinder.models",
    "Theme": "fundfinder.taxonomy",
    "Region": "fundfinder.taxonomy",
    "Taxonomy": "fundfinder.taxonomy",
    "_Index": "fundfinder.taxonomy",
    "Recipient": "fundfinder.load.history",
    "PastGrant": "fundfinder.load.history",
    "Features": "fundfinder.load.history",
    "History": "fundfinder.load.history",
    "LargePart": "fundfinder.load.index",
    "Reference": "fundfinder.rank.retrieval",
}


class Blob:
    """Many small records' bytes in one run, read by ranges (a record at a time).

    Stored beside the structure, a blob is not read as a whole when loaded: each range is
    read when asked for (from the file, when read from the cache), and each block of
    `BLOCK` bytes is checked against its digest the first time a range touches it, so a
    large file costs only the blocks a run reads."""

    def __init__(
        self, data: Any, digests: Any = None, damaged: Callable[[], None] | None = None
    ) -> None:
        # bytes, a uint8 array, or a span of a file (a sequence of bytes read by slices)
        self.data = data
        self._damaged = damaged  # told when a block fails its digest (the cache drops it)
        self._digests = digests  # DIGEST bytes per block; None: built here, trusted
        self._checked: bytearray | None = None
        if digests is not None:
            self._checked = bytearray(-(-len(data) // BLOCK))
            if len(digests) != DIGEST * len(self._checked):
                raise FormatError("a blob's digests do not fit it")

    def __len__(self) -> int:
        return len(self.data)

    def read(self, start: int, stop: int) -> bytes:
        """The bytes from `start` to `stop`; FormatError where they fail their digest."""
        checked = self._checked
        if checked is None or stop <= start:
            return bytes(self.data[start:stop])
        first, last = start // BLOCK, (stop - 1) // BLOCK
        low = first * BLOCK
        chunk = bytes(self.data[low : (last + 1) * BLOCK])
        for block in range(first, last + 1):
            if checked[block]:
                continue
            at = (block - first) * BLOCK
            want = bytes(self._digests[DIGEST * block : DIGEST * (block + 1)])
            if _block_digest(chunk[at : at + BLOCK]) != want:
                if self._damaged is not None:
                    self._damaged()
                raise FormatError("a blob block fails its digest")
            checked[block] = 1
        return chunk[start - low : stop - low]

    def whole(self) -> bytes | bytearray:
        if isinstance(self.data, (bytes, bytearray)):
            return self.data
        return self.read(0, len(self.data))

    def digests(self) -> bytes:
        view = memoryview(self.whole()).cast("B")
        return b"".join(_block_digest(view[at : at + BLOCK]) for at in range(0, len(view), BLOCK))


@cache
def _class(name: str) -> Any:
    """One of `CLASSES` (imported when first met), or None for any other name."""
    module = CLASSES.get(name)
    if module is None:
        return None
    import importlib

    found = getattr(importlib.import_module(module), name)
    return found if isinstance(found, type) else None


def _name_of(kind: type) -> str:
    name = kind.__name__
    if CLASSES.get(name) != kind.__module__:
        raise FormatError(f"cannot store a {name}")
    return name


def _is_named_tuple(value: Any) -> bool:
    return isinstance(value, tuple) and hasattr(type(value), "_fields")


class _Encoder:
    def __init__(self) -> None:
        self.arrays: list[Any] = []
        self.lazy: list[int] = []  # the arrays holding a Blob's bytes

    def encode(self, value: Any) -> Any:
        if value is None or isinstance(value, (bool, int, float, str)):
            return value
        if isinstance(value, list):
            return [self.encode(v) for v in value]
        kind = type(value)
        if _is_named_tuple(value):
            return {"n": _name_of(kind), "v": [self.field(v) for v in value]}
        if isinstance(value, tuple):
            return {"t": [self.encode(v) for v in value]}
        if isinstance(value, dict):
            return {"d": [[self.encode(k), self.encode(v)] for k, v in value.items()]}
        if isinstance(value, frozenset):
            return {"f": [self.encode(v) for v in value]}
        if isinstance(value, set):
            return {"s": [self.encode(v) for v in value]}
        if isinstance(value, date):
            return {"D": value.isoformat()}
        if kind.__module__ == "numpy" and kind.__name__ == "ndarray":
            if value.dtype.kind not in ARRAY_KINDS:
                raise FormatError(f"cannot store an array of {value.dtype}")
            self.arrays.append(value)
            return {"a": [len(self.arrays) - 1, value.dtype.str, list(value.shape)]}
        if kind is Blob:
            import numpy as np

            self.arrays.append(np.frombuffer(value.whole(), dtype=np.uint8))
            self.lazy.append(len(self.arrays) - 1)
            self.arrays.append(np.frombuffer(value.digests(), dtype=np.uint8))
            return {"b": [len(self.arrays) - 2, len(self.arrays) - 1, BLOCK]}
        name = _name_of(kind)
        getstate = getattr(value, "__getstate__", None)
        state = getstate() if getstate is not None else dict(value.__dict__)
        if not isinstance(state, dict):
            state = dict(value.__dict__)
        return {"o": name, "v": self.encode(state)}

    def field(self, value: Any) -> Any:
        """A named tuple's field: a flat tuple of plain values is written as a bare list
        (no named tuple here has a list field, so a list read back there is a tuple)."""
        if type(value) is tuple and all(
            v is None or isinstance(v, (bool, int, float, str)) for v in value
        ):
            return list(value)
        return self.encode(value)


def encode(value: Any) -> tuple[bytes, list[Any]]:
    """`value` as JSON bytes, and the numpy arrays it refers to (in order)."""
    payload, arrays, _lazy = encode_parts(value)
    return payload, arrays


def encode_parts(value: Any) -> tuple[bytes, list[Any], list[int]]:
    """As `encode`, with the indices of the arrays that hold blobs' bytes (checked by
    their blocks' digests when read, not with the rest)."""
    encoder = _Encoder()
    tree = encoder.encode(value)
    text = json.dumps(tree, ensure_ascii=False, separators=(",", ":"), allow_nan=True)
    return text.encode("utf-8"), encoder.arrays, encoder.lazy


class Span:
    """Bytes of a file, read by slices when asked for (a blob's, when read from the cache):
    no more of the file is read, or mapped into the process, than is asked for."""

    def __init__(self, read: Callable[[int, int], bytes], length: int) -> None:
        self._read = read  # (offset, count) -> bytes
        self._length = length

    def __len__(self) -> int:
        return self._length

    def __getitem__(self, part: slice) -> bytes:
        start, stop, _step = part.indices(self._length)
        return self._read(start, max(0, stop - start))


class Unchecked:
    """A buffer not covered by the reader's checksum: only a Blob (with its digests) may
    be read from it."""

    def __init__(self, buffer: Any, damaged: Callable[[], None] | None = None) -> None:
        self.buffer = buffer
        self.damaged = damaged  # what to do when a blob in it fails a digest


def _hook(
    arrays: Callable[[int, str, Sequence[int]], Any], blob: Callable[..., Any]
) -> Callable[[dict[str, Any]], Any]:
    def hook(obj: dict[str, Any]) -> Any:
        if len(obj) == 1:
            ((tag, body),) = obj.items()
            if tag == "t" and isinstance(body, list):
                return tuple(body)
            if tag == "d" and isinstance(body, list):
                try:
                    return {_key(k): v for k, v in body}
                except (TypeError, ValueError):
                    raise FormatError("a dict entry is not a pair") from None
            if tag == "f" and isinstance(body, list):
                return frozenset(_key(v) for v in body)
            if tag == "s" and isinstance(body, list):
                return {_key(v) for v in body}
            if tag == "D" and isinstance(body, str):
                try:
                    return date.fromisoformat(body)
                except ValueError:
                    raise FormatError(f"not a date: {body[:20]!r}") from None
            if tag == "a" and isinstance(body, list) and len(body) == 3:
                index, dtype, shape = body
                if not (isinstance(index, int) and isinstance(dtype, str)):
                    raise FormatError("an array reference is malformed")
                if not (isinstance(shape, list) and all(isinstance(s, int) for s in shape)):
                    raise FormatError("an array shape is malformed")
                return arrays(index, dtype, shape)
            if tag == "b" and isinstance(body, list) and len(body) == 3:
                return blob(*body)
        if len(obj) == 2 and isinstance(obj.get("v"), (list, dict)):
            name = obj.get("n", obj.get("o"))
            cls = _class(name) if isinstance(name, str) else None
            if cls is None:
                raise FormatError(f"unknown class {str(name)[:40]!r}")
            body = obj["v"]
            if "n" in obj:
                fields = getattr(cls, "_fields", None)
                if fields is None or not isinstance(body, list) or len(body) != len(fields):
                    raise FormatError(f"{name} with the wrong number of fields")
                return cls(*[tuple(v) if type(v) is list else v for v in body])
            if not (isinstance(body, dict) and all(isinstance(k, str) for k in body)):
                raise FormatError(f"{name} state is not a dict of attributes")
            instance = cls.__new__(cls)
            setstate = getattr(instance, "__setstate__", None)
            if setstate is not None:
                setstate(body)
            else:
                instance.__dict__.update(body)
            return instance
        raise FormatError("an object with an unknown tag")

    return hook


def _key(value: Any) -> Any:
    if isinstance(value, list):  # a list is not hashable: the data is not ours
        raise FormatError("a list used as a key")
    return value


def decode(payload: bytes | memoryview, buffers: Sequence[Any] = ()) -> Any:
    """The value `encode` stored; numeric arrays are views on `buffers` (no copy)."""

    def array(index: int, dtype: str, shape: Sequence[int]) -> Any:
        import numpy as np

        if not 0 <= index < len(buffers):
            raise FormatError("an array reference points nowhere")
        if isinstance(buffers[index], Unchecked):
            raise FormatError("an array outside the checksum")
        try:
            kind = np.dtype(dtype)
        except TypeError:
            raise FormatError(f"unknown array type {dtype[:20]!r}") from None
        if kind.kind not in ARRAY_KINDS or kind.hasobject:
            raise FormatError(f"array type {dtype[:20]!r} is not numeric")
        try:
            return np.frombuffer(buffers[index], dtype=kind).reshape(shape)
        except ValueError:
            raise FormatError("an array does not fit its buffer") from None

    def blob(index: Any, digests: Any, size: Any) -> Blob:
        import numpy as np

        if size != BLOCK or not all(
            isinstance(i, int) and 0 <= i < len(buffers) for i in (index, digests)
        ):
            raise FormatError("a blob reference is malformed")
        data = buffers[index]
        damaged = data.damaged if isinstance(data, Unchecked) else None
        data = data.buffer if isinstance(data, Unchecked) else data
        if not isinstance(data, Span):  # bytes in memory
            data = np.frombuffer(data, dtype=np.uint8)
        return Blob(data, array(digests, "|u1", [-1]), damaged)

    try:
        return json.loads(bytes(payload).decode("utf-8"), object_hook=_hook(array, blob))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise FormatError(f"not readable: {type(exc).__name__}") from None
    except TypeError as exc:  # a named tuple or object with values of the wrong shape
        raise FormatError(f"malformed: {exc}") from None
