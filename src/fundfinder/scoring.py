"""Ranking funders for one profile: hard eligibility rules, then an explained 0-100 score.

A funder a hard rule rules out goes to `excluded` with its reasons. Every other
funder gets a score from five parts, each a fit between 0 and 1:

- themes: shared taxonomy themes (or, failing that, related keywords);
- regions: an exact country beats a containing region beats "global";
- size: the yearly need against the grant range (and the budget bounds);
- forms: acceptable forms of funding, and core support when it is sought;
- timing: an open call with a deadline ahead beats rolling beats invitation-only.

The score is the weighted mean of the parts the profile can be judged on (a
part the *profile* leaves open carries no weight); a fact the *database* does
not state scores 0 and is shown as unknown, never counted as met.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from functools import lru_cache
from typing import NamedTuple

from rapidfuzz import fuzz

from fundfinder.models import Excluded, Funder, Match, Profile, Reason
from fundfinder.taxonomy import ANY, GLOBAL, Taxonomy
from fundfinder.textnorm import fold

STALE_AFTER_MONTHS = 18

# Region fit for one profile place against a funder's places.
FIT_EXACT = 1.0
FIT_SUBREGION = 0.8  # a funder region (not a continent) containing the place
FIT_PART = 0.7  # the funder works in part of a profile region
FIT_CONTINENT = 0.65
FIT_WIDE = 0.55  # a very wide grouping such as the DAC list
FIT_GLOBAL = 0.5
FIT_OVERLAP = 0.4

# Timing fit by access.
TIMING_DEADLINE = 1.0
TIMING_ROLLING = 0.85
TIMING_OPEN = 0.6
TIMING_PASSED = 0.3
TIMING_INVITATION = 0.2

KEYWORD_MATCH = 85.0  # rapidfuzz score for a keyword to count as related
KEYWORD_FIT = 0.3


class Part(NamedTuple):
    fit: float | None  # None: the profile gives nothing to judge by
    reasons: tuple[Reason, ...] = ()


def months_between(earlier: date, later: date) -> int:
    return (later.year - earlier.year) * 12 + later.month - earlier.month


def as_of_date(as_of: str) -> date:
    year, month = as_of.split("-")[:2]
    return date(int(year), int(month), 1)


def is_stale(funder: Funder, today: date) -> bool:
    return months_between(as_of_date(funder.as_of), today) > STALE_AFTER_MONTHS


# -- hard rules -------------------------------------------------------------------
def exclusions(profile: Profile, funder: Funder, taxonomy: Taxonomy) -> list[Reason]:
    """Every hard rule that rules this funder out for this profile."""
    reasons: list[Reason] = []
    org = profile.organisation
    rules = funder.eligibility
    if funder.id in profile.exclude:
        reasons.append(Reason.of("excl.profile"))
    if funder.access == "closed":
        reasons.append(Reason.of("excl.closed"))
    if rules.registered_in and ANY not in rules.registered_in and org.registered_in:
        if not any(taxonomy.contains(place, org.registered_in) for place in rules.registered_in):
            reasons.append(
                Reason.of(
                    "excl.registration",
                    rule_places=rules.registered_in,
                    own_places=(org.registered_in,),
                )
            )
    if rules.org_types and org.org_type and org.org_type not in rules.org_types:
        reasons.append(
            Reason.of("excl.org_type", allowed_types=rules.org_types, own_types=(org.org_type,))
        )
    budget = org.annual_budget_eur
    if budget is not None:
        if rules.budget_min_eur is not None and budget < rules.budget_min_eur:
            reasons.append(
                Reason.of("excl.budget_small", min_eur=rules.budget_min_eur, budget_eur=budget)
            )
        if rules.budget_max_eur is not None and budget > rules.budget_max_eur:
            reasons.append(
                Reason.of("excl.budget_large", max_eur=rules.budget_max_eur, budget_eur=budget)
            )
    wanted = profile.need.forms
    if wanted and funder.forms and not set(wanted) & set(funder.forms):
        reasons.append(Reason.of("excl.forms", offered_forms=funder.forms, wanted_forms=wanted))
    lacking = tuple(
        req
        for req, has in (("anbi", org.anbi), ("cbf", org.cbf_recognised))
        if req in rules.requires and has is False
    )
    if lacking:
        reasons.append(Reason.of("excl.requirement", needed_reqs=lacking))
    return reasons


# -- the five parts ---------------------------------------------------------------
def theme_part(profile: Profile, funder: Funder) -> Part:
    wanted = profile.theme_ids
    shared = [t for t in wanted if t in funder.themes]
    if shared:
        texts = [ti.text for ti in profile.themes if ti.id in shared]
        unique_texts = list(dict.fromkeys(texts))
        fit = 0.5 + 0.5 * len(shared) / len(wanted)
        return Part(fit, (Reason.of("theme.match", matched_list=unique_texts),))
    words = _related_keywords(profile, funder)
    if words:
        return Part(KEYWORD_FIT, (Reason.of("theme.keyword", words_list=words[:2]),))
    return Part(0.0, (Reason.of("theme.none", funder_themes=funder.themes[:3]),))


def _related_keywords(profile: Profile, funder: Funder) -> list[str]:
    if not funder.keywords:
        return []
    wanted = _folded_themes(profile)
    folded = funder.folded_keywords()
    return [
        kw for kw, key in zip(funder.keywords, folded, strict=True) if _keyword_related(key, wanted)
    ]


@lru_cache(maxsize=256)
def _folded_themes(profile: Profile) -> tuple[str, ...]:
    return tuple(w for w in (fold(t.text) for t in profile.themes) if len(w) >= 4)


_RELATED: dict[tuple[str, tuple[str, ...]], bool] = {}


def _keyword_related(key: str, wanted: tuple[str, ...]) -> bool:
    """Is a (folded) keyword close to one of the profile's (folded) theme words?"""
    found = _RELATED.get((key, wanted))
    if found is None:
        found = len(key) >= 4 and any(fuzz.token_set_ratio(key, w) >= KEYWORD_MATCH for w in wanted)
        _RELATED[(key, wanted)] = found
    return found


