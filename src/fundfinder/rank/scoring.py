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

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING, Any, NamedTuple

from rapidfuzz import fuzz

from fundfinder.models import (
    Excluded,
    Funder,
    Match,
    Profile,
    Reason,
    as_of_date,
    is_stale,
    months_between,
)
from fundfinder.taxonomy import ANY, GLOBAL, Taxonomy
from fundfinder.textnorm import fold

if TYPE_CHECKING:
    from fundfinder.load.history import Evidence


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
TIMING_ESTIMATED = 0.9  # a deadline ahead, estimated from a recurring call
TIMING_DORMANT = 0.1

KEYWORD_MATCH = 85.0  # rapidfuzz score for a keyword to count as related
KEYWORD_FIT = 0.3

# Theme fit: coverage of the profile's themes (a broader funder theme gives partial
# credit), times how focused the funder is on them (one narrow shared theme of three
# says more than one of twenty).
FOCUS_FLOOR = 0.6

# Who may apply: registration weighs most, then organisation types, then rules that
# narrow the circle (women-led groups only).
ACCESS_WEIGHTS = (0.6, 0.2, 0.2)
REG_MET = 1.0
REG_UNCHECKED = 0.6  # a rule exists, the profile does not say where it is registered
REG_UNKNOWN = 0.45  # the database does not say who may apply
REG_HISTORY_FLOOR = 0.15  # unknown rule; share of known grantees registered near you lifts it
REG_HISTORY_MIN = 3  # grantees with a known registration needed to read a pattern
TYPES_UNKNOWN = 0.6
TYPES_UNCHECKED = 0.8
# A network, a grassroots group, a consortium, a research institute or a foundation is,
# in law, usually a non-profit like an NGO: a funder open to NGOs is open to them, at a
# lower fit and with a note to check (NGO-only funders' own grant lists bear this out:
# think tanks, women's funds). Not the other way round (an NGO is no grassroots group),
# and a social enterprise is held to the list.
NGO_KIN = ("network", "grassroots", "consortium", "research", "foundation")
TYPES_FAMILY = 0.5
NARROW_CIRCLE = 0.3  # women-led groups only, and the profile is not about women's rights
WOMEN_THEMES = frozenset({"gender-equality", "gbv"})

# History: no known grant for a funder is not evidence against it.
NO_HISTORY_FIT = 0.2

# Entries not checked for this long cost points; the score is multiplied by STALE_FACTOR.
PENALTY_AFTER_MONTHS = 24
STALE_FACTOR = 0.9

# Size: a need under the funder's smallest grant, a floor without a ceiling, the weight
# of the grant range when the funder also bounds the applicant's budget.
SIZE_UNDER_MIN = 0.6
SIZE_FLOOR_ONLY = 0.7
SIZE_RANGE_WEIGHT = 0.8  # fit = weight * fit + (1 - weight) when a budget bound is met
DEFAULT_MONTHS = 12  # a grant of unknown duration is compared as a yearly one
# Regions: the best place counts REGION_BEST, the mean of all places the rest.
REGION_BEST = 0.7
# Forms and core support, when both are asked: the form counts FORMS_WEIGHT.
FORMS_WEIGHT = 0.6


# -- formulas shared with the bulk scorer (`fastrank`): they take floats or numpy arrays
def combine_regions(best: Any, mean: Any) -> Any:
    return REGION_BEST * best + (1 - REGION_BEST) * mean


def with_budget_bound(fit: Any) -> Any:
    return SIZE_RANGE_WEIGHT * fit + (1 - SIZE_RANGE_WEIGHT)


def combine_forms(form: Any, core: Any) -> Any:
    return FORMS_WEIGHT * form + (1 - FORMS_WEIGHT) * core


def yearly(amount: Any, months: Any) -> Any:
    """A grant per year: a 36-month grant of 300k is 100k a year (shorter ones count whole)."""
    if isinstance(months, (int, float)):
        return amount * DEFAULT_MONTHS / max(months, DEFAULT_MONTHS)
    return amount * DEFAULT_MONTHS / months.clip(min=DEFAULT_MONTHS)


# Calibration: 80 and above is kept for funders that have funded organisations like
# the applicant (history fit at least STRONG_HISTORY) and whose registration rule the
# applicant is known to meet; any other funder is held to CAP_UNPROVEN.
STRONG_HISTORY = 0.6
CAP_UNPROVEN = 79.0
# A funder that publishes no registration rule and whose known grantees are all registered
# far from the applicant (the partners' route, see audiences), or one only for women-led
# groups when the applicant's themes are not women's rights, is no top pick for it.
CAP_FAR = 35.0
# Topic first: a funder whose themes touch none of yours keeps only THEME_GATE_FLOOR of its
# score; full marks from a theme fit of THEME_GATE_FULL.
THEME_GATE_FLOOR = 0.6
THEME_GATE_FULL = 0.3


