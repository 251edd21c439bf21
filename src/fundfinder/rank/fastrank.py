"""Ranking against large databases: bulk scores with numpy, exact results on top.

Scores of every funder in a `LargePart` are computed column-wise from the same
rules as `scoring` (hard rules exactly; the five parts up to float rounding).
Every funder whose bulk score lies within `MARGIN` of the k-th best is then
scored again by `scoring.score_funder`, so the top of the list, its order,
scores and reasons are exactly those of `scoring.rank`. The rest of the list
and the excluded funders are materialised only when someone reads them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, overload

import numpy as np

from fundfinder.load.index import ACCESS_CODES, LargePart
from fundfinder.models import FORMS, ORG_TYPES, Excluded, Funder, Match, Profile
from fundfinder.rank.scoring import (
    DEFAULT_MONTHS,
    FIT_GLOBAL,
    NARROW_CIRCLE,
    NGO_KIN,
    NO_HISTORY_FIT,
    REG_MET,
    REG_UNCHECKED,
    REG_UNKNOWN,
    SIZE_FLOOR_ONLY,
    SIZE_UNDER_MIN,
    STALE_FACTOR,
    TIMING_DEADLINE,
    TIMING_DORMANT,
    TIMING_ESTIMATED,
    TIMING_INVITATION,
    TIMING_OPEN,
    TIMING_PASSED,
    TIMING_ROLLING,
    TYPES_FAMILY,
    TYPES_UNCHECKED,
    TYPES_UNKNOWN,
    Scored,
    _folded_themes,
    _keyword_related,
    _place_fit,
    access_fit,
    as_matches,
    calibrate,
    combine_forms,
    combine_regions,
    exclusions,
    grantees_far,
    order_key,
    prime_keywords,
    registration_from_history,
    score_funder,
    size_fit,
    stale_as_of,
    theme_fit,
    with_budget_bound,
    women_focused,
    yearly,
)
from fundfinder.taxonomy import ANY, Taxonomy

if TYPE_CHECKING:
    from fundfinder.load.history import Evidence

MARGIN = 1.0  # score points: far more than float rounding can move a score
HEAD = 200  # excluded funders read from the top this far are found without a full sort

__all__ = ["FIT_GLOBAL", "ExcludedView", "RankedView", "rank_parts"]


def _segment_any(values: Any, ptr: Any) -> Any:
    """Per segment [ptr[i], ptr[i+1]): does any value hold? (empty segments: False)"""
    sums = np.concatenate(([0], np.cumsum(values, dtype=np.int64)))
    return (sums[ptr[1:]] - sums[ptr[:-1]]) > 0


def _type_bits(own: str) -> int:
    """Bits of the accepted types that admit `own` at all (see `scoring.type_fit`)."""
    family = (own, "ngo") if own in NGO_KIN else (own,)
    return sum(1 << ORG_TYPES.index(t) for t in family)


def _excluded(profile: Profile, part: LargePart, taxonomy: Taxonomy) -> Any:
    """Every funder of the part that a hard rule rules out (`scoring.exclusions`)."""
    registration, org_type, other = _exclusion_masks(profile, part, taxonomy)
    return registration | org_type | other


def _exclusion_masks(profile: Profile, part: LargePart, taxonomy: Taxonomy) -> tuple[Any, Any, Any]:
    """Which funders rule the profile out for where it is registered, for its kind of
    organisation, and for any other rule (`scoring.exclusions`, reason by reason)."""
    org = profile.organisation
    n = len(part)
    other = (part.access == ACCESS_CODES["closed"]) | part.closed
    if profile.exclude:
        wanted = set(profile.exclude)
        other |= np.array([i in wanted for i in part.ids], dtype=np.bool_)
    registration = np.zeros(n, dtype=np.bool_)
    country = org.registered_in
    if country:
        flags: list[bool] = []
        for rule in part.rule_groups:
            applies = rule is not None and len(rule) > 0 and ANY not in rule
            flags.append(applies and not any(taxonomy.contains(p, country) for p in rule or ()))
        registration = np.array(flags, dtype=np.bool_)[part.rule_group]
    org_type = np.zeros(n, dtype=np.bool_)
    if org.org_type:
        org_type = part.org_known & ((part.org_mask & _type_bits(org.org_type)) == 0)
    if org.annual_budget_eur is not None:
        budget = org.annual_budget_eur
        with np.errstate(invalid="ignore"):
            other |= ~np.isnan(part.budget_min) & (budget < part.budget_min)
            other |= ~np.isnan(part.budget_max) & (budget > part.budget_max)
    own = None if profile.finances is None else profile.finances.own_income
    if own is not None:
        with np.errstate(invalid="ignore"):
            other |= ~np.isnan(part.own_income_min) & (own < part.own_income_min)
    if profile.need.forms:
        mask = sum(1 << FORMS.index(f) for f in profile.need.forms)
        other |= (part.forms_mask != 0) & ((part.forms_mask & mask) == 0)
    if org.anbi is False:
        other |= part.req_anbi
    if org.cbf_recognised is False:
        other |= part.req_cbf
    return registration, org_type, other


def partner_only_mask(
    profile: Profile,
    part: LargePart,
    taxonomy: Taxonomy,
    evidence: Mapping[str, Evidence] | None,
    far_share: float,
) -> Any:
    """`audiences.partner_only` for every funder of the part: ruled out for the organisation
    only where it is registered (and perhaps its kind), or no rule published and its known
    grantees registered far from the organisation (at most `far_share` near it)."""
    registration, org_type, other = _exclusion_masks(profile, part, taxonomy)
    theirs = registration & ~other
    if evidence:
        clear = ~(registration | org_type | other)
        pos, ids = _positions(part, evidence)
        for i, fid in zip(pos.tolist(), ids, strict=True):
            unpublished = part.rule_groups[part.rule_group[i]] is None
            if clear[i] and unpublished and grantees_far(evidence[fid], far_share):
                theirs[i] = True
    return theirs


def approachable(profiles: Sequence[Profile], parts: Sequence[Part], taxonomy: Taxonomy) -> int:
    """How many funders of the parts at least one of the profiles is not ruled out by."""
    total = 0
    for source, keep in parts:
        if isinstance(source, LargePart):
            open_to_one = np.zeros(len(source), dtype=np.bool_)
            for profile in profiles:
                open_to_one |= ~_excluded(profile, source, taxonomy)
            total += int(np.count_nonzero(np.asarray(keep, dtype=np.bool_) & open_to_one))
        else:
            total += sum(
                1
                for funder, kept in zip(source, keep, strict=True)
                if kept and any(not exclusions(p, funder, taxonomy) for p in profiles)
            )
    return total


def _theme_columns(profile: Profile, part: LargePart, taxonomy: Taxonomy) -> tuple[Any, Any]:
    """(coverage, focus) of every funder, as in `scoring.theme_part`."""
    n = len(part)
    wanted = profile.theme_confidences()
    total = sum(wanted.values())
    ids, counts = part.theme_list, part.theme_count
    got = np.zeros(n)
    related = np.zeros(len(part.theme_ids) + 1, dtype=bool)  # the last: no theme
    for want, conf in wanted.items():
        credit = np.zeros(len(part.theme_ids) + 1, dtype=np.float32)
        credit[:-1] = [taxonomy.theme_credit(want, t) for t in part.theme_ids]
        related |= credit > 0
        got += conf * credit[ids].max(axis=0)  # its best credit among the funder's themes
    coverage = got / total if total > 0 else np.zeros(n)
    near = related[ids].sum(axis=0, dtype=np.float32)
    focus = np.where(counts > 0, near / np.maximum(counts, 1), 0.0)
    return np.round(coverage, 12), focus


def _positions(part: LargePart, ids: Any) -> tuple[Any, list[str]]:
    """Where in the part the funders of `ids` (those it has) are: found by id in the ids'
    order, and remembered for the same `ids` (a profile's evidence, read three times)."""
    from bisect import bisect_left

    held = part.__dict__.get("_positions")
    if held is not None and held[0] is ids:
        return held[1]  # type: ignore[no-any-return]
    order, every = part.id_order, part.ids
    found: list[tuple[int, str]] = []
    for fid in ids:
        at = bisect_left(order, fid, key=lambda i: every[i])
        if at < len(order) and every[order[at]] == fid:
            found.append((int(order[at]), fid))
    result = np.asarray([i for i, _f in found], dtype=np.int64), [f for _i, f in found]
    part.__dict__["_positions"] = (ids, result)
    return result


def _access_columns(
    profile: Profile, part: LargePart, taxonomy: Taxonomy, evidence: Mapping[str, Evidence] | None
) -> tuple[Any, Any, Any]:
    """(access fit, registration confirmed, registered far) of every funder, as in `scoring`."""
    org = profile.organisation
    reg_by_group = np.zeros(len(part.rule_groups))
    known_by_group = np.zeros(len(part.rule_groups), dtype=bool)
    for g, rule in enumerate(part.rule_groups):
        if rule is None:
            reg_by_group[g] = REG_UNKNOWN
        elif ANY in rule or org.registered_in is not None:
            reg_by_group[g], known_by_group[g] = REG_MET, True
        else:
            reg_by_group[g] = REG_UNCHECKED
    reg = reg_by_group[part.rule_group]
    confirmed = known_by_group[part.rule_group]
    far = np.zeros(len(part), dtype=bool)
    if evidence:
        pos, ids = _positions(part, evidence)
        for i, fid in zip(pos.tolist(), ids, strict=True):
            if part.rule_groups[part.rule_group[i]] is None:
                read = registration_from_history(evidence[fid])
                if read is not None:
                    reg[i] = read
                far[i] = grantees_far(evidence[fid])  # the rule is not published
    if org.org_type is None:
        types = np.where(part.org_known, TYPES_UNCHECKED, TYPES_UNKNOWN)
    else:
        own = (part.org_mask & (1 << ORG_TYPES.index(org.org_type))) != 0
        types = np.where(part.org_known, np.where(own, 1.0, TYPES_FAMILY), TYPES_UNKNOWN)
    only_women = part.req_women & (not women_focused(profile))  # as `scoring.women_only`
    narrow = np.where(only_women, NARROW_CIRCLE, 1.0)
    far = far | only_women
    return np.round(access_fit(reg, types, narrow), 4), confirmed, far


def bulk_scores(
    profile: Profile,
    part: LargePart,
    taxonomy: Taxonomy,
    today: date,
    evidence: Mapping[str, Evidence] | None = None,
) -> tuple[Any, Any, Any]:
    """(excluded, score 0-100, theme fit) for every funder of the part."""
    n = len(part)
    weights = profile.weights.as_dict()
    fits: dict[str, Any] = {}
    # themes
    coverage, focus = _theme_columns(profile, part, taxonomy)
    folded = _folded_themes(profile)
    if folded and part.keywords:
        related = _memo(part, ("keywords", folded))
        if related is None:  # the same for every profile with these theme words
            prime_keywords(profile, part.keywords)
            hits = np.asarray([_keyword_related(k, folded) for k in part.keywords], dtype=np.int64)
            related = _memo(
                part, ("keywords", folded), _segment_any(hits[part.kw_ids], part.kw_ptr)
            )
    else:
        related = np.zeros(n, dtype=bool)
    keyword = related.astype(float)
    if profile.keywords:
        keyword = np.maximum(keyword, _text_fit(profile, part))
    theme = np.round(theme_fit(coverage, focus, keyword), 4)
    fits["themes"] = theme
    # regions
    if profile.regions:
        per_want = []
        for want in profile.regions:
            fit = _memo(part, ("region", want))
            if fit is None:  # the same for every profile working there
                by_place = np.asarray([_place_fit(want, [p], taxonomy)[0] for p in part.places])
                fit = np.maximum.reduceat(by_place[part.reg_ids], part.reg_ptr[:-1])
                _memo(part, ("region", want), fit)
            per_want.append(fit)
        stacked = np.vstack(per_want)
        fits["regions"] = combine_regions(stacked.max(axis=0), stacked.mean(axis=0))
    # size
    need = profile.need.amount_eur
    if need is not None:
        gmin, gmax = part.grant_min, part.grant_max
        months = np.where(np.isnan(part.months), float(DEFAULT_MONTHS), part.months)
        per_year = yearly(gmax, months)
        with np.errstate(invalid="ignore"):
            small = ~np.isnan(gmin) & (need < gmin)
            partly = ~small & ~np.isnan(per_year) & (need > per_year)
        floor_only = ~small & ~partly & np.isnan(per_year)
        size = np.where(
            small,
            SIZE_UNDER_MIN,
            np.where(partly, per_year / need, np.where(floor_only, SIZE_FLOOR_ONLY, 1.0)),
        )
        if profile.organisation.annual_budget_eur is not None:
            bounded = ~np.isnan(part.budget_min) | ~np.isnan(part.budget_max)
            size = np.where(bounded, with_budget_bound(size), size)
        unknown = np.isnan(gmin) & np.isnan(gmax)
        fits["size"] = np.where(unknown, 0.0, np.round(size, 4))  # as `_need_part` rounds
    if evidence:
        near = np.full(n, np.nan)
        pos, ids = _positions(part, evidence)
        near[pos] = [
            np.nan if evidence[f].size_near is None else evidence[f].size_near for f in ids
        ]
        known = ~np.isnan(near)
        if known.any():
            if "size" in fits:
                fits["size"] = np.where(
                    known, np.round(size_fit(fits["size"], near), 4), fits["size"]
                )
            else:
                fits["size"] = near  # NaN: not judged for that funder
    # forms
    forms, core = profile.need.forms, profile.need.core
    if forms or core:
        form_fit = core_fit = None
        if forms:
            mask = sum(1 << FORMS.index(f) for f in forms)
            form_fit = ((part.forms_mask & mask) != 0).astype(float)
        if core:
            core_fit = (part.core == 1).astype(float)
        if form_fit is not None and core_fit is not None:
            fits["forms"] = combine_forms(form_fit, core_fit)
        else:
            fits["forms"] = form_fit if form_fit is not None else core_fit
    # timing
    counts = np.diff(part.dl_ptr)
    last = np.where(
        counts > 0, part.dl_vals[np.maximum(part.dl_ptr[1:] - 1, 0)] if len(part.dl_vals) else 0, 0
    )
    ahead = (counts > 0) & (last >= today.toordinal())
    access = part.access
    fits["timing"] = np.select(
        [ahead, access == ACCESS_CODES["rolling"], access == ACCESS_CODES["invitation_only"], counts > 0,
         access == ACCESS_CODES["open_call"]],
        [TIMING_DEADLINE, TIMING_ROLLING, TIMING_INVITATION, TIMING_PASSED, TIMING_OPEN],
        0.0,
    )  # fmt: skip
    if len(part.call_kind):
        known, estimated = _call_deadlines(part, today)
        timing = np.where(estimated, TIMING_ESTIMATED, fits["timing"])
        timing = np.where(known | ahead, TIMING_DEADLINE, timing)
        fits["timing"] = timing
    fits["timing"] = np.where(part.dormant, TIMING_DORMANT, fits["timing"])
    # who may apply
    fits["access"], confirmed, far = _access_columns(profile, part, taxonomy, evidence)
    # history
    history = np.zeros(n)
    if evidence is not None:
        history = np.full(n, NO_HISTORY_FIT)
        pos, ids = _positions(part, evidence)
        history[pos] = [evidence[fid].fit for fid in ids]
        fits["history"] = history
    total = sum(weights[k] * ~np.isnan(v) for k, v in fits.items())
    earned = sum(weights[k] * np.nan_to_num(v) for k, v in fits.items())
    with np.errstate(invalid="ignore", divide="ignore"):
        score = np.where(total > 0, 100.0 * earned / np.where(total > 0, total, 1.0), 0.0)
    stale = _stale(part, today)
    score = np.where(stale, score * STALE_FACTOR, score)
    score = calibrate(score, history, confirmed, far, theme if weights["themes"] > 0 else 1.0)
    return _excluded(profile, part, taxonomy), score, theme


def _call_deadlines(part: LargePart, today: date) -> tuple[Any, Any]:
    """Per funder: a stated call deadline ahead; an estimated one (a recurring call always
    has a next date within a year, as in `scoring.next_deadline`)."""
    kind = part.call_kind
    stated = (kind == 0) & (part.call_ord >= today.toordinal())
    recurring = kind != 0
    owners = np.repeat(np.arange(len(part)), np.diff(part.call_ptr))
    known = np.zeros(len(part), dtype=bool)
    estimated = np.zeros(len(part), dtype=bool)
    known[owners[stated]] = True
    estimated[owners[recurring]] = True
    return known, estimated


def _text_fit(profile: Profile, part: LargePart) -> Any:
    """`retrieval.bm25` of the profile's free keywords for every funder of the part."""
    from fundfinder.rank.retrieval import K1, B, query_tokens, reference

    ref = reference()
    query = query_tokens(profile.keywords)
    length = np.diff(part.tok_ptr).astype(float)
    norm = K1 * (1 - B + B * length / ref.avg_len)
    got = np.zeros(len(part))
    best = 0.0
    for token in query:
        idf = ref.idf(token)
        best += idf * (K1 + 1)
        tid = part.tok_vocab.get(token)
        if tid is None:
            continue
        at = np.flatnonzero(part.tok_ids == tid)  # each occurrence, and whose it is
        owner = np.searchsorted(part.tok_ptr, at, side="right") - 1
        tf = np.bincount(owner, minlength=len(part)).astype(float)
        got += idf * tf * (K1 + 1) / (tf + norm)
    return np.round(got / best, 4) if best > 0 else got


Part = tuple[Sequence[Funder] | LargePart, Any]  # (funders or compiled part, keep mask)


class RankedView(Sequence[Match]):
    """The ranked matches: the first few exact at once; reading further ranks more of them
    exactly (at least as many again: `more(n)` gives the exact first n), and reading them all
    ranks the whole list."""

    def __init__(
        self, top: tuple[Match, ...], count: int, more: Callable[[int], tuple[Match, ...]]
    ) -> None:
        self._top, self._count, self._more = top, count, more

    def _first(self, n: int) -> tuple[Match, ...]:
        """At least the first `n` (all, if there are fewer), exactly."""
        n = min(n, self._count)
        if len(self._top) < n:
            self._top = self._more(min(self._count, max(n, 2 * len(self._top))))
        return self._top

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, index: int) -> Match: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[Match, ...]: ...
    def __getitem__(self, index: int | slice) -> Match | tuple[Match, ...]:
        if isinstance(index, slice):
            positions = range(*index.indices(self._count))
            if not positions:
                return ()
            items = self._first(max(positions) + 1)
            if positions.step == 1:
                return items[positions.start : positions.stop]
            return tuple(items[i] for i in positions)
        if -self._count <= index < 0:
            index += self._count
        if not 0 <= index < self._count:
            raise IndexError(index)
        return self._first(index + 1)[index]

    def __iter__(self) -> Iterator[Match]:
        return iter(self._first(self._count))

    def __bool__(self) -> bool:
        return self._count > 0