def prime_keywords(profile: Profile, keys: Iterable[str]) -> None:
    """Judge many (folded) keywords at once: one rapidfuzz pass per theme word, in C."""
    from rapidfuzz import process

    wanted = _folded_themes(profile)
    todo = [k for k in set(keys) if (k, wanted) not in _RELATED]
    related: set[str] = set()
    for w in wanted:
        hits = process.extract(
            w, todo, scorer=fuzz.token_set_ratio, score_cutoff=KEYWORD_MATCH, limit=None
        )
        related.update(choice for choice, _score, _i in hits)
    for key in todo:
        _RELATED[(key, wanted)] = len(key) >= 4 and key in related


def _place_fit(want: str, funder_places: Sequence[str], taxonomy: Taxonomy) -> tuple[float, str]:
    """Best fit of one profile place against a funder's places, and the kind of fit."""
    best, kind = 0.0, "none"
    for place in funder_places:
        fit, how = _one_place_fit(want, place, taxonomy)
        if fit > best:
            best, kind = fit, how
    return best, kind


@lru_cache(maxsize=65536)
def _one_place_fit(want: str, place: str, taxonomy: Taxonomy) -> tuple[float, str]:
    if place == want:
        return FIT_EXACT, "exact"
    if place == GLOBAL:
        return FIT_GLOBAL, "global"
    if taxonomy.contains(place, want):
        if place == "dac-list":
            return FIT_WIDE, "within"
        if taxonomy.is_continent(place):
            return FIT_CONTINENT, "within"
        return FIT_SUBREGION, "within"
    if taxonomy.contains(want, place):
        return FIT_PART, "part"
    if taxonomy.overlaps(want, place):
        return FIT_OVERLAP, "part"
    return 0.0, "none"