class Part(NamedTuple):
    fit: float | None  # None: the profile gives nothing to judge by
    reasons: tuple[Reason, ...] = ()


# -- hard rules -------------------------------------------------------------------
def exclusions(profile: Profile, funder: Funder, taxonomy: Taxonomy) -> list[Reason]:
    """Every hard rule that rules this funder out for this profile."""
    reasons: list[Reason] = []
    org = profile.organisation
    rules = funder.eligibility
    if funder.id in profile.exclude:
        reasons.append(Reason.of("excl.profile"))
    if funder.access == "closed" or funder.status == "closed":
        if funder.replaced_by:
            reasons.append(Reason.of("excl.replaced", replaced_by=funder.replaced_by))
        else:
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
    if rules.org_types and org.org_type and type_fit(org.org_type, rules.org_types) is None:
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
    own = None if profile.finances is None else profile.finances.own_income
    if rules.own_income_min_eur is not None and own is not None and own < rules.own_income_min_eur:
        reasons.append(Reason.of("excl.own_income", min_eur=rules.own_income_min_eur, own_eur=own))
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
def _is_array(*values: Any) -> bool:
    return any(hasattr(v, "shape") for v in values)


def _maximum(a: Any, b: Any) -> Any:
    if _is_array(a, b):
        import numpy as np

        return np.maximum(a, b)
    return max(a, b)


def _minimum(a: Any, b: Any) -> Any:
    if _is_array(a, b):
        import numpy as np

        return np.minimum(a, b)
    return min(a, b)


def _where(cond: Any, a: Any, b: Any) -> Any:
    """numpy.where for arrays; a plain choice for scalars (numpy is not loaded for them)."""
    if _is_array(cond, a, b):
        import numpy as np

        return np.where(cond, a, b)
    return a if cond else b


def theme_fit(coverage: Any, focus: Any, keyword: Any) -> Any:
    """Themes fit from coverage (0-1), focus (0-1) and a related keyword (0/1); arrays too."""
    fit = coverage * (FOCUS_FLOOR + (1 - FOCUS_FLOOR) * focus)
    return _maximum(fit, KEYWORD_FIT * keyword)


def theme_part(profile: Profile, funder: Funder, taxonomy: Taxonomy | None = None) -> Part:
    from fundfinder.taxonomy import load_taxonomy

    taxonomy = taxonomy or load_taxonomy()
    wanted = profile.theme_confidences()
    total = sum(wanted.values())
    got = 0.0
    exact: list[str] = []
    broader: list[str] = []
    narrower: list[str] = []
    covered_up: list[str] = []
    covered_down: list[str] = []
    related_funder: set[str] = set()
    for want, conf in wanted.items():
        best, via = 0.0, None
        for have in funder.themes:
            credit = taxonomy.theme_credit(want, have)
            if credit > 0:
                related_funder.add(have)
            if credit > best:
                best, via = credit, have
        got += conf * best
        if via == want:
            exact.append(want)
        elif via is not None and via in taxonomy.theme_ancestors(want):
            broader.append(via)
            covered_up.append(want)
        elif via is not None:
            narrower.append(via)
            covered_down.append(want)
    coverage = got / total if total > 0 else 0.0
    focus = len(related_funder) / len(funder.themes) if funder.themes else 0.0
    words = _related_keywords(profile, funder)
    text_fit, found = 0.0, list[str]()
    if profile.keywords:
        from fundfinder.rank.retrieval import matched, query_tokens

        text_fit, found = matched(query_tokens(profile.keywords), profile.keywords, funder)
    fit = float(theme_fit(coverage, focus, max(1.0 if words else 0.0, text_fit)))
    reasons: list[Reason] = []
    if exact:
        yours = _own_words(profile, exact)
        reasons.append(Reason.of("theme.match", funder_themes=tuple(exact), matched_list=yours))
    for key, theirs, ours in (
        ("theme.broader", broader, covered_up),
        ("theme.narrower", narrower, covered_down),
    ):
        if theirs:
            reasons.append(
                Reason.of(
                    key,
                    funder_themes=tuple(dict.fromkeys(theirs)),
                    matched_list=_own_words(profile, ours),
                )
            )
    if words and not reasons:
        reasons.append(Reason.of("theme.keyword", words_list=words[:2]))
    elif found and text_fit > 0 and not reasons:
        reasons.append(Reason.of("theme.text", words_list=tuple(found[:3])))
    if not reasons:
        reasons.append(Reason.of("theme.none", funder_themes=funder.themes[:3]))
    return Part(round(fit, 4), tuple(reasons))