class ExcludedView(Sequence[Excluded]):
    """Excluded funders in name order; sorted, and each made with its reasons, when first read."""

    def __init__(
        self,
        refs: list[tuple[str, str, Callable[[], Excluded]]],
        lazy: Sequence[tuple[LargePart, Any, Callable[[int], Excluded]]] = (),
    ) -> None:
        self._refs = refs
        self._lazy = list(lazy)
        self._count = len(refs) + sum(len(indices) for _p, indices, _m in self._lazy)
        self._sorted = False
        self._every: list[tuple[str, str, Callable[[], Excluded] | None, Any]] = []

    def _entries(self) -> Iterator[tuple[str, str, Callable[[], Excluded] | None, Any]]:
        """(name folded, id, ...) of every excluded funder, made only when asked for."""
        for key, fid, make in self._refs:
            yield key, fid, make, None
        for part, indices, make_at in self._lazy:
            names, ids = part.names, part.ids
            for i in indices.tolist():
                yield names[i].casefold(), ids[i], None, (make_at, i)

    def _head_entries(
        self, count: int
    ) -> Iterator[tuple[str, str, Callable[[], Excluded] | None, Any]]:
        """The entries that can be among the first `count` in name order: every plain one, and
        of each compiled part its first `count` by the name order compiled with it."""
        for key, fid, make in self._refs:
            yield key, fid, make, None
        for part, indices, make_at in self._lazy:
            if len(indices) > count > 0:
                indices = indices[np.argpartition(part.name_rank[indices], count - 1)[:count]]
            elif count <= 0:
                continue
            names, ids = part.names, part.ids
            for i in indices.tolist():
                yield names[i].casefold(), ids[i], None, (make_at, i)

    @staticmethod
    def _made(entry: tuple[str, str, Callable[[], Excluded] | None, Any]) -> Excluded:
        if entry[2] is not None:
            return entry[2]()
        make_at, i = entry[3]
        return make_at(i)  # type: ignore[no-any-return]

    def _all(self) -> list[tuple[str, str, Callable[[], Excluded] | None, Any]]:
        if not self._sorted:
            self._every = sorted(self._entries(), key=lambda r: (r[0], r[1]))
            self._sorted = True
        return self._every

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, index: int) -> Excluded: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[Excluded, ...]: ...
    def __getitem__(self, index: int | slice) -> Excluded | tuple[Excluded, ...]:
        if isinstance(index, slice):
            start, stop, step = index.indices(self._count)
            if not self._sorted and start == 0 and step == 1 and stop <= HEAD:
                # the first few in name order (a report's --top): no need to sort them all
                from heapq import nsmallest

                head = nsmallest(stop, self._head_entries(stop), key=lambda r: (r[0], r[1]))
                return tuple(self._made(r) for r in head)
            return tuple(self._made(r) for r in self._all()[index])
        return self._made(self._all()[index])

    def __bool__(self) -> bool:
        return self._count > 0


