"""The one sanitiser: nothing from data steers a terminal, JSON stays exact."""

from __future__ import annotations

import io
import json

from hypothesis import given
from hypothesis import strategies as st
from rich.style import Style
from rich.text import Text

from fundfinder.render.console import make_console
from fundfinder.safetext import UNSAFE, strip_unsafe, visible

HOSTILE = "a\x1b]0;title\x07b\x1b[2Jc\u202ed\u2066e\x9bf\rg\th\ni"


def test_visible_shows_every_control_and_keeps_tab_and_newline() -> None:
    shown = visible(HOSTILE)
    assert UNSAFE.search(shown) is None
    assert "\\u001b]0;title\\u0007" in shown and "\\u202e" in shown and "\t" in shown
    assert strip_unsafe(HOSTILE) == "a]0;titleb[2Jcdefg\th\ni"


@given(st.text())
def test_visible_is_json_exact(text: str) -> None:
    dumped = visible(json.dumps({"k": text}, ensure_ascii=False))
    assert UNSAFE.search(dumped) is None
    assert json.loads(dumped) == {"k": text}


def test_console_keeps_its_own_styles_but_shows_data_escapes() -> None:
    buffer = io.StringIO()
    console = make_console(file=buffer, force_terminal=True, color_system="standard", width=200)
    console.print(Text(HOSTILE, style="bold red"))
    console.print(HOSTILE, markup=False)
    out = buffer.getvalue()
    assert "\x1b[1;31m" in out  # rich's own style
    assert "\x1b]0;" not in out and "\x1b[2J" not in out and "\u202e" not in out
    assert "\\u001b]0;title" in out


def test_console_links_are_made_safe() -> None:
    buffer = io.StringIO()
    console = make_console(file=buffer, force_terminal=True, color_system="standard", width=200)
    console.print(Text("x", style=Style(link="https://a.example/\x1b]0;t\x07")))
    out = buffer.getvalue()
    assert "\x1b]8;" in out  # still a link
    assert "\x1b]0;t" not in out