def _own_words(profile: Profile, theme_ids: Sequence[str]) -> tuple[str, ...]:
    texts = [t.text for t in profile.themes if t.id in theme_ids]
    return tuple(dict.fromkeys(texts))


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
    fit = combine_regions(max(fits), sum(fits) / len(fits))
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


GRANTEE_SIZE_SHARE = 0.25  # the applicant against the funder's usual grantees, in the size part


def grantee_size(evidence: Evidence | None) -> tuple[float | None, tuple[Reason, ...]]:
    """How far the funder's known grantees are of the applicant's size, and why."""
    if evidence is None or evidence.size_near is None:
        return None, ()
    if evidence.size_lean > 0:
        return evidence.size_near, (Reason.of("size.grantees_larger"),)
    if evidence.size_lean < 0:
        return evidence.size_near, (Reason.of("size.grantees_smaller"),)
    return evidence.size_near, (Reason.of("size.grantees_alike"),)


def size_fit(need_fit: Any, grantees: Any) -> Any:
    """The need against the grant range, blended with the applicant against usual grantees."""
    return (1 - GRANTEE_SIZE_SHARE) * need_fit + GRANTEE_SIZE_SHARE * grantees


def size_part(profile: Profile, funder: Funder, evidence: Evidence | None = None) -> Part:
    near, why = grantee_size(evidence)
    part = _need_part(profile, funder)
    if part.fit is None:
        return Part(None) if near is None else Part(near, why)
    if near is None:
        return part
    return Part(round(float(size_fit(part.fit, near)), 4), (*part.reasons, *why))


def _need_part(profile: Profile, funder: Funder) -> Part:
    need = profile.need.amount_eur
    if need is None:
        return Part(None)
    grant = funder.grant
    if grant.min_eur is None and grant.max_eur is None:
        return Part(0.0, (Reason.of("size.unknown"),))
    months = grant.typical_months or DEFAULT_MONTHS
    yearly_max = None if grant.max_eur is None else yearly(grant.max_eur, months)
    rng = (grant.min_eur, grant.max_eur)
    if grant.min_eur is not None and need < grant.min_eur:
        fit = SIZE_UNDER_MIN
        reason = Reason.of("size.small_need", min_eur=grant.min_eur, need_eur=need)
    elif yearly_max is not None and need > yearly_max:
        fit = yearly_max / need
        reason = Reason.of("size.partly", range=rng, need_eur=need)
    elif yearly_max is None:
        fit = SIZE_FLOOR_ONLY  # a floor without a ceiling: likely fits, size unconfirmed
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
        fit = with_budget_bound(fit)
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
        fit = combine_forms(parts[0], parts[1])
    else:
        fit = parts[0]
    return Part(fit, tuple(reasons))


def _on(year: int, month: int, day: int) -> date:
    import calendar

    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


def next_deadline(
    funder: Funder, today: date, stated_only: bool = False
) -> tuple[date, bool] | None:
    """The next deadline from today, and whether it is estimated (from a recurring call)."""
    found: list[tuple[date, bool]] = [(d, False) for d in funder.deadlines if d >= today]
    for call in funder.calls:
        if call.closes is None or (stated_only and call.recurs != "once"):
            continue
        if call.recurs == "once":
            closes = date.fromisoformat(call.closes)
            if closes >= today:
                found.append((closes, False))
            continue
        month, day = (int(x) for x in call.closes.split("-"))
        months = (
            [month] if call.recurs == "yearly" else [(month - 1 + 3 * k) % 12 + 1 for k in range(4)]
        )
        for year in (today.year, today.year + 1):
            for m in months:
                when = _on(year, m, day)
                if when >= today:
                    found.append((when, True))
    return min(found) if found else None


