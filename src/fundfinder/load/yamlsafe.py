"""Safe YAML reading with line numbers, for profiles and funder databases.

Only plain data is ever built (the safe constructors; tags asking for Python
objects are refused). Mappings and lists remember the line of each key and
item, so validation can say `funders.yaml:412: regions: ...`. Duplicate keys,
oversized files, undecodable bytes and alias bombs are refused with a clear
error instead of a traceback or minutes of parsing.
"""

from __future__ import annotations

import codecs
from pathlib import Path
from typing import Any

import yaml

from fundfinder.errors import InputFileError
from fundfinder.messages import Msg, msg, table

YAML = table(
    "yaml",
    {
        "key_not_plain": "line {line}: a mapping key must be plain text",
        "duplicate_key": "line {line}: duplicate key '{key}' (first given on line {first})",
        "not_encoding": "not valid {encoding} text: {reason}",
        "not_utf8": "line {line}: not UTF-8 text (byte 0x{byte}); save the file as UTF-8",
        "too_many_nodes": (
            "the YAML expands (through aliases) to more than {budget} nodes; refusing to read it"
        ),
        "tag_refused": (
            "line {line}: not valid YAML: could not determine a constructor for the tag "
            "'{tag}' (only plain data is accepted; tags that build objects are refused)"
        ),
        "bad_scalar": "line {line}: not valid YAML: '{value}' is not a valid {type}",
        "bad_scalar_reason": (
            "line {line}: not valid YAML: '{value}' is not a valid {type} ({reason})"
        ),
        "unknown_alias": "line {line}: not valid YAML: unknown alias '{alias}'",
        "too_deep": "the YAML is nested more than {depth} levels deep",
        "single_document": "line {line}: not valid YAML: expected a single document",
        "merge_needs_mapping": "line {line}: a merge (<<) needs a mapping",
        "invalid_at": "line {line}, column {column}: not valid YAML: {what}",
        "invalid": "not valid YAML: {what}",
        "invalid_yaml": "invalid YAML",
        "plain_data_only": (
            "{what} (only plain data is accepted; tags that build objects are refused)"
        ),
        "nested_too_deeply": "the YAML is nested too deeply",
        "no_such_file": "{path}: no such file",
        "is_folder": "{path}: is a folder, not a file",
        "is_socket": "{path}: is a socket, not a file",
        "permission_denied": "{path}: permission denied",
        "cannot_read": "{path}: cannot read ({reason})",
        "too_big": "{path}: the file is {size} MiB; the limit is {limit} MiB",
        "more_than_limit": "{path}: more than {limit} MiB; the limit is {limit} MiB",
        "in_file": "{path}: {error}",
    },
)

PROFILE_MAX_BYTES = 1 * 1024 * 1024
DATABASE_MAX_BYTES = 256 * 1024 * 1024
# A document may expand (through aliases) to at most this many nodes: far above
# any real database per byte, far below what a "billion laughs" file asks for.
MAX_NODES_PER_BYTE = 4
MIN_NODE_BUDGET = 100_000

_BASE_LOADER: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class YMap(dict[Any, Any]):
    """A YAML mapping that remembers where it and each of its keys stand."""

    line: int | None = None

    def __init__(self) -> None:
        super().__init__()
        self.key_lines: dict[Any, int] = {}

    def line_of(self, key: Any) -> int | None:
        return self.key_lines.get(key, self.line)


class YList(list[Any]):
    """A YAML sequence that remembers the line of each item."""

    line: int | None = None

    def __init__(self) -> None:
        super().__init__()
        self.item_lines: list[int] = []

    def line_of(self, index: int) -> int | None:
        if 0 <= index < len(self.item_lines):
            return self.item_lines[index]
        return self.line


def line_of(container: Any, key: Any) -> int | None:
    """The line of `key` in a YMap/YList, or of the container itself."""
    if isinstance(container, (YMap, YList)):
        return container.line_of(key)
    return None


class _Loader(_BASE_LOADER):  # type: ignore[misc]
    """Safe loader whose containers carry line numbers."""


def _construct_mapping(loader: Any, node: yaml.MappingNode) -> YMap:
    loader.flatten_mapping(node)
    result = YMap()
    result.line = node.start_mark.line + 1
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        try:
            hash(key)
        except TypeError:
            raise InputFileError(msg("yaml.key_not_plain", line=line)) from None
        if key in result:
            first = result.key_lines[key]
            raise InputFileError(msg("yaml.duplicate_key", line=line, key=key, first=first))
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = line
    return result


def _construct_sequence(loader: Any, node: yaml.SequenceNode) -> YList:
    result = YList()
    result.line = node.start_mark.line + 1
    for child in node.value:
        result.append(loader.construct_object(child, deep=True))
        result.item_lines.append(child.start_mark.line + 1)
    return result


_Loader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)
_Loader.add_constructor("tag:yaml.org,2002:seq", _construct_sequence)


