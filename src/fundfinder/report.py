"""Assemble a Report: the ranked matches plus what the rest of the core adds."""

from __future__ import annotations

from datetime import date

from fundfinder.catalog import Catalog
from fundfinder.models import Profile, Report
from fundfinder.scoring import rank
from fundfinder.taxonomy import Taxonomy


def build_report(
    profile: Profile,
    catalog: Catalog,
    taxonomy: Taxonomy,
    today: date,
    lang: str | None = None,
) -> Report:
    matches, excluded = rank(profile, catalog.funders, taxonomy, today)
    return Report(
        profile=profile,
        matches=matches,
        excluded=excluded,
        database=catalog.info(),
        today=today,
        lang=lang or profile.lang,
    )
