"""Curator checks beyond the schema: near-duplicates, staleness, coverage."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from rapidfuzz import fuzz

from fundfinder.messages import Msg, msg, table
from fundfinder.models import Funder, as_of_date, is_stale, months_between
from fundfinder.taxonomy import GLOBAL, Taxonomy
from fundfinder.textnorm import fold

NEAR_DUPLICATE = 92.0  # token_sort_ratio of folded names
CONTINENTS = ("africa", "asia", "europe", "latin-america", "north-america", "oceania")

CURATION = table(
    "curation",
    {
        "error": "error",
        "warning": "warning",
        "near_duplicate": (
            "'{name}' ({id}) is nearly the same as '{other}' ({other_id}) at {origin} "
            "[{score}%]; merge them or make the names distinct"
        ),
        "unknown_parent": "unknown funder id '{value}'",
        "in_future": "{as_of} lies in the future",
        "stale": "checked {as_of}: older than 18 months",
        "missing_strict": "is missing (required by --strict)",
        "call_without_source": "a call cycle needs its source",
        "recheck": "checked {as_of}: re-check, or mark it status dormant or closed",
    },
)


@dataclass(frozen=True)
class Note:
    severity: str  # "error" | "warning"
    origin: str
    field: str
    message: Msg

    def text(self, lang: str = "en") -> str:
        severity = msg(f"curation.{self.severity}").text(lang)
        return f"{severity}: {self.origin}: {self.field}: {self.message.text(lang)}"

    def __str__(self) -> str:
        return self.text("en")


# Words so common in funder names that they say nothing about identity.
GENERIC = frozenset(
    {"the", "foundation", "fund", "fonds", "stichting", "trust", "fondation", "stiftung"}
    | {"charitable", "of", "for", "and", "van", "de", "het", "der"}
)


def _core_name(name: str) -> str:
    return " ".join(w for w in fold(name).split() if w not in GENERIC)


def _names(f: Funder) -> list[str]:
    return [_core_name(f.name), *(_core_name(a) for a in f.aliases)]


def _related(a: Funder, b: Funder) -> bool:
    """A parent and its instrument, or two instruments of one parent, may share a name."""
    return a.parent == b.id or b.parent == a.id or (a.parent is not None and a.parent == b.parent)


def near_duplicates(funders: Sequence[Funder]) -> list[tuple[Funder, Funder, float]]:
    """Pairs of entries whose names (or aliases) are nearly the same.

    Only names sharing a word are compared, which keeps this near-linear on
    large databases while still catching re-spellings of the same name.
    """
    names: list[tuple[str, int]] = []
    for index, f in enumerate(funders):
        for name in _names(f):
            if len(name) >= 4:
                names.append((name, index))
    by_word: dict[str, list[int]] = {}
    for n, (name, _owner) in enumerate(names):
        for word in set(name.split()):
            if len(word) >= 3:
                by_word.setdefault(word, []).append(n)
    pairs: dict[tuple[int, int], float] = {}
    for members in by_word.values():
        for x, i in enumerate(members):
            for j in members[x + 1 :]:
                a, b = names[i][1], names[j][1]
                if a == b or _related(funders[a], funders[b]):
                    continue
                key = (min(a, b), max(a, b))
                if key in pairs:
                    continue
                score = fuzz.token_sort_ratio(names[i][0], names[j][0])
                if score >= NEAR_DUPLICATE:
                    pairs[key] = float(score)
    return [(funders[a], funders[b], s) for (a, b), s in sorted(pairs.items())]


def curation_warnings(funders: Sequence[Funder], today: date) -> list[Note]:
    notes: list[Note] = []
    for a, b, score in near_duplicates(funders):
        notes.append(
            Note(
                "error",
                b.origin,
                "name",
                msg(
                    "curation.near_duplicate",
                    name=b.name,
                    id=b.id,
                    other=a.name,
                    other_id=a.id,
                    origin=a.origin,
                    score=f"{score:.0f}",
                ),
            )
        )
    ids = {f.id for f in funders}
    for f in funders:
        if f.parent is not None and f.parent not in ids:
            notes.append(
                Note("error", f.origin, "parent", msg("curation.unknown_parent", value=f.parent))
            )
        if as_of_date(f.as_of) > today:
            notes.append(Note("error", f.origin, "as_of", msg("curation.in_future", as_of=f.as_of)))
        elif is_stale(f, today):
            notes.append(Note("warning", f.origin, "as_of", msg("curation.stale", as_of=f.as_of)))
    return notes


THIRD_PARTY = (
    "fundsforngos", "insidephilanthropy", "grantsdatabase", "devex", "welcomeurope",
    "euro-access", "accesseurope", "hinchilla", "wikipedia", "influencewatch", "candid.org",
)  # fmt: skip
RECHECK_MONTHS = 24


def third_party_only(f: Funder) -> bool:
    """True when every source of an entry is a directory or aggregator, not the funder."""
    return all(any(host in src for host in THIRD_PARTY) for src in f.sources)


def strict_notes(funders: Sequence[Funder], today: date) -> list[Note]:
    """What `db validate --strict` also requires: an adviser can act on every entry."""
    notes: list[Note] = []
    for f in funders:
        closed = f.status == "closed" or f.access == "closed"
        for field, value in (
            ("access", f.access),
            ("eligibility.registered_in", f.eligibility.registered_in),
            ("eligibility.org_types", f.eligibility.org_types),
        ):
            if value is None and not closed:
                notes.append(Note("error", f.origin, field, msg("curation.missing_strict")))
        for index, call in enumerate(f.calls):
            if not call.source:
                notes.append(
                    Note(
                        "error",
                        f.origin,
                        f"calls[{index}].source",
                        msg("curation.call_without_source"),
                    )
                )
        old = months_between(as_of_date(f.as_of), today) > RECHECK_MONTHS
        if old and f.status not in ("dormant", "closed"):
            notes.append(
                Note(
                    "error",
                    f.origin,
                    "as_of",
                    msg("curation.recheck", as_of=f.as_of),
                )
            )
    return notes


def completeness(funders: Sequence[Funder], today: date) -> dict[str, int]:
    """How many entries know each fact an adviser acts on."""
    return {
        "access": sum(f.access is not None for f in funders),
        "registered_in": sum(f.eligibility.registered_in is not None for f in funders),
        "org_types": sum(f.eligibility.org_types is not None for f in funders),
        "grant range (or not published)": sum(
            f.grant.min_eur is not None
            or f.grant.max_eur is not None
            or f.grant.range_published is False
            for f in funders
        ),
        "core support yes/no": sum(f.grant.core_support is not None for f in funders),
        "call cycle or rolling": sum(bool(f.calls) or f.access == "rolling" for f in funders),
        "status": sum(f.status is not None for f in funders),
        f"checked within {RECHECK_MONTHS} months": sum(
            months_between(as_of_date(f.as_of), today) <= RECHECK_MONTHS for f in funders
        ),
        "own pages among the sources": sum(not third_party_only(f) for f in funders),
    }


def coverage(funders: Sequence[Funder], taxonomy: Taxonomy, today: date) -> dict[str, Any]:
    by_type = Counter(f.type for f in funders)
    by_theme = Counter(t for f in funders for t in f.themes)
    for theme in taxonomy.themes:
        by_theme.setdefault(theme, 0)
    by_base = Counter(f.based_in for f in funders)
    by_access = Counter(f.access or "unknown" for f in funders)
    by_continent: dict[str, str] = {}
    global_count = sum(1 for f in funders if GLOBAL in f.regions)
    for continent in CONTINENTS:
        explicit = sum(
            1
            for f in funders
            if any(r != GLOBAL and taxonomy.overlaps(continent, r) for r in f.regions)
        )
        by_continent[continent] = f"{explicit} (+{global_count} global)"
    stale = [
        {"id": f.id, "as_of": f.as_of, "origin": f.origin}
        for f in sorted(funders, key=lambda f: (f.as_of, f.id))
        if is_stale(f, today)
    ]
    return {
        "funders": len(funders),
        "by_type": dict(by_type.most_common()),
        "by_theme": dict(sorted(by_theme.items(), key=lambda kv: (-kv[1], kv[0]))),
        "by_continent": by_continent,
        "by_base_country": dict(by_base.most_common()),
        "by_access": dict(by_access.most_common()),
        "stale": stale,
        "completeness": completeness(funders, today),
        "core_support": sum(1 for f in funders if f.grant.core_support),
        "multi_year": sum(1 for f in funders if f.grant.multi_year),
    }
