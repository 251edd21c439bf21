"""Running many members at once: one report each, and what they have in common.

`summarise` takes the outcome for every profile (a report, or the error that
stopped it) and finds the **contested funders**: funders in the top matches
of several members at once, who would otherwise compete for one fund without
knowing it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from fundfinder.models import Funder, Report

CONTESTED_TOP = 10  # a member "would apply" to its top ten
CONTESTED_MIN = 2  # at least two members


@dataclass(frozen=True)
class Outcome:
    """One profile file: its report, or why it could not be read."""

    file: str
    report: Report | None = None
    error: str | None = None
    report_file: str | None = None  # the member's report, beside the summary


@dataclass(frozen=True)
class Contested:
    funder: Funder
    members: tuple[str, ...]  # organisation names, in file order
    ranks: tuple[int, ...]  # each member's rank for this funder
    total_need_eur: float | None  # the members' yearly needs added up, where stated


@dataclass(frozen=True)
class Summary:
    outcomes: tuple[Outcome, ...]
    contested: tuple[Contested, ...]
    top: int
    minimum: int

    @property
    def failed(self) -> tuple[Outcome, ...]:
        return tuple(o for o in self.outcomes if o.report is None)

    @property
    def succeeded(self) -> tuple[Outcome, ...]:
        return tuple(o for o in self.outcomes if o.report is not None)


def summarise(
    outcomes: Sequence[Outcome], top: int = CONTESTED_TOP, minimum: int = CONTESTED_MIN
) -> Summary:
    seen: dict[str, list[tuple[str, int, float | None]]] = {}
    funders: dict[str, Funder] = {}
    for outcome in outcomes:
        if outcome.report is None:
            continue
        name = outcome.report.profile.organisation.name
        need = outcome.report.profile.need.amount_eur
        for match in outcome.report.matches[:top]:
            seen.setdefault(match.funder.id, []).append((name, match.rank, need))
            funders[match.funder.id] = match.funder
    contested = []
    for funder_id, hits in seen.items():
        if len(hits) < minimum:
            continue
        needs = [n for _m, _r, n in hits if n is not None]
        contested.append(
            Contested(
                funder=funders[funder_id],
                members=tuple(m for m, _r, _n in hits),
                ranks=tuple(r for _m, r, _n in hits),
                total_need_eur=sum(needs) if needs else None,
            )
        )
    contested.sort(key=lambda c: (-len(c.members), sum(c.ranks) / len(c.ranks), c.funder.name))
    return Summary(tuple(outcomes), tuple(contested), top, minimum)
