"""Which forms of funding fit this organisation, and what must happen now.

`rank_forms` ranks the forms of `data/funding_forms.yaml` by time to first
money against the runway, typical size against the gap, and prerequisites the
organisation has or lacks. A form that cannot pay in time stays in the list,
marked as such.

`build_checklist` selects the items of `data/checklists.yaml` whose conditions
hold for this organisation (Dutch legal steps only for Dutch-registered
organisations and only past their legal thresholds).
"""

from __future__ import annotations

import math
from functools import cache
from typing import Any, NamedTuple

import yaml

from fundfinder.advise.diagnosis import Diagnosis
from fundfinder.errors import problems_heading
from fundfinder.models import Profile, Reason
from fundfinder.paths import data_file

PHASES = ("this_week", "30_days", "90_days", "6_months")
OWNERS = ("director", "board", "works_council", "hr", "finance")
WORKS_COUNCIL_STAFF = 50  # WOR art. 2: a works council is mandatory from 50 persons


# -- funding forms --------------------------------------------------------------------
class FormAdvice(NamedTuple):
    id: str
    name: dict[str, str]
    score: float
    timing: str  # in_time | maybe | too_late | unknown
    reasons: tuple[Reason, ...]
    has: tuple[str, ...]
    lacks: tuple[str, ...]
    unknown: tuple[str, ...]
    sources: tuple[str, ...]


def _load_data(name: str, key: str) -> tuple[dict[str, Any], ...]:
    from fundfinder.cache import cached

    path = data_file(name)
    raw = path.read_bytes()

    def build() -> tuple[dict[str, Any], ...]:
        # Checked with file:line first, so a mistyped condition is a clear error, not a crash.
        from fundfinder.errors import CatalogError
        from fundfinder.load.datafiles import check_checklist, check_forms
        from fundfinder.load.yamlsafe import parse_yaml
        from fundfinder.taxonomy import load_taxonomy

        checked = parse_yaml(raw.decode("utf-8"))
        if key == "items":
            problems = check_checklist(checked, str(path), load_taxonomy().countries)
        else:
            problems = check_forms(checked, str(path))
        if problems:
            raise CatalogError.from_problems(
                problems_heading("problems_in_file", str(path), len(problems)), problems
            )
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        return tuple(yaml.load(raw, Loader=loader)[key])

    def valid(value: Any) -> bool:
        return isinstance(value, tuple) and all(isinstance(item, dict) for item in value)

    return cached(name.split(".")[0], path, raw, build, valid=valid)


@cache
def load_forms() -> tuple[dict[str, Any], ...]:
    return _load_data("funding_forms.yaml", "forms")


def own_fundraising(profile: Profile) -> float | None:
    """Income raised from the public and partners: private donors, lotteries, companies."""
    fin = profile.finances
    if fin is None or not fin.income_eur:
        return None
    return fin.income("private_donors") + fin.income("lotteries") + fin.income("corporate")


def prerequisite_status(profile: Profile, prerequisite: str, form: dict[str, Any]) -> bool | None:
    """True (has it), False (lacks it) or None (the profile does not say)."""
    org = profile.organisation
    thresholds = form.get("thresholds") or {}
    if prerequisite == "anbi":
        return org.anbi
    if prerequisite == "cbf":
        return org.cbf_recognised
    if prerequisite == "registered_nl":
        return None if org.registered_in is None else org.registered_in == "NL"
    if prerequisite == "own_fundraising":
        raised = own_fundraising(profile)
        if raised is None:
            return None
        return raised >= float(thresholds.get("own_fundraising_eur", 1))
    if prerequisite == "supporter_base":
        fin = profile.finances
        return None if fin is None or not fin.income_eur else fin.income("private_donors") > 0
    return None


def rank_forms(profile: Profile, diagnosis: Diagnosis | None) -> tuple[FormAdvice, ...]:
    runway = diagnosis.runway_months if diagnosis else None
    gap = diagnosis.yearly_gap if diagnosis and diagnosis.yearly_gap else profile.need.amount_eur
    results: list[FormAdvice] = []
    for form in load_forms():
        reasons: list[Reason] = []
        months = form.get("months_to_first_money") or {}
        low, high = months.get("min"), months.get("max")
        if low is None and high is None:
            timing, time_fit = "unknown", 0.3
            reasons.append(Reason.of("form.time_unknown"))
        elif diagnosis is None or runway is None:
            timing, time_fit = "not_judged", 0.8
            reasons.append(Reason.of("form.time_no_runway", range=_months(low, high)))
        elif high is not None and high <= runway:
            timing, time_fit = "in_time", 1.0
            reasons.append(Reason.of("form.in_time", range=_months(low, high), runway_dec=runway))
        elif low is not None and low > runway:
            timing, time_fit = "too_late", 0.0
            reasons.append(Reason.of("form.too_late", range=_months(low, high), runway_dec=runway))
        else:
            timing, time_fit = "maybe", 0.5
            reasons.append(Reason.of("form.maybe", range=_months(low, high), runway_dec=runway))
        size = form.get("size_eur") or {}
        smin, smax = size.get("min"), size.get("max")
        if gap and (smin is not None or smax is not None):
            reach = smax if smax is not None else smin
            size_fit = min(1.0, float(reach) / gap) if reach else 0.0
            reasons.append(Reason.of("form.size", size=(smin, smax), gap_eur=gap))
        else:
            size_fit = 0.3
        if form.get("replaces_lost_income") is False:
            size_fit *= 0.3
            reasons.append(Reason.of("form.bridge_only"))
        has: list[str] = []
        lacks: list[str] = []
        unknown: list[str] = []
        for prerequisite in form.get("prerequisites") or ():
            status = prerequisite_status(profile, prerequisite, form)
            (has if status else lacks if status is False else unknown).append(prerequisite)
        if lacks:
            reasons.append(Reason.of("form.lacks", missing_prereqs=tuple(lacks)))
        if has:
            reasons.append(Reason.of("form.has", present_prereqs=tuple(has)))
        total = len(has) + len(lacks) + len(unknown)
        prereq_fit = 1.0 if total == 0 else (len(has) + 0.5 * len(unknown)) / total
        score = 100 * (0.5 * time_fit + 0.3 * size_fit + 0.2 * prereq_fit)
        if lacks:
            score *= 0.6
        results.append(
            FormAdvice(
                id=form["id"],
                name=form["name"],
                score=round(score, 1),
                timing=timing,
                reasons=tuple(reasons),
                has=tuple(has),
                lacks=tuple(lacks),
                unknown=tuple(unknown),
                sources=tuple(form.get("sources") or ()),
            )
        )
    results.sort(key=lambda a: (-a.score, a.id))
    return tuple(results)


