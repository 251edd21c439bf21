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
from fundfinder.messages import Both, Msg, msg, table
from fundfinder.safetext import strip_unsafe

MAX_AMOUNT = 1e12  # no organisation or grant is a trillion euros
MAX_TEXT = 2000
MAX_LIST = 500


def closest(value: str, choices: Iterable[str], cutoff: float = 75.0) -> str | None:
    """The closest known value, for 'did you mean ...' hints."""
    from rapidfuzz import process

    found = process.extractOne(str(value), list(choices), score_cutoff=cutoff)
    return found[0] if found else None


FIELDS = table(
    "field",
    {
        "did_you_mean": " (did you mean '{value}'?)",
        "not_mapping": "expected a mapping (key: value lines), got {got}",
        "unknown_key": "unknown key{hint}; valid keys: {valid}",
        "required": "is required",
        "not_text": "expected text, got {got}",
        "empty": "must not be empty",
        "too_long": "is {length} characters; at most {limit}",
        "not_number": "expected a number, got {got}",
        "too_many_digits": "is a number of {digits} digits; at most {limit} is plausible",
        "not_finite": "must be a finite number",
        "at_least": "is {value}; it must be at least {minimum}",
        "above_zero": "is {value}; it must be more than 0",
        "implausible": "is {value}; at most {limit} is plausible",
        "not_whole": "is {value}; expected a whole number",
        "not_yes_no": "expected yes or no, got {got}",
        "unknown_value": "unknown value '{value}'{hint}; valid: {valid}",
        "not_date": "expected a date like 2027-01-31, got {got}",
        "too_many_items": "has {count} items; at most {limit}",
        "not_list": "expected a list, got {got}",
        "item_too_long": "is longer than {limit} characters",
        "no_items": "must list at least one item",
        "got_nothing": "nothing",
        "got_yes_no": "yes/no ({value})",
        "got_list": "a list",
        "got_mapping": "a mapping",
        "got_number": "the number {value}",
        "got_date": "the date {value}",
        "got_text": "text {value}",
    },
)


def did_you_mean(value: str, choices: Iterable[str]) -> Msg | str:
    """ " (did you mean 'x'?)" when a known value is close, else nothing."""
    best = closest(value, choices)
    return msg("field.did_you_mean", value=best) if best else ""


def clean_text(value: str) -> str:
    """Drop control characters (ESC and friends) that could steer a terminal."""
    return strip_unsafe(value)


