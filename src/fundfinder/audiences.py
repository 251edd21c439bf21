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

from fundfinder.models import Excluded, Match, Organisation, Profile
from fundfinder.scoring import (
    REG_HISTORY_MIN,
    Scored,
    as_matches,
    exclusions,
    order_key,
    score_funder,
)
from fundfinder.taxonomy import Taxonomy

if TYPE_CHECKING:
    from fundfinder.history import History

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
    excluded: Sequence[Excluded],
    matches: Sequence[Match],
    places: Sequence[str],
    taxonomy: Taxonomy,
    today: date,
    history: History | None,
    limit: int = 200,
) -> tuple[Match, ...]:
    """Funders for the partners, best first (at most `limit` looked at from the matches)."""
    if not places:
        return ()
    candidates = [e.funder for e in excluded if _only_registration(e)]
    if history is not None and profile.organisation.registered_in:
        own = history.evidence(profile)
        for m in list(matches[:limit]):
            ev = own.get(m.funder.id)
            rules = m.funder.eligibility
            if (
                rules.registered_in is None
                and ev is not None
                and ev.same_registration is not None
                and sum(n for _c, n in ev.registered) >= REG_HISTORY_MIN
                and ev.same_registration <= FAR_SHARE
            ):
                candidates.append(m.funder)
    if not candidates:
        return ()
    best: dict[str, Scored] = {}
    for place in places:
        pp = partner_profile(profile, place)
        evidence = history.evidence(pp) if history is not None else None
        for funder in candidates:
            if exclusions(pp, funder, taxonomy):
                continue
            scored = score_funder(pp, funder, taxonomy, today, evidence)
            held = best.get(funder.id)
            if held is None or order_key(scored) < order_key(held):
                best[funder.id] = scored
    return as_matches(sorted(best.values(), key=order_key))


def _only_registration(e: Excluded) -> bool:
    keys = {r.key for r in e.reasons}
    return keys == {"excl.registration"} or keys == {"excl.registration", "excl.org_type"}