def _months(low: Any, high: Any) -> str:
    if low is not None and high is not None and low != high:
        return f"{low:g}–{high:g}"
    return f"{(high if high is not None else low):g}"


# -- checklist ------------------------------------------------------------------------
class ChecklistItem(NamedTuple):
    id: str
    phase: str
    owner: str
    title: dict[str, str]
    why: dict[str, str]
    legal_basis: dict[str, str] | None
    sources: tuple[str, ...]


@cache
def load_checklist_items() -> tuple[dict[str, Any], ...]:
    return _load_data("checklists.yaml", "items")


class Facts(NamedTuple):
    """What the checklist conditions are evaluated against (None: not known)."""

    registered_in: str | None
    staff: float | None
    works_council: bool | None
    positions_at_risk: int | None
    positions_estimated: bool
    partners_abroad: bool | None
    runway_months: float | None
    lost_share: float | None
    anbi: bool | None
    cbf: bool | None


def estimate_positions(profile: Profile, diagnosis: Diagnosis | None) -> int | None:
    """Staff in proportion to the gap: staff x (yearly gap / expenses), rounded up."""
    staff = profile.organisation.staff_fte
    fin = profile.finances
    if staff is None or diagnosis is None or fin is None or not fin.expenses_eur:
        return None
    share = min(1.0, diagnosis.yearly_gap / fin.expenses_eur)
    return math.ceil(round(staff * share, 6))


def facts_for(profile: Profile, diagnosis: Diagnosis | None) -> Facts:
    org = profile.organisation
    fin = profile.finances
    staff = org.staff_fte
    council = fin.works_council if fin else None
    if staff is not None and staff >= WORKS_COUNCIL_STAFF:
        council = True  # mandatory by law, whether or not one exists yet
    stated = profile.positions_at_risk
    positions = stated if stated is not None else estimate_positions(profile, diagnosis)
    abroad = profile.partners_abroad
    if abroad is None and org.registered_in and profile.regions:
        abroad = any(r != org.registered_in for r in profile.regions)
    return Facts(
        registered_in=org.registered_in,
        staff=staff,
        works_council=council,
        positions_at_risk=positions,
        positions_estimated=stated is None and positions is not None,
        partners_abroad=abroad,
        runway_months=diagnosis.runway_months if diagnosis else None,
        lost_share=diagnosis.lost_share if diagnosis else None,
        anbi=org.anbi,
        cbf=org.cbf_recognised,
    )


def condition_holds(key: str, value: Any, facts: Facts) -> bool:
    """Unknown facts never satisfy a condition."""
    if key == "registered_in":
        return facts.registered_in is not None and facts.registered_in in value
    if key == "staff_min":
        return facts.staff is not None and facts.staff >= value
    if key == "staff_max":
        return facts.staff is not None and facts.staff <= value
    if key == "works_council":
        return facts.works_council is bool(value)
    if key == "positions_at_risk_min":
        return facts.positions_at_risk is not None and facts.positions_at_risk >= value
    if key == "partners_abroad":
        return facts.partners_abroad is bool(value)
    if key == "runway_below_months":
        return facts.runway_months is not None and facts.runway_months < value
    if key == "lost_share_min":
        return facts.lost_share is not None and facts.lost_share >= value
    if key == "anbi":
        return facts.anbi is bool(value)
    if key == "cbf":
        return facts.cbf is bool(value)
    raise ValueError(f"unknown checklist condition {key!r}")


def build_checklist(profile: Profile, diagnosis: Diagnosis | None) -> tuple[ChecklistItem, ...]:
    facts = facts_for(profile, diagnosis)
    chosen = []
    for item in load_checklist_items():
        conditions = item.get("when") or {}
        if all(condition_holds(k, v, facts) for k, v in conditions.items()):
            chosen.append(
                ChecklistItem(
                    id=item["id"],
                    phase=item["phase"],
                    owner=item["owner"],
                    title=item["title"],
                    why=item["why"],
                    legal_basis=item.get("legal_basis"),
                    sources=tuple(item.get("sources") or ()),
                )
            )
    order = {p: i for i, p in enumerate(PHASES)}
    chosen.sort(key=lambda c: order.get(c.phase, len(PHASES)))
    return tuple(chosen)
