"""The machine-readable report of DESIGN.md (`--format json`)."""

from __future__ import annotations

import json
from typing import Any

from fundfinder.advise.diagnosis import diagnosis_to_dict
from fundfinder.i18n import say, say_all
from fundfinder.models import Match, Report
from fundfinder.render.common import text
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
        "history": [grant_to_dict(g) for g in match.history],
    }


def grant_to_dict(g: Any) -> dict[str, Any]:
    """One past grant (history.PastGrant) in the grants schema."""
    r = g.recipient
    return {
        "funder": g.funder,
        "recipient": {
            "name": r.name,
            "registered_in": r.registered_in,
            "org_type": r.org_type,
            "size_band": r.size_band,
            "themes": list(r.themes),
            "regions": list(r.regions),
        },
        "year": g.year,
        "amount_eur": g.amount_eur,
        "sources": list(g.sources),
    }


def report_to_dict(report: Report, taxonomy: Taxonomy, top: int | None = None) -> dict[str, Any]:
    """The report as plain data; `top` limits every list (None: all)."""
    lang = report.lang
    profile = report.profile
    return {
        "profile": {
            "name": profile.organisation.name,
            "registered_in": profile.organisation.registered_in,
            "themes": list(profile.theme_ids),
            "regions": list(profile.regions),
            "need_eur": profile.need.amount_eur,
            "phrases": [
                {"text": t.text, "theme": t.id, "confidence": t.confidence} for t in profile.themes
            ],
            "keywords": list(profile.keywords),
            "places": [{"text": t, "place": p, "how": how} for t, p, how in profile.places],
        },
        "matches": [match_to_dict(m, lang, taxonomy) for m in _head(report.matches, top)],
        "matches_total": len(report.matches),
        "partners": [match_to_dict(m, lang, taxonomy) for m in _head(report.partners, top)],
        "partners_total": len(report.partners),
        "partner_places": list(report.partner_places),
        "excluded": [
            {
                "id": e.funder.id,
                "name": e.funder.name,
                "reasons": say_all(e.reasons, lang, taxonomy),
            }
            for e in _head(report.excluded, top)
        ],
        "excluded_total": len(report.excluded),
        "diagnosis": (
            None
            if report.diagnosis is None
            else diagnosis_to_dict(report.diagnosis, lambda r: say(r, lang, taxonomy))
        ),
        "funding_forms": [
            {
                "rank": i,
                "id": a.id,
                "name": text(a.name, lang),
                "score": a.score,
                "timing": a.timing,
                "why": "; ".join(say_all(a.reasons, lang, taxonomy)),
                "has": list(a.has),
                "lacks": list(a.lacks),
                "unknown": list(a.unknown),
                "sources": list(a.sources),
            }
            for i, a in enumerate(report.funding_forms, start=1)
        ],
        "checklist": [
            {
                "id": c.id,
                "phase": c.phase,
                "owner": c.owner,
                "title": text(c.title, lang),
                "why": text(c.why, lang),
                "legal_basis": text(c.legal_basis, lang) or None,
                "sources": list(c.sources),
            }
            for c in report.checklist
        ],
        "positions_at_risk_estimated": report.checklist_note,
        "database": {
            "funders": report.database.funders,
            "files": list(report.database.files),
            "oldest_as_of": report.database.oldest_as_of,
            "grants": report.database.grants,
        },
        "generated": report.today.isoformat(),
        "lang": lang,
    }


def _head(items: Any, top: int | None) -> Any:
    return items if top is None else items[:top]


def render_json(report: Report, taxonomy: Taxonomy, top: int | None = None) -> str:
    data = report_to_dict(report, taxonomy, top)
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
