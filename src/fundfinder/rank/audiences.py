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

from collections.abc import Sequence
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
    from fundfinder.load.catalog import Catalog
    from fundfinder.load.history import Evidence, History

MAX_PLACES = 6  # countries of work tried as a partner's registration
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
    limit: int = 60,
) -> tuple[Match, ...]:
    """Funders for the partners, best first.

    For each place of work, the funders the organisation itself cannot approach (see
    `partner_only`) are scored for a partner registered there, and kept at their best.
    In a large database only each partner's top `limit` (the bulk ranking) is looked at.
    """
    if not places:
        return ()
    own = history.evidence(profile) if history is not None else None

    def only_theirs(funder: Funder) -> bool:
        ev = None if own is None else own.get(funder.id)
        return partner_only(profile, funder, taxonomy, ev)

    small: list[Funder] = []
    if not catalog.has_large:  # few funders: every one the organisation cannot approach
        small = [f for f in catalog.funders if only_theirs(f)]
    best: dict[str, Scored] = {}
    for place in places:
        pp = partner_profile(profile, place)
        evidence = history.evidence(pp) if history is not None else None
        if catalog.has_large:
            from fundfinder.rank.fastrank import rank_parts

            ranked, _excluded = rank_parts(pp, catalog.parts, taxonomy, today, limit, evidence)
            candidates = [m.funder for m in ranked[:limit] if only_theirs(m.funder)]
        else:
            candidates = [f for f in small if not exclusions(pp, f, taxonomy)]
        for funder in candidates:
            scored = score_funder(pp, funder, taxonomy, today, evidence)
            held = best.get(funder.id)
            if held is None or order_key(scored) < order_key(held):
                best[funder.id] = scored
    return as_matches(sorted(best.values(), key=order_key))


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