def decode(raw: bytes) -> str:
    """Bytes to text: UTF-8 (with or without BOM) or UTF-16/32 with a BOM."""
    for bom, encoding in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if raw.startswith(bom):
            try:
                return raw.decode(encoding)
            except UnicodeDecodeError as exc:
                raise InputFileError(
                    msg("yaml.not_encoding", encoding=encoding.upper(), reason=exc.reason)
                ) from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputFileError(
            msg("yaml.not_utf8", line=line, byte=f"{raw[exc.start]:02x}")
        ) from None


_SAFE_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}
_STR = "tag:yaml.org,2002:str"
_MERGE = "tag:yaml.org,2002:merge"


class _Builder:
    """Builds plain data straight from libyaml's parser events.

    PyYAML's own loaders first compose a tree of nodes and then construct
    objects from it; building from the events directly does the same work in
    one pass, which makes large database files about twice as fast to read.
    Aliases are counted by the size of what they repeat, so a document that
    expands far beyond its own size is refused.
    """

    def __init__(self, loader: Any, budget: int) -> None:
        self.loader = loader
        self.budget = budget
        self.total = 0
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.constructor = loader  # SafeConstructor methods for non-string scalars

    def count(self, n: int) -> None:
        self.total += n
        if self.total > self.budget:
            raise InputFileError(msg("yaml.too_many_nodes", budget=f"{self.budget:,}"))

    def scalar(self, event: Any) -> Any:
        value = event.value
        tag = event.tag
        if tag is None or tag == "!":
            if event.style or not event.implicit[0]:  # quoted or block text: a string
                return value
            tag = self.loader.resolve(yaml.ScalarNode, value, event.implicit)
        if tag == _STR:
            return value
        if tag == _MERGE:
            return _MergeKey()
        if tag not in _SAFE_TAGS:
            line = event.start_mark.line + 1
            raise InputFileError(msg("yaml.tag_refused", line=line, tag=tag))
        node = yaml.ScalarNode(tag, value, event.start_mark, event.end_mark, event.style)
        try:
            return self.constructor.construct_object(node)
        except (ValueError, OverflowError, KeyError) as exc:  # 2027-02-30, !!bool maybe
            line = event.start_mark.line + 1
            kind = tag.rsplit(":", 1)[-1]
            if isinstance(exc, KeyError):
                raise InputFileError(
                    msg("yaml.bad_scalar", line=line, value=value[:40], type=kind)
                ) from None
            raise InputFileError(
                msg("yaml.bad_scalar_reason", line=line, value=value[:40], type=kind, reason=exc)
            ) from None

    def build(self) -> Any:
        loader = self.loader
        get = loader.get_event
        get()  # stream start
        if loader.check_event(yaml.StreamEndEvent):
            return None
        get()  # document start
        root: Any = None
        # frames: [container, is_map, pending_key, key_line, anchor, start_total]
        stack: list[list[Any]] = []
        while True:
            event = get()
            kind = type(event)
            if kind is yaml.ScalarEvent:
                self.count(1)
                value = self.scalar(event)
                line = event.start_mark.line + 1
                if event.anchor is not None:
                    self.anchors[event.anchor] = (value, 1)
            elif kind is yaml.AliasEvent:
                if event.anchor not in self.anchors:
                    line = event.start_mark.line + 1
                    raise InputFileError(msg("yaml.unknown_alias", line=line, alias=event.anchor))
                value, size = self.anchors[event.anchor]
                self.count(size)
                line = event.start_mark.line + 1
            elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                self._check_tag(event, kind)
                self.count(1)
                if len(stack) >= 200:
                    raise InputFileError(msg("yaml.too_deep", depth=200))
                container: Any = YMap() if kind is yaml.MappingStartEvent else YList()
                container.line = event.start_mark.line + 1
                if event.anchor is not None:
                    self.anchors[event.anchor] = (container, 1)
                stack.append(
                    [
                        container,
                        kind is yaml.MappingStartEvent,
                        _NO_KEY,
                        0,
                        event.anchor,
                        self.total,
                    ]
                )
                continue
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                frame = stack.pop()
                value, anchor = frame[0], frame[4]
                line = value.line
                if anchor is not None:
                    self.anchors[anchor] = (value, max(1, self.total - frame[5] + 1))
            elif kind is yaml.DocumentEndEvent:
                if not loader.check_event(yaml.StreamEndEvent):
                    event = loader.peek_event()
                    line = event.start_mark.line + 1
                    raise InputFileError(msg("yaml.single_document", line=line))
                return root
            else:  # pragma: no cover - libyaml emits nothing else inside a document
                continue
            if not stack:
                root = value
                continue
            self._add(stack[-1], value, line)

    def _check_tag(self, event: Any, kind: Any) -> None:
        tag = event.tag
        if tag is None or tag == "!":
            return
        expected = (
            "tag:yaml.org,2002:map" if kind is yaml.MappingStartEvent else "tag:yaml.org,2002:seq"
        )
        if tag != expected:
            line = event.start_mark.line + 1
            raise InputFileError(msg("yaml.tag_refused", line=line, tag=tag))

    @staticmethod
    def _add(frame: list[Any], value: Any, line: int) -> None:
        container = frame[0]
        if not frame[1]:
            container.append(value)
            container.item_lines.append(line)
            return
        if frame[2] is _NO_KEY:
            if isinstance(value, (dict, list)):
                raise InputFileError(msg("yaml.key_not_plain", line=line))
            frame[2], frame[3] = value, line
            return
        key, key_line = frame[2], frame[3]
        frame[2] = _NO_KEY
        if isinstance(key, _MergeKey):
            for source in value if isinstance(value, list) else [value]:
                if not isinstance(source, dict):
                    raise InputFileError(msg("yaml.merge_needs_mapping", line=line))
                for k, v in source.items():
                    if k not in container:
                        container[k] = v
                        container.key_lines[k] = key_line
            return
        if key in container:
            first = container.key_lines[key]
            raise InputFileError(msg("yaml.duplicate_key", line=key_line, key=key, first=first))
        container[key] = value
        container.key_lines[key] = key_line