def region_part(profile: Profile, funder: Funder, taxonomy: Taxonomy) -> Part:
    if not profile.regions:
        return Part(None)
    fits: list[float] = []
    by_kind: dict[str, list[str]] = {}
    for want in profile.regions:
        fit, kind = _place_fit(want, funder.regions, taxonomy)
        fits.append(fit)
        by_kind.setdefault(kind, []).append(want)
    fit = 0.7 * max(fits) + 0.3 * sum(fits) / len(fits)
    reasons: list[Reason] = []
    if "exact" in by_kind:
        reasons.append(Reason.of("region.exact", shared_places=by_kind["exact"]))
    for kind, key in (("within", "region.within"), ("part", "region.part")):
        if kind in by_kind and not reasons:
            covering = _covering(by_kind[kind], funder.regions, taxonomy, kind)
            reasons.append(Reason.of(key, funder_places=covering, shared_places=by_kind[kind]))
    if not reasons and "global" in by_kind:
        reasons.append(Reason.of("region.global"))
    if not reasons:
        reasons.append(Reason.of("region.none", funder_places=funder.regions[:4]))
    return Part(fit, tuple(reasons))


def _covering(
    wants: Iterable[str], funder_places: Sequence[str], taxonomy: Taxonomy, kind: str
) -> tuple[str, ...]:
    found: list[str] = []
    for place in funder_places:
        for want in wants:
            related = (
                taxonomy.contains(place, want)
                if kind == "within"
                else taxonomy.overlaps(want, place)
            )
            if related and place not in found and place != GLOBAL:
                found.append(place)
    return tuple(found[:4])


def size_part(profile: Profile, funder: Funder) -> Part:
    need = profile.need.amount_eur
    if need is None:
        return Part(None)
    grant = funder.grant
    if grant.min_eur is None and grant.max_eur is None:
        return Part(0.0, (Reason.of("size.unknown"),))
    months = grant.typical_months or 12
    # Compare per year: a 36-month grant of 300k is 100k a year.
    yearly_max = None if grant.max_eur is None else grant.max_eur * 12 / max(months, 12)
    rng = (grant.min_eur, grant.max_eur)
    if grant.min_eur is not None and need < grant.min_eur:
        fit = 0.6
        reason = Reason.of("size.small_need", min_eur=grant.min_eur, need_eur=need)
    elif yearly_max is not None and need > yearly_max:
        fit = yearly_max / need
        reason = Reason.of("size.partly", range=rng, need_eur=need)
    elif yearly_max is None:
        fit = 0.7  # a floor without a ceiling: likely fits, size unconfirmed
        reason = Reason.of("size.fits", range=rng, need_eur=need)
    else:
        fit = 1.0
        reason = Reason.of("size.fits", range=rng, need_eur=need)
    reasons = [reason]
    budget = profile.organisation.annual_budget_eur
    rules = funder.eligibility
    if budget is not None and (
        rules.budget_min_eur is not None or rules.budget_max_eur is not None
    ):
        reasons.append(Reason.of("size.budget_fit", budget_eur=budget))
        fit = 0.8 * fit + 0.2
    return Part(round(fit, 4), tuple(reasons))


def forms_part(profile: Profile, funder: Funder) -> Part:
    wanted = profile.need.forms
    core = profile.need.core
    if not wanted and not core:
        return Part(None)
    reasons: list[Reason] = []
    parts: list[float] = []
    if wanted:
        shared = tuple(f for f in funder.forms if f in wanted)
        if shared:
            parts.append(1.0)
            reasons.append(Reason.of("forms.match", shared_forms=shared))
        else:
            parts.append(0.0)
            reasons.append(Reason.of("forms.unknown"))
    if core:
        if funder.grant.core_support:
            parts.append(1.0)
            reasons.append(Reason.of("forms.core"))
        elif funder.grant.core_support is False:
            parts.append(0.0)
            reasons.append(Reason.of("forms.no_core"))
        else:
            parts.append(0.0)
            reasons.append(Reason.of("forms.core_unknown"))
    if len(parts) == 2:
        fit = 0.6 * parts[0] + 0.4 * parts[1]
    else:
        fit = parts[0]
    return Part(fit, tuple(reasons))


def timing_part(funder: Funder, today: date) -> Part:
    access = funder.access
    ahead = [d for d in funder.deadlines if d >= today]
    if ahead:
        return Part(TIMING_DEADLINE, (Reason.of("timing.deadline", next_date=ahead[0]),))
    if access == "rolling":
        return Part(TIMING_ROLLING, (Reason.of("timing.rolling"),))
    if access == "invitation_only":
        return Part(TIMING_INVITATION, (Reason.of("timing.invitation"),))
    if funder.deadlines:
        return Part(TIMING_PASSED, (Reason.of("timing.passed", last_date=funder.deadlines[-1]),))
    if access == "open_call":
        return Part(TIMING_OPEN, (Reason.of("timing.open"),))
    return Part(0.0, (Reason.of("timing.unknown"),))