def timing_part(funder: Funder, today: date) -> Part:
    access = funder.access
    if funder.status == "dormant":
        return Part(TIMING_DORMANT, (Reason.of("timing.dormant"),))
    stated = next_deadline(funder, today, stated_only=True)
    if stated is not None:  # a stated deadline ahead outranks an estimated earlier one
        return Part(TIMING_DEADLINE, (Reason.of("timing.deadline", next_date=stated[0]),))
    upcoming = next_deadline(funder, today)
    if upcoming is not None:
        return Part(TIMING_ESTIMATED, (Reason.of("timing.estimated", next_date=upcoming[0]),))
    if access == "rolling":
        return Part(TIMING_ROLLING, (Reason.of("timing.rolling"),))
    if access == "invitation_only":
        return Part(TIMING_INVITATION, (Reason.of("timing.invitation"),))
    if funder.deadlines:
        return Part(TIMING_PASSED, (Reason.of("timing.passed", last_date=funder.deadlines[-1]),))
    if access == "open_call":
        return Part(TIMING_OPEN, (Reason.of("timing.open"),))
    return Part(0.0, (Reason.of("timing.unknown"),))


def type_fit(own: str, accepted: Sequence[str]) -> float | None:
    """How far a funder's accepted organisation types admit `own` (None: not at all)."""
    if own in accepted:
        return 1.0
    if own in NGO_KIN and "ngo" in accepted:
        return TYPES_FAMILY
    return None


def access_fit(reg: Any, types: Any, narrow: Any) -> Any:
    """Who may apply, 0-1, from registration, organisation types and narrowing rules."""
    w_reg, w_types, w_narrow = ACCESS_WEIGHTS
    return w_reg * reg + w_types * types + w_narrow * narrow


def women_focused(profile: Profile) -> bool:
    return any(t.id in WOMEN_THEMES for t in profile.themes)


def women_only(profile: Profile, funder: Funder) -> bool:
    """Only for women-led groups, and the profile is not about women's rights."""
    return "women_led" in funder.eligibility.requires and not women_focused(profile)


def registration_from_history(evidence: Evidence | None) -> float | None:
    """An unknown registration rule read from where known grantees are registered."""
    if evidence is None or evidence.same_registration is None:
        return None
    if evidence.registered_known < REG_HISTORY_MIN:
        return None
    return REG_HISTORY_FLOOR + (1 - REG_HISTORY_FLOOR) * evidence.same_registration


def access_part(
    profile: Profile, funder: Funder, evidence: Evidence | None = None
) -> tuple[Part, bool]:
    """(the part, whether the applicant is known to meet the registration rule)."""
    org = profile.organisation
    rules = funder.eligibility
    reasons: list[Reason] = []
    confirmed = False
    if rules.registered_in is None:
        read = registration_from_history(evidence)
        if read is not None:
            assert evidence is not None
            reg = read
            reasons.append(
                Reason.of(
                    "access.history",
                    registered_places=tuple(c for c, _n in evidence.registered[:3]),
                )
            )
        else:
            reg = REG_UNKNOWN
            reasons.append(Reason.of("access.unknown"))
    elif ANY in rules.registered_in:
        reg, confirmed = REG_MET, True
        reasons.append(Reason.of("access.anywhere"))
    elif org.registered_in is None:
        reg = REG_UNCHECKED
    else:
        reg, confirmed = REG_MET, True
        reasons.append(Reason.of("access.registered", rule_places=rules.registered_in[:4]))
    if rules.org_types is None:
        types = TYPES_UNKNOWN
    elif org.org_type is None:
        types = TYPES_UNCHECKED
    else:
        types = type_fit(org.org_type, rules.org_types) or 0.0
        if types < 1.0:
            reasons.append(
                Reason.of(
                    "access.type_family", allowed_types=rules.org_types, own_types=(org.org_type,)
                )
            )
    narrow = 1.0
    if women_only(profile, funder):
        narrow = NARROW_CIRCLE
        reasons.append(Reason.of("access.women_led"))
    fit = float(access_fit(reg, types, narrow))
    return Part(round(fit, 4), tuple(reasons)), confirmed


def history_part(evidence: Evidence | None, has_history: bool) -> Part:
    if not has_history:
        return Part(None)
    if evidence is None:
        return Part(NO_HISTORY_FIT, (Reason.of("history.none"),))
    if evidence.like_yours:
        first = min(g.year for g in evidence.like_yours)
        examples = tuple((g.recipient.name, g.year, g.amount_eur) for g in evidence.like_yours[:2])
        key = "history.like_one" if evidence.count_like == 1 else "history.like"
        return Part(
            evidence.fit,
            (Reason.of(key, n=evidence.count_like, since=first, examples_grants=examples),),
        )
    key = "history.unlike_one" if evidence.known == 1 else "history.unlike"
    return Part(evidence.fit, (Reason.of(key, n=evidence.known),))


def is_penalised(funder: Funder, today: date) -> bool:
    return stale_as_of(funder.as_of, today)