class _MergeKey:
    """The `<<` merge key of YAML 1.1."""

    def __hash__(self) -> int:
        return 0


_NO_KEY = object()


def parse_yaml(text: str) -> Any:
    """Parse one YAML document into YMap/YList/plain values. Empty text gives None."""
    loader = _Loader(text)
    budget = max(MIN_NODE_BUDGET, MAX_NODES_PER_BYTE * len(text))
    try:
        return _Builder(loader, budget).build()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        what: Msg | str = exc.problem or exc.context or msg("yaml.invalid_yaml")
        if isinstance(exc, yaml.constructor.ConstructorError) and "tag" in str(what):
            what = msg("yaml.plain_data_only", what=what)
        if mark:
            raise InputFileError(
                msg("yaml.invalid_at", line=mark.line + 1, column=mark.column + 1, what=what)
            ) from None
        raise InputFileError(msg("yaml.invalid", what=what)) from None
    except yaml.YAMLError as exc:
        raise InputFileError(msg("yaml.invalid", what=exc)) from None
    except (ValueError, TypeError, OverflowError) as exc:  # e.g. an impossible timestamp
        raise InputFileError(msg("yaml.invalid", what=exc)) from None
    except RecursionError:
        raise InputFileError(msg("yaml.nested_too_deeply")) from None
    finally:
        loader.dispose()


def read_bytes_limited(path: Path, max_bytes: int) -> bytes:
    """A file's bytes, at most `max_bytes`, whatever the file is; every failure is an
    InputFileError naming the file.

    A device (/dev/zero, /dev/urandom) is read only up to the limit; a FIFO nobody
    writes to reads as empty instead of waiting; a folder or socket is refused.
    """
    import os
    import stat

    limit = f"{max_bytes / 1048576:.0f}"
    where = str(path)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except FileNotFoundError:
        raise InputFileError(msg("yaml.no_such_file", path=where)) from None
    except IsADirectoryError:
        raise InputFileError(msg("yaml.is_folder", path=where)) from None
    except PermissionError:
        raise InputFileError(msg("yaml.permission_denied", path=where)) from None
    except OSError as exc:
        raise InputFileError(msg("yaml.cannot_read", path=where, reason=exc.strerror)) from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise InputFileError(msg("yaml.is_folder", path=where))
        if stat.S_ISSOCK(info.st_mode):
            raise InputFileError(msg("yaml.is_socket", path=where))
        if stat.S_ISREG(info.st_mode) and info.st_size > max_bytes:
            size = f"{info.st_size / 1048576:.1f}"
            raise InputFileError(msg("yaml.too_big", path=where, size=size, limit=limit))
        if not stat.S_ISFIFO(info.st_mode):
            os.set_blocking(fd, True)
        chunks: list[bytes] = []
        total = 0
        while total <= max_bytes:
            try:
                chunk = os.read(fd, min(1 << 20, max_bytes + 1 - total))
            except BlockingIOError:
                break  # a FIFO with nothing written yet: nothing to read
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > max_bytes:
            raise InputFileError(msg("yaml.more_than_limit", path=where, limit=limit))
        return b"".join(chunks)
    except OSError as exc:
        raise InputFileError(msg("yaml.cannot_read", path=where, reason=exc.strerror)) from None
    finally:
        os.close(fd)


def read_yaml_file(path: Path, max_bytes: int) -> Any:
    """Read and parse a YAML file; every failure is an InputFileError naming the file."""
    raw = read_bytes_limited(path, max_bytes)
    try:
        return parse_yaml(decode(raw))
    except InputFileError as exc:
        raise InputFileError(msg("yaml.in_file", path=str(path), error=exc.message)) from None
