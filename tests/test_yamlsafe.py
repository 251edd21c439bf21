"""Safe YAML reading: line numbers, duplicates, tags, bombs, encodings, limits."""

from __future__ import annotations

from pathlib import Path

import pytest

from fundfinder.errors import InputFileError
from fundfinder.load.yamlsafe import YList, YMap, decode, parse_yaml, read_yaml_file


def test_mappings_and_lists_remember_lines() -> None:
    data = parse_yaml("a: 1\nb:\n  - x\n  - y\nc: {d: 2}\n")
    assert isinstance(data, YMap)
    assert data.line_of("a") == 1
    assert data.line_of("c") == 5
    assert isinstance(data["b"], YList)
    assert data["b"].line_of(1) == 4


def test_duplicate_key_names_both_lines() -> None:
    with pytest.raises(
        InputFileError, match=r"line 3: duplicate key 'a' \(first given on line 1\)"
    ):
        parse_yaml("a: 1\nb: 2\na: 3\n")


def test_python_tags_are_refused_not_executed() -> None:
    with pytest.raises(InputFileError, match="only plain data is accepted"):
        parse_yaml("x: !!python/object/apply:os.system ['echo hacked']\n")


def test_billion_laughs_is_refused() -> None:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 9):
        prev = chr(ord("a") + i - 1)
        cur = chr(ord("a") + i)
        lines.append(
            f"{cur}: &{cur} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]"
        )
    with pytest.raises(InputFileError, match="expands"):
        parse_yaml("\n".join(lines) + "\n")


def test_invalid_yaml_names_line() -> None:
    with pytest.raises(InputFileError, match=r"line 2, column \d+: not valid YAML"):
        parse_yaml("a: [1, 2\nb: c: d\n")


def test_tabs_are_a_clear_error() -> None:
    with pytest.raises(InputFileError, match="line 2"):
        parse_yaml("a:\n\tb: 1\n")


def test_empty_document_is_none() -> None:
    assert parse_yaml("") is None
    assert parse_yaml("# only a comment\n") is None


def test_boms_and_utf16_decode() -> None:
    assert decode("\ufeffnaam: Cura\u00e7ao".encode("utf-8")) == "naam: Cura\u00e7ao"
    assert decode("x: \u00e9".encode("utf-16")) == "x: \u00e9"


def test_non_utf8_bytes_name_the_line() -> None:
    with pytest.raises(InputFileError, match=r"line 2: not UTF-8 text \(byte 0xe9\)"):
        decode(b"a: 1\nb: caf\xe9\n")


def test_size_limit_is_enforced(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_text("a: " + "x" * 2000 + "\n")
    with pytest.raises(InputFileError, match="the limit is"):
        read_yaml_file(path, max_bytes=1000)


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(InputFileError, match="no such file"):
        read_yaml_file(tmp_path / "nope.yaml", 1000)
    with pytest.raises(InputFileError, match="is a folder"):
        read_yaml_file(tmp_path, 1000)
