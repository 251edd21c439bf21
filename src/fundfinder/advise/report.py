"""Assemble a Report: the ranked matches plus what the rest of the core adds."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from fundfinder.advise.advice import build_checklist, facts_for, rank_forms
from fundfinder.advise.diagnosis import diagnose
from fundfinder.load.catalog import Catalog
from fundfinder.models import Excluded, Match, Profile, Report
from fundfinder.rank.audiences import PARTNERS_EXACT, partner_places, rank_partners
from fundfinder.rank.scoring import rank
from fundfinder.taxonomy import Taxonomy


def build_report(
    profile: Profile,
    catalog: Catalog,
    taxonomy: Taxonomy,
    today: date,
    lang: str | None = None,
    want: int = 100,
) -> Report:
    """`want`: how many matches, and funders for the partners, must be exact at once (more
    are computed when read)."""
    matches: Sequence[Match]
    excluded: Sequence[Excluded]
    history = catalog.history
    evidence = history.evidence(profile)
    if catalog.has_large:
        from fundfinder.rank.fastrank import rank_parts

        matches, excluded = rank_parts(profile, catalog.parts, taxonomy, today, want, evidence)
    else:
        matches, excluded = rank(profile, catalog.funders, taxonomy, today, evidence)
    places = partner_places(profile, taxonomy)
    partners = rank_partners(
        profile, catalog, places, taxonomy, today, history, limit=min(want, PARTNERS_EXACT)
    )
    diagnosis = diagnose(profile.finances, today) if profile.finances else None
    facts = facts_for(profile, diagnosis)
    return Report(
        profile=profile,
        matches=matches,
        excluded=excluded,
        database=catalog.info()._replace(grants=len(history)),
        today=today,
        lang=lang or profile.lang,
        diagnosis=diagnosis,
        funding_forms=rank_forms(profile, diagnosis),
        checklist=build_checklist(profile, diagnosis),
        checklist_note=facts.positions_at_risk if facts.positions_estimated else None,
        partners=partners,
        partner_places=places,
    )