def _memo(part: LargePart, key: Any, value: Any = None) -> Any:
    """What a run works out once per part for the profiles it ranks (the organisation, then
    its partners): the value held under `key`, after storing `value` if one is given."""
    held: dict[Any, Any] = part.__dict__.setdefault("_memo", {})
    if value is not None:
        held[key] = value
    return held.get(key)


def _stale(part: LargePart, today: date) -> Any:
    """Which funders' entries are stale on `today` (once a run)."""
    stale = _memo(part, ("stale", today))
    if stale is None:
        judged = np.array([stale_as_of(a, today) for a in part.as_of_dates], dtype=bool)
        stale = _memo(part, ("stale", today), judged[part.as_of_code])
    return stale


def rank_parts(
    profile: Profile,
    parts: Sequence[Part],
    taxonomy: Taxonomy,
    today: date,
    want: int,
    evidence: Mapping[str, Evidence] | None = None,
) -> tuple[RankedView, ExcludedView]:
    """Rank funders spread over plain and compiled parts; exact for the top `want`."""
    candidates, count, refs, lazy = _ranked(profile, parts, taxonomy, today, want, evidence)

    def more(n: int) -> tuple[Match, ...]:
        return as_matches(top_scored(profile, parts, taxonomy, today, n, evidence))

    return RankedView(as_matches(candidates[:want]), count, more), ExcludedView(refs, lazy)


