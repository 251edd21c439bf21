"""The one sanitiser for text that leaves fundfinder (terminal, files, JSON).

Data comes from YAML files, profiles, session drafts and database overlays that
anyone may have written. Characters that can steer a terminal or make text
display as something else never pass through as they are:

- C0 and C1 control characters other than tab and newline (ESC starts every
  terminal escape sequence: colours, clearing the screen, window titles, OSC 8
  links), DEL;
- the Unicode bidirectional controls (right-to-left overrides and isolates, the
  marks) and the line and paragraph separators.

On reading, `strip_unsafe` removes them from every string field; on writing,
`visible` shows any that remain as a `\\uXXXX` escape, which is also exactly
the JSON escape, so JSON stays valid and loses nothing.
"""

from __future__ import annotations

import re

UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)


def strip_unsafe(text: str) -> str:
    """`text` without the characters above (for values read from files)."""
    return UNSAFE.sub("", text)


def _escape(found: re.Match[str]) -> str:
    return f"\\u{ord(found.group()):04x}"


def visible(text: str) -> str:
    """`text` with the characters above shown as `\\uXXXX` (for anything written out)."""
    if UNSAFE.search(text) is None:
        return text
    return UNSAFE.sub(_escape, text)
