"""Field-by-field reading of YAML data, collecting every problem with its line.

Both the catalog and the profile loader read plain data through a `Checker`:
it never raises on a bad field, it notes a `Problem` (file, line, field, what
would be valid, the closest known value) and returns None, so one run reports
everything that is wrong.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from fundfinder.errors import Problem
from fundfinder.load.yamlsafe import YMap, line_of
from fundfinder.safetext import strip_unsafe

MAX_AMOUNT = 1e12  # no organisation or grant is a trillion euros
MAX_TEXT = 2000
MAX_LIST = 500


def closest(value: str, choices: Iterable[str], cutoff: float = 75.0) -> str | None:
    """The closest known value, for 'did you mean ...' hints."""
    from rapidfuzz import process

    found = process.extractOne(str(value), list(choices), score_cutoff=cutoff)
    return found[0] if found else None


def did_you_mean(value: str, choices: Iterable[str]) -> str:
    best = closest(value, choices)
    return f" (did you mean {best!r}?)" if best else ""


def clean_text(value: str) -> str:
    """Drop control characters (ESC and friends) that could steer a terminal."""
    return strip_unsafe(value)


class Checker:
    """Reads fields out of YAML mappings, noting problems instead of raising."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.problems: list[Problem] = []

    def problem(self, line: int | None, field: str, message: str, kind: str = "") -> None:
        self.problems.append(Problem(self.source, line, field, message, kind))

    # -- containers ---------------------------------------------------------------
    def mapping(self, value: Any, field: str, line: int | None) -> YMap | None:
        if isinstance(value, dict):
            return value if isinstance(value, YMap) else _as_ymap(value)
        self.problem(line, field, f"expected a mapping (key: value lines), got {_kind(value)}")
        return None

    def unknown_keys(self, m: YMap, allowed: Iterable[str], prefix: str) -> None:
        allowed = list(allowed)
        for key in m:
            if key not in allowed:
                hint = did_you_mean(str(key), allowed) if isinstance(key, str) else ""
                self.problem(
                    m.line_of(key),
                    _join(prefix, str(key)),
                    f"unknown key{hint}; valid keys: {', '.join(allowed)}",
                )

    # -- scalars ------------------------------------------------------------------
    def text(
        self, m: YMap, key: str, prefix: str, *, required: bool = False, max_len: int = MAX_TEXT
    ) -> str | None:
        field = _join(prefix, key)
        if key not in m or m[key] is None:
            if required:
                self.problem(m.line, field, "is required")
            return None
        value = m[key]
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            self.problem(m.line_of(key), field, f"expected text, got {_kind(value)}")
            return None
        text = clean_text(str(value)).strip()
        if not text:
            if required:
                self.problem(m.line_of(key), field, "must not be empty")
            return None
        if len(text) > max_len:
            self.problem(m.line_of(key), field, f"is {len(text)} characters; at most {max_len}")
            return None
        return text

    def number(
        self,
        m: YMap,
        key: str,
        prefix: str,
        *,
        minimum: float = 0.0,
        maximum: float = MAX_AMOUNT,
        allow_zero: bool = True,
        integer: bool = False,
    ) -> float | None:
        field = _join(prefix, key)
        if key not in m or m[key] is None:
            return None
        value = m[key]
        line = m.line_of(key)
        if isinstance(value, str):
            parsed = _parse_amount(value)
            if parsed is None:
                self.problem(
                    line, field, f"expected a number, got text {_short(value)}", "not_number"
                )
                return None
            value = parsed
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.problem(line, field, f"expected a number, got {_kind(value)}", "not_number")
            return None
        try:
            number = float(value)
        except OverflowError:
            self.problem(
                line,
                field,
                f"is a number of {len(str(value))} digits; at most {maximum:g} is plausible",
            )
            return None
        if math.isnan(number) or math.isinf(number):
            self.problem(line, field, "must be a finite number")
            return None
        if number < minimum or (number == 0 and not allow_zero):
            bound = "more than 0" if not allow_zero and minimum <= 0 else f"at least {minimum:g}"
            self.problem(line, field, f"is {number:g}; it must be {bound}")
            return None
        if number > maximum:
            self.problem(line, field, f"is {number:g}; at most {maximum:g} is plausible")
            return None
        if integer and not number.is_integer():
            self.problem(line, field, f"is {number:g}; expected a whole number")
            return None
        return number

    def boolean(self, m: YMap, key: str, prefix: str) -> bool | None:
        if key not in m or m[key] is None:
            return None
        value = m[key]
        if isinstance(value, bool):
            return value
        if isinstance(value, str):
            folded = value.strip().casefold()
            if folded in {"yes", "ja", "true", "y", "j", "waar"}:
                return True
            if folded in {"no", "nee", "false", "n", "onwaar"}:
                return False
        self.problem(m.line_of(key), _join(prefix, key), f"expected yes or no, got {_short(value)}")
        return None

    def choice(self, m: YMap, key: str, prefix: str, choices: Iterable[str]) -> str | None:
        value = self.text(m, key, prefix)
        if value is None:
            return None
        choices = list(choices)
        normal = value.strip().casefold().replace("-", "_").replace(" ", "_")
        if normal in choices:
            return normal
        self.problem(
            m.line_of(key),
            _join(prefix, key),
            f"unknown value {value!r}{did_you_mean(value, choices)}; valid: {', '.join(choices)}",
        )
        return None

    def date(self, m: YMap, key: str, prefix: str) -> date | None:
        if key not in m or m[key] is None:
            return None
        value = m[key]
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        if isinstance(value, str):
            try:
                return date.fromisoformat(value.strip())
            except ValueError:
                pass
        self.problem(
            m.line_of(key),
            _join(prefix, key),
            f"expected a date like 2027-01-31, got {_short(value)}",
        )
        return None

    def text_list(
        self, m: YMap, key: str, prefix: str, *, required: bool = False, max_len: int = 300
    ) -> list[tuple[str, int | None]] | None:
        """A list of short texts (a single text is taken as a list of one)."""
        field = _join(prefix, key)
        if key not in m or m[key] is None:
            if required:
                self.problem(m.line, field, "is required")
            return None
        value = m[key]
        if isinstance(value, (str, int, float)) and not isinstance(value, bool):
            items: list[tuple[Any, int | None]] = [(value, m.line_of(key))]
        elif isinstance(value, list):
            if len(value) > MAX_LIST:
                self.problem(m.line_of(key), field, f"has {len(value)} items; at most {MAX_LIST}")
                return None
            items = [(v, line_of(value, i) or m.line_of(key)) for i, v in enumerate(value)]
        else:
            self.problem(m.line_of(key), field, f"expected a list, got {_kind(value)}")
            return None
        result: list[tuple[str, int | None]] = []
        for index, (item, line) in enumerate(items):
            if isinstance(item, bool) or not isinstance(item, (str, int, float, date)):
                self.problem(line, f"{field}[{index}]", f"expected text, got {_kind(item)}")
                continue
            text = clean_text(str(item)).strip()
            if not text:
                self.problem(line, f"{field}[{index}]", "must not be empty")
            elif len(text) > max_len:
                self.problem(line, f"{field}[{index}]", f"is longer than {max_len} characters")
            else:
                result.append((text, line))
        if required and not result and not any(p.field.startswith(field) for p in self.problems):
            self.problem(m.line_of(key), field, "must list at least one item")
        return result