def top_scored(
    profile: Profile,
    parts: Sequence[Part],
    taxonomy: Taxonomy,
    today: date,
    want: int,
    evidence: Mapping[str, Evidence] | None = None,
) -> list[Scored]:
    """The top `want` funders of the parts, exactly scored, best first."""
    return _ranked(profile, parts, taxonomy, today, want, evidence)[0][:want]


def _ranked(
    profile: Profile,
    parts: Sequence[Part],
    taxonomy: Taxonomy,
    today: date,
    want: int,
    evidence: Mapping[str, Evidence] | None,
) -> tuple[
    list[Scored],
    int,
    list[tuple[str, str, Callable[[], Excluded]]],
    list[tuple[LargePart, Any, Callable[[int], Excluded]]],
]:
    """(the exactly scored candidates for the top `want`, best first; how many funders are
    not ruled out; the plain parts' exclusions; the compiled parts' excluded funders)."""
    exact: list[Scored] = []
    refs: list[tuple[str, str, Callable[[], Excluded]]] = []
    bulk: list[tuple[LargePart, Any, Any]] = []  # (part, candidate indices, their scores)
    lazy: list[tuple[LargePart, Any, Callable[[int], Excluded]]] = []
    count = 0
    for source, keep in parts:
        if isinstance(source, LargePart):
            excluded, score, _theme = bulk_scores(profile, source, taxonomy, today, evidence)
            matched = np.flatnonzero(keep & ~excluded)
            count += len(matched)
            bulk.append((source, matched, score[matched]))
            lazy.append(
                (
                    source,
                    np.flatnonzero(keep & excluded),
                    _excluded_maker(profile, source, taxonomy),
                )
            )
            continue
        for funder, kept in zip(source, keep, strict=True):
            if not kept:
                continue
            ruled_out = exclusions(profile, funder, taxonomy)
            if ruled_out:
                refs.append(
                    (
                        funder.name.casefold(),
                        funder.id,
                        _constant(Excluded(funder, tuple(ruled_out))),
                    )
                )
            else:
                exact.append(score_funder(profile, funder, taxonomy, today, evidence))
                count += 1
    scores = [np.asarray([s.score for s in exact])] + [sc for _p, _m, sc in bulk]
    every = np.concatenate(scores) if scores else np.zeros(0)
    if len(every) > want:
        threshold = float(np.partition(every, len(every) - want)[len(every) - want]) - MARGIN
    else:
        threshold = -np.inf
    candidates = [s for s in exact if s.score >= threshold]
    for part, matched, sc in bulk:
        for i in matched[sc >= threshold].tolist():
            candidates.append(score_funder(profile, part.funder(i), taxonomy, today, evidence))
    candidates.sort(key=order_key)
    return candidates, count, refs, lazy


def _constant(value: Excluded) -> Callable[[], Excluded]:
    return lambda: value


def _excluded_maker(
    profile: Profile, part: LargePart, taxonomy: Taxonomy
) -> Callable[[int], Excluded]:
    def make(i: int) -> Excluded:
        funder = part.funder(i)
        return Excluded(funder, tuple(exclusions(profile, funder, taxonomy)))

    return make