def stale_as_of(as_of: str, today: date) -> bool:
    """Checked longer ago than PENALTY_AFTER_MONTHS: the score loses STALE_FACTOR."""
    return months_between(as_of_date(as_of), today) > PENALTY_AFTER_MONTHS


def calibrate(score: Any, history: Any, confirmed: Any, far: Any = False, theme: Any = 1.0) -> Any:
    """Hold a score under 80 unless history and registration both speak for the funder,
    and to CAP_FAR for a funder that is no top pick (`not_for_you`); a funder off your
    themes loses up to 40% of it (unless themes carry no weight)."""
    score = score * (
        THEME_GATE_FLOOR + (1 - THEME_GATE_FLOOR) * _minimum(1.0, theme / THEME_GATE_FULL)
    )
    proven = (history >= STRONG_HISTORY) & confirmed
    held = _where(proven, score, _minimum(score, CAP_UNPROVEN))
    return _where(far, _minimum(held, CAP_FAR), held)


def not_for_you(profile: Profile, funder: Funder, evidence: Evidence | None) -> bool:
    """No top pick: known grantees all registered far away, or women-led groups only while
    the profile is not about women's rights (held to CAP_FAR; see `calibrate`)."""
    return women_only(profile, funder) or registered_far(funder, evidence)


def registered_far(funder: Funder, evidence: Evidence | None) -> bool:
    """No published rule, and none of (at least three) known grantees registered near you."""
    return funder.eligibility.registered_in is None and grantees_far(evidence)


def grantees_far(evidence: Evidence | None, share: float = 0.0) -> bool:
    """At least three known grantees with a known registration, and at most `share` of
    them registered near the applicant."""
    return (
        evidence is not None
        and evidence.same_registration is not None
        and evidence.same_registration <= share
        and evidence.registered_known >= REG_HISTORY_MIN
    )


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
    history: Sequence[Any] = ()  # decoded when a match is made of it (`as_matches`)
    confirmed: bool = False  # the applicant is known to meet the registration rule
    held: bool = False  # no top pick (`not_for_you`)


def score_funder(
    profile: Profile,
    funder: Funder,
    taxonomy: Taxonomy,
    today: date,
    evidence: Mapping[str, Evidence] | None = None,
) -> Scored:
    """`evidence`: every funder's record from the grant history (None: no history loaded)."""
    own = None if evidence is None else evidence.get(funder.id)
    access, confirmed = access_part(profile, funder, own)
    parts = {
        "themes": theme_part(profile, funder, taxonomy),
        "regions": region_part(profile, funder, taxonomy),
        "size": size_part(profile, funder, own),
        "forms": forms_part(profile, funder),
        "timing": timing_part(funder, today),
        "access": access,
        "history": history_part(own, evidence is not None),
    }
    weights = profile.weights.as_dict()
    total_weight = sum(weights[k] for k, p in parts.items() if p.fit is not None)
    earned = sum(weights[k] * p.fit for k, p in parts.items() if p.fit is not None)
    score = 0.0 if total_weight <= 0 else 100.0 * earned / total_weight
    if is_penalised(funder, today):
        score *= STALE_FACTOR
    history_fit = parts["history"].fit or 0.0
    held = not_for_you(profile, funder, own)
    score = float(
        calibrate(
            score,
            history_fit,
            confirmed,
            held,
            (parts["themes"].fit or 0.0) if weights["themes"] > 0 else 1.0,
        )
    )
    score = min(100.0, max(0.0, round(score, 1)))
    breakdown = tuple((k, None if p.fit is None else round(p.fit, 3)) for k, p in parts.items())
    order = ["themes", "regions", "size", "forms", "timing", "access", "history"]
    if own is not None and own.like_yours:
        order = ["history", *order[:-1]]  # the strongest evidence is said first
    reasons = tuple(r for k in order for r in parts[k].reasons)
    return Scored(
        funder=funder,
        score=score,
        theme_fit=parts["themes"].fit or 0.0,
        breakdown=breakdown,
        reasons=reasons,
        flags=flags(profile, funder, today),
        history=own.like_yours if own is not None else (),
        confirmed=confirmed,
        held=held,
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
            history=tuple(s.history),
        )
        for i, s in enumerate(ranked, start=1)
    )


def rank(
    profile: Profile,
    funders: Sequence[Funder],
    taxonomy: Taxonomy,
    today: date,
    evidence: Mapping[str, Evidence] | None = None,
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
            scored.append(score_funder(profile, funder, taxonomy, today, evidence))
    scored.sort(key=order_key)
    matches = as_matches(scored)
    excluded.sort(key=lambda e: (e.funder.name.casefold(), e.funder.id))
    return matches, tuple(excluded)