def flags(profile: Profile, funder: Funder, today: date) -> tuple[Reason, ...]:
    found: list[Reason] = []
    rules = funder.eligibility
    if funder.access == "invitation_only":
        found.append(Reason.of("flag.invitation"))
    if rules.registered_in is None:
        found.append(Reason.of("flag.registration_unknown"))
    elif ANY not in rules.registered_in and profile.organisation.registered_in is None:
        found.append(Reason.of("flag.registration_unchecked", rule_places=rules.registered_in))
    shown = tuple(r for r in rules.requires if r != "invitation")
    if shown:
        found.append(Reason.of("flag.requires", needed_reqs=shown))
    if funder.grant.cofinancing_pct:
        found.append(Reason.of("flag.cofinancing", pct=f"{funder.grant.cofinancing_pct:g}"))
    if is_stale(funder, today):
        found.append(Reason.of("flag.stale", as_of=funder.as_of))
    return tuple(found)


# -- ranking ------------------------------------------------------------------------
class Scored(NamedTuple):
    funder: Funder
    score: float
    theme_fit: float
    breakdown: tuple[tuple[str, float | None], ...]
    reasons: tuple[Reason, ...]
    flags: tuple[Reason, ...]


def score_funder(profile: Profile, funder: Funder, taxonomy: Taxonomy, today: date) -> Scored:
    parts = {
        "themes": theme_part(profile, funder),
        "regions": region_part(profile, funder, taxonomy),
        "size": size_part(profile, funder),
        "forms": forms_part(profile, funder),
        "timing": timing_part(funder, today),
    }
    weights = profile.weights.as_dict()
    total_weight = sum(weights[k] for k, p in parts.items() if p.fit is not None)
    earned = sum(weights[k] * p.fit for k, p in parts.items() if p.fit is not None)
    score = 0.0 if total_weight <= 0 else 100.0 * earned / total_weight
    score = min(100.0, max(0.0, round(score, 1)))
    breakdown = tuple((k, None if p.fit is None else round(p.fit, 3)) for k, p in parts.items())
    reasons = tuple(r for p in parts.values() for r in p.reasons)
    return Scored(
        funder=funder,
        score=score,
        theme_fit=parts["themes"].fit or 0.0,
        breakdown=breakdown,
        reasons=reasons,
        flags=flags(profile, funder, today),
    )


def order_key(s: Scored) -> tuple[float, float, str, str]:
    """Best score first; ties on theme fit, then name, then id."""
    return (-s.score, -s.theme_fit, s.funder.name.casefold(), s.funder.id)


def as_matches(ranked: Sequence[Scored]) -> tuple[Match, ...]:
    """Scored funders, already in order, as numbered matches."""
    return tuple(
        Match(
            rank=i,
            funder=s.funder,
            score=s.score,
            breakdown=s.breakdown,
            reasons=s.reasons,
            flags=s.flags,
        )
        for i, s in enumerate(ranked, start=1)
    )


def rank(
    profile: Profile, funders: Sequence[Funder], taxonomy: Taxonomy, today: date
) -> tuple[tuple[Match, ...], tuple[Excluded, ...]]:
    """All funders for one profile: ranked matches and explained exclusions.

    Ties break on theme fit, then name, then id, so the order never depends on
    the order of the database.
    """
    scored: list[Scored] = []
    excluded: list[Excluded] = []
    prime_keywords(profile, (k for f in funders for k in f.folded_keywords()))
    for funder in funders:
        ruled_out = exclusions(profile, funder, taxonomy)
        if ruled_out:
            excluded.append(Excluded(funder, tuple(ruled_out)))
        else:
            scored.append(score_funder(profile, funder, taxonomy, today))
    scored.sort(key=order_key)
    matches = as_matches(scored)
    excluded.sort(key=lambda e: (e.funder.name.casefold(), e.funder.id))
    return matches, tuple(excluded)
