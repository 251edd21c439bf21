"""The machine-readable report of DESIGN.md (`--format json`)."""

from __future__ import annotations

import json
from typing import Any

from fundfinder.i18n import say_all
from fundfinder.models import Match, Report
from fundfinder.taxonomy import Taxonomy


def match_to_dict(match: Match, lang: str, taxonomy: Taxonomy) -> dict[str, Any]:
    f = match.funder
    g = f.grant
    return {
        "rank": match.rank,
        "id": f.id,
        "name": f.name,
        "type": f.type,
        "score": match.score,
        "breakdown": dict(match.breakdown),
        "reasons": say_all(match.reasons, lang, taxonomy),
        "flags": say_all(match.flags, lang, taxonomy),
        "grant": {
            "min_eur": g.min_eur,
            "max_eur": g.max_eur,
            "typical_months": g.typical_months,
            "core_support": g.core_support,
            "cofinancing_pct": g.cofinancing_pct,
        },
        "url": f.url,
        "access": f.access,
        "deadlines": [d.isoformat() for d in f.deadlines],
        "as_of": f.as_of,
        "sources": list(f.sources),
    }


def report_to_dict(report: Report, taxonomy: Taxonomy) -> dict[str, Any]:
    lang = report.lang
    profile = report.profile
    return {
        "profile": {
            "name": profile.organisation.name,
            "registered_in": profile.organisation.registered_in,
            "themes": list(profile.theme_ids),
            "regions": list(profile.regions),
            "need_eur": profile.need.amount_eur,
        },
        "matches": [match_to_dict(m, lang, taxonomy) for m in report.matches],
        "excluded": [
            {
                "id": e.funder.id,
                "name": e.funder.name,
                "reasons": say_all(e.reasons, lang, taxonomy),
            }
            for e in report.excluded
        ],
        "diagnosis": _plain(report.diagnosis),
        "funding_forms": [_plain(x) for x in report.funding_forms],
        "checklist": [_plain(x) for x in report.checklist],
        "database": {
            "funders": report.database.funders,
            "files": list(report.database.files),
            "oldest_as_of": report.database.oldest_as_of,
        },
        "generated": report.today.isoformat(),
        "lang": lang,
    }


def _plain(value: Any) -> Any:
    if value is None:
        return None
    to_dict = getattr(value, "to_dict", None)
    return to_dict() if callable(to_dict) else value


def render_json(report: Report, taxonomy: Taxonomy) -> str:
    return json.dumps(report_to_dict(report, taxonomy), ensure_ascii=False, indent=2) + "\n"