class Checker:
    """Reads fields out of YAML mappings, noting problems instead of raising."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.problems: list[Problem] = []

    def problem(self, line: int | None, field: str, message: Msg, kind: str = "") -> None:
        self.problems.append(Problem(self.source, line, field, message, kind))

    # -- containers ---------------------------------------------------------------
    def mapping(self, value: Any, field: str, line: int | None) -> YMap | None:
        if isinstance(value, dict):
            return value if isinstance(value, YMap) else _as_ymap(value)
        self.problem(line, field, msg("field.not_mapping", got=_kind(value)))
        return None

    def unknown_keys(self, m: YMap, allowed: Iterable[str], prefix: str) -> None:
        allowed = list(allowed)
        for key in m:
            if key not in allowed:
                hint = did_you_mean(str(key), allowed) if isinstance(key, str) else ""
                self.problem(
                    m.line_of(key),
                    _join(prefix, str(key)),
                    msg("field.unknown_key", hint=hint, valid=", ".join(allowed)),
                )

    # -- scalars ------------------------------------------------------------------
    def text(
        self, m: YMap, key: str, prefix: str, *, required: bool = False, max_len: int = MAX_TEXT
    ) -> str | None:
        field = _join(prefix, key)
        if key not in m or m[key] is None:
            if required:
                self.problem(m.line, field, msg("field.required"))
            return None
        value = m[key]
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            self.problem(m.line_of(key), field, msg("field.not_text", got=_kind(value)))
            return None
        text = clean_text(str(value)).strip()
        if not text:
            if required:
                self.problem(m.line_of(key), field, msg("field.empty"))
            return None
        if len(text) > max_len:
            self.problem(
                m.line_of(key), field, msg("field.too_long", length=len(text), limit=max_len)
            )
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
                    line,
                    field,
                    msg("field.not_number", got=msg("field.got_text", value=_short(value))),
                    "not_number",
                )
                return None
            value = parsed
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.problem(line, field, msg("field.not_number", got=_kind(value)), "not_number")
            return None
        try:
            number = float(value)
        except OverflowError:
            self.problem(
                line,
                field,
                msg("field.too_many_digits", digits=len(str(value)), limit=f"{maximum:g}"),
            )
            return None
        if math.isnan(number) or math.isinf(number):
            self.problem(line, field, msg("field.not_finite"))
            return None
        if number < minimum or (number == 0 and not allow_zero):
            if not allow_zero and minimum <= 0:
                self.problem(line, field, msg("field.above_zero", value=f"{number:g}"))
            else:
                self.problem(
                    line, field, msg("field.at_least", value=f"{number:g}", minimum=f"{minimum:g}")
                )
            return None
        if number > maximum:
            self.problem(
                line, field, msg("field.implausible", value=f"{number:g}", limit=f"{maximum:g}")
            )
            return None
        if integer and not number.is_integer():
            self.problem(line, field, msg("field.not_whole", value=f"{number:g}"))
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
        self.problem(m.line_of(key), _join(prefix, key), msg("field.not_yes_no", got=_short(value)))
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
            msg(
                "field.unknown_value",
                value=value,
                hint=did_you_mean(value, choices),
                valid=", ".join(choices),
            ),
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
            msg("field.not_date", got=_short(value)),
        )
        return None

    def text_list(
        self,
        m: YMap,
        key: str,
        prefix: str,
        *,
        required: bool = False,
        max_len: int = 300,
        max_items: int = MAX_LIST,
    ) -> list[tuple[str, int | None]] | None:
        """A list of short texts (a single text is taken as a list of one)."""
        field = _join(prefix, key)
        if key not in m or m[key] is None:
            if required:
                self.problem(m.line, field, msg("field.required"))
            return None
        value = m[key]
        if isinstance(value, (str, int, float)) and not isinstance(value, bool):
            items: list[tuple[Any, int | None]] = [(value, m.line_of(key))]
        elif isinstance(value, list):
            if len(value) > max_items:
                self.problem(
                    m.line_of(key),
                    field,
                    msg("field.too_many_items", count=len(value), limit=max_items),
                )
                return None
            items = [(v, line_of(value, i) or m.line_of(key)) for i, v in enumerate(value)]
        else:
            self.problem(m.line_of(key), field, msg("field.not_list", got=_kind(value)))
            return None
        result: list[tuple[str, int | None]] = []
        for index, (item, line) in enumerate(items):
            if isinstance(item, bool) or not isinstance(item, (str, int, float, date)):
                self.problem(line, f"{field}[{index}]", msg("field.not_text", got=_kind(item)))
                continue
            text = clean_text(str(item)).strip()
            if not text:
                self.problem(line, f"{field}[{index}]", msg("field.empty"))
            elif len(text) > max_len:
                self.problem(line, f"{field}[{index}]", msg("field.item_too_long", limit=max_len))
            else:
                result.append((text, line))
        if required and not result and not any(p.field.startswith(field) for p in self.problems):
            self.problem(m.line_of(key), field, msg("field.no_items"))
        return result


def _join(prefix: str, key: str) -> str:
    return f"{prefix}.{key}" if prefix else key


def _kind(value: Any) -> Msg:
    """What a wrong value is, for "expected ..., got ..." messages."""
    if value is None:
        return msg("field.got_nothing")
    if isinstance(value, bool):
        return msg("field.got_yes_no", value=Both(str(value), "ja" if value else "nee"))
    if isinstance(value, dict):
        return msg("field.got_mapping")
    if isinstance(value, list):
        return msg("field.got_list")
    if isinstance(value, (int, float)):
        return msg("field.got_number", value=value)
    if isinstance(value, (date, datetime)):
        return msg("field.got_date", value=value)
    return msg("field.got_text", value=_short(value))


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