def _join(prefix: str, key: str) -> str:
    return f"{prefix}.{key}" if prefix else key


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"yes/no ({value})"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, (date, datetime)):
        return f"the date {value}"
    return f"text {_short(value)}"


def _short(value: Any) -> str:
    text = clean_text(str(value))
    return repr(text if len(text) <= 40 else text[:37] + "...")


_AMOUNT = re.compile(
    r"^\s*(?:€|eur|euro)?\s*([0-9][0-9_.,\s]*?)\s*"
    r"(k|m|mln|mio|million|millions|miljoen|duizend|thousand|ton|bn|mld|miljard|billion)?"
    r"\.?\s*(?:€|eur|euro|euros)?\s*$",
    re.I,
)
# Words for thousands and millions in English and Dutch ('ton' is a Dutch 100,000).
_MULTIPLIERS = {
    "k": 1e3,
    "duizend": 1e3,
    "thousand": 1e3,
    "ton": 1e5,
    "m": 1e6,
    "mln": 1e6,
    "mio": 1e6,
    "million": 1e6,
    "millions": 1e6,
    "miljoen": 1e6,
    "bn": 1e9,
    "mld": 1e9,
    "miljard": 1e9,
    "billion": 1e9,
}


def _parse_amount(text: str) -> float | None:
    """'1.2m', '1,2 mln', '2,5 miljoen', '€ 450.000', '450k', '3 ton', '1_800_000' -> a
    number; anything else -> None."""
    found = _AMOUNT.match(text)
    if not found:
        try:  # scientific notation such as 1e6, which YAML 1.1 reads as text
            return (
                float(text) if re.fullmatch(r"\s*[-+]?\d+(\.\d+)?[eE][-+]?\d+\s*", text) else None
            )
        except ValueError:
            return None
    digits = found.group(1).replace(" ", "").replace("_", "")
    suffix = (found.group(2) or "").lower()
    if suffix:
        digits = digits.replace(",", ".")
        try:
            number = float(digits)
        except ValueError:
            return None
        return number * _MULTIPLIERS[suffix]
    # Thousands separators: '450.000' or '450,000' (Dutch or English).
    if re.fullmatch(r"\d{1,3}([.,]\d{3})+", digits):
        return float(re.sub(r"[.,]", "", digits))
    try:
        return float(digits.replace(",", "."))
    except ValueError:
        return None


def _as_ymap(value: dict[Any, Any]) -> YMap:
    result = YMap()
    result.update(value)
    return result
