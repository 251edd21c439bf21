"""The second audience: funders that the organisation's partners abroad can approach directly.

After a Dutch cut, a real route is often not the Dutch organisation applying
itself but its partners in the countries of work applying to funders that give
only to locally registered, community or women-led groups. A funder belongs
here when the organisation itself may not apply because of where it is
registered, or when no rule is published and the funder's known grantees are
registered far from the organisation but near its partners. Each is scored as
if a partner registered in one of the countries of work applied, and ranked.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING

from fundfinder.models import Excluded, Funder, Match, Organisation, Profile
from fundfinder.rank.scoring import (
    Scored,
    as_matches,
    exclusions,
    grantees_far,
    order_key,
    score_funder,
)
from fundfinder.taxonomy import Taxonomy

if TYPE_CHECKING:
    from fundfinder.load.catalog import Catalog, Part
    from fundfinder.load.history import Evidence, History

MAX_PLACES = 6  # countries of work tried as a partner's registration
PARTNERS_EXACT = 60  # in a large database, funders for the partners scored exactly at once
FAR_SHARE = 0.34  # at most this share of known grantees registered near the organisation


def partner_places(profile: Profile, taxonomy: Taxonomy) -> tuple[str, ...]:
    """Where partners are taken to be registered: the countries (or regions) of work abroad."""
    own = profile.organisation.registered_in
    if profile.partners_abroad is False:
        return ()
    places = [p for p in profile.regions if p != own and p != "global"]
    countries = [p for p in places if taxonomy.is_country(p)]
    chosen = countries or [p for p in places if p in taxonomy.regions]
    return tuple(chosen[:MAX_PLACES])


def partner_profile(profile: Profile, place: str) -> Profile:
    org = Organisation(name=profile.organisation.name, registered_in=place)
    return profile._replace(organisation=org, finances=None)


def rank_partners(
    profile: Profile,
    catalog: Catalog,
    places: Sequence[str],
    taxonomy: Taxonomy,
    today: date,
    history: History | None,
    limit: int = PARTNERS_EXACT,
) -> Sequence[Match]:
    """Funders for the partners, best first.

    For each place of work, the funders the organisation itself cannot approach (see
    `partner_only`) are scored for a partner registered there, and kept at their best.
    In a large database only each place's top `limit` of them is scored exactly (the bulk
    ranking, kept to those funders): the list's first `limit` are exact, and the rest is
    worked out when read.
    """
    if not places:
        return ()
    own = history.evidence(profile) if history is not None else None

    def only_theirs(funder: Funder) -> bool:
        ev = None if own is None else own.get(funder.id)
        return partner_only(profile, funder, taxonomy, ev)

    partners = [partner_profile(profile, place) for place in places]
    evidence = [history.evidence(pp) if history is not None else None for pp in partners]
    if not catalog.has_large:
        small = [f for f in catalog.funders if only_theirs(f)]
        return _for_partners(partners, evidence, small, taxonomy, today)
    from fundfinder.rank.fastrank import RankedView, approachable, top_scored

    theirs = [_theirs(profile, part, taxonomy, own, only_theirs) for part in catalog.parts]

    def first(n: int) -> tuple[Match, ...]:
        """The first n exactly: each place's first n, kept at their best."""
        best: dict[str, Scored] = {}
        for pp, ev in zip(partners, evidence, strict=True):
            _keep_best(best, top_scored(pp, theirs, taxonomy, today, n, ev))
        return as_matches(sorted(best.values(), key=order_key)[:n])

    return RankedView(first(limit), approachable(partners, theirs, taxonomy), first)


def _for_partners(
    partners: Sequence[Profile],
    evidence: Sequence[Mapping[str, Evidence] | None],
    funders: Sequence[Funder],
    taxonomy: Taxonomy,
    today: date,
) -> tuple[Match, ...]:
    """Every funder that a partner in any place may approach, at its best score."""
    best: dict[str, Scored] = {}
    for pp, ev in zip(partners, evidence, strict=True):
        scored = [
            score_funder(pp, f, taxonomy, today, ev)
            for f in funders
            if not exclusions(pp, f, taxonomy)
        ]
        _keep_best(best, scored)
    return as_matches(sorted(best.values(), key=order_key))


def _keep_best(best: dict[str, Scored], found: Sequence[Scored]) -> None:
    for scored in found:
        held = best.get(scored.funder.id)
        if held is None or order_key(scored) < order_key(held):
            best[scored.funder.id] = scored


def _theirs(
    profile: Profile,
    part: Part,
    taxonomy: Taxonomy,
    own: Mapping[str, Evidence] | None,
    only_theirs: Callable[[Funder], bool],
) -> Part:
    """A part of the catalogue, kept to the funders only the partners can approach."""
    from fundfinder.load.index import LargePart

    source, keep = part
    if isinstance(source, LargePart):
        from fundfinder.rank.fastrank import partner_only_mask

        return source, keep & partner_only_mask(profile, source, taxonomy, own, FAR_SHARE)
    return source, [k and only_theirs(f) for f, k in zip(source, keep, strict=True)]


def partner_only(
    profile: Profile, funder: Funder, taxonomy: Taxonomy, evidence: Evidence | None
) -> bool:
    """A funder the organisation cannot approach itself but its partners can: it excludes
    the organisation only for where it is registered, or it publishes no rule and its
    known grantees are registered far from the organisation."""
    reasons = exclusions(profile, funder, taxonomy)
    if reasons:
        return _only_registration(Excluded(funder, tuple(reasons)))
    return funder.eligibility.registered_in is None and grantees_far(evidence, FAR_SHARE)


def _only_registration(e: Excluded) -> bool:
    keys = {r.key for r in e.reasons}
    return keys == {"excl.registration"} or keys == {"excl.registration", "excl.org_type"}
