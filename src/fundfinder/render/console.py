"""Every rich console fundfinder prints through: text segments pass `safetext.visible`.

rich adds its own escape sequences (colours, links) when it turns segments into
output; the text of each segment is made safe just before that, so whatever a
string carries (from data, a draft, an error message) is shown, never obeyed.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rich.console import Console
from rich.segment import Segment
from rich.style import Style

from fundfinder.safetext import visible


def _safe_style(style: Style | None) -> Style | None:
    if style is not None and style.link and visible(style.link) != style.link:
        return style + Style(link=visible(style.link))
    return style


class SafeConsole(Console):
    def _render_buffer(self, buffer: Iterable[Segment]) -> str:
        return super()._render_buffer(
            seg if seg.control else Segment(visible(seg.text), _safe_style(seg.style))
            for seg in buffer
        )


def make_console(**options: Any) -> Console:
    return SafeConsole(**options)
