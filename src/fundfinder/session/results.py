"""The results part of the session without terminal I/O: filters, finding a
funder by rank, id or name, reading weights, and the shortlist as it stands.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from rapidfuzz import fuzz, process

from fundfinder.i18n import FORM_LABELS, label
from fundfinder.load.catalog import Catalog
from fundfinder.load.profile import WEIGHT_KEYS
from fundfinder.models import Funder, Match, Report
from fundfinder.session.export import Picked
from fundfinder.session.steps import normal_form, probe
from fundfinder.session.texts import t
from fundfinder.taxonomy import GLOBAL, Taxonomy
from fundfinder.textnorm import fold

OPEN_ACCESS = ("open_call", "rolling")
ACCEPT_NAME_SCORE = 88.0
SUGGEST_NAME_SCORE = 60.0
WEIGHT_ALIASES = {
    "theme": "themes",
    "thema": "themes",
    "themas": "themes",
    "thema's": "themes",
    "region": "regions",
    "regio": "regions",
    "regios": "regions",
    "regio's": "regions",
    "omvang": "size",
    "form": "forms",
    "vormen": "forms",
    "vorm": "forms",
    "tijd": "timing",
    "toegang": "access",
    "geschiedenis": "history",
    "eerdere": "history",
}


def visible(report: Report, filters: dict[str, Any], taxonomy: Taxonomy) -> list[Match]:
    """The matches that pass the session's filters (ranks unchanged)."""
    result: list[Match] = []
    region = filters.get("region")
    form = filters.get("form")
    minimum = filters.get("min")
    for m in report.matches:
        f = m.funder
        if filters.get("open") and f.access not in OPEN_ACCESS:
            continue
        if form and form not in f.forms:
            continue
        if region and not any(r == GLOBAL or taxonomy.overlaps(r, region) for r in f.regions):
            continue
        if minimum is not None and m.score < float(minimum):
            continue
        result.append(m)
    return result


def describe_filters(filters: dict[str, Any], taxonomy: Taxonomy, lang: str) -> str:
    parts = []
    if filters.get("open"):
        parts.append(t("filter_open", lang))
    if filters.get("form"):
        form = filters["form"]
        shown = label(FORM_LABELS, form, lang) if form in FORM_LABELS else form
        parts.append(t("filter_form", lang, value=shown))
    if filters.get("region"):
        parts.append(t("filter_region", lang, value=taxonomy.place_label(filters["region"], lang)))
    if filters.get("min") is not None:
        parts.append(t("filter_min", lang, value=f"{float(filters['min']):g}"))
    return "; ".join(parts)


def apply_filter(
    filters: dict[str, Any], args: str, taxonomy: Taxonomy, lang: str
) -> tuple[dict[str, Any], str | None]:
    """New filters from `filter ARGS`, or the old ones and an error message."""
    kind, _, value = args.strip().partition(" ")
    kind, value = kind.casefold(), value.strip()
    usage = t("usage", lang, usage="filter open | form X | region X | min N | clear")
    new = dict(filters)
    if kind in ("clear", "off", "none", "wis"):
        return {}, None
    if kind in ("open", "rolling"):
        new["open"] = True
        return new, None
    if kind in ("form", "vorm") and value:
        form = normal_form(value)
        if form is None:
            return filters, t("unknown_form", lang, text=value)
        new["form"] = form
        return new, None
    if kind in ("region", "regio") and value:
        hit = taxonomy.resolve_place(value)
        if hit.id is None:
            hint = ""
            if hit.suggestions:
                hint = " " + t("did_you_mean", lang, options=", ".join(hit.suggestions))
            return filters, t("unknown_place", lang, text=value) + hint
        new["region"] = hit.id
        return new, None
    if kind in ("min", "score") and value:
        try:
            number = float(value.replace(",", "."))
        except ValueError:
            return filters, usage
        if not 0 <= number <= 100:
            return filters, usage
        new["min"] = number
        return new, None
    return filters, usage


def find_funder(text: str, report: Report, catalog: Catalog) -> tuple[Funder | None, str | None]:
    """A funder by rank (as shown), id, name or alias; else None and the closest id."""
    text = text.strip()
    if not text:
        return None, None
    if text.isdigit():
        rank = int(text)
        for m in report.matches:
            if m.rank == rank:
                return m.funder, None
        return None, None
    key = fold(text)
    names: list[str] = []
    owners: list[Funder] = []
    for f in catalog.funders:
        for name in (f.id, f.name, *f.aliases):
            if fold(name) == key:
                return f, None
            names.append(fold(name))
            owners.append(f)
    found = process.extract(key, names, scorer=fuzz.WRatio, limit=2)
    if found:
        _name, score, index = found[0]
        unique = len(found) == 1 or owners[found[1][2]] is owners[index] or found[1][1] < score
        if score >= ACCEPT_NAME_SCORE and unique:
            return owners[index], None
        if score >= SUGGEST_NAME_SCORE:
            return None, owners[index].id
    return None, None


def match_of(funder_id: str, report: Report) -> Match | None:
    for m in report.matches:
        if m.funder.id == funder_id:
            return m
    return None


def current_weights(profile: dict[str, Any]) -> dict[str, float]:
    from fundfinder.models import Weights

    values = Weights().as_dict()
    prefs = profile.get("preferences")
    if isinstance(prefs, dict) and isinstance(prefs.get("weights"), dict):
        for key, value in prefs["weights"].items():
            if key in values and isinstance(value, (int, float)):
                values[key] = float(value)
    return values


# The weights' names as the session writes them in each language (all are understood).
WEIGHT_NAMES_NL = {
    "themes": "thema's",
    "regions": "regio's",
    "size": "omvang",
    "forms": "vormen",
    "timing": "timing",
    "access": "toegang",
    "history": "geschiedenis",
}


def weight_names(lang: str) -> list[str]:
    return [WEIGHT_NAMES_NL[k] if lang == "nl" else k for k in WEIGHT_KEYS]


def describe_weights(values: dict[str, float], lang: str) -> str:
    """'themes 0.1, regions 0.1, ...' (Dutch: "thema's 0,1; regio's 0,1; ...")."""

    def number(v: float) -> str:
        text = f"{v:g}"
        return text.replace(".", ",") if lang == "nl" else text

    names = dict(zip(WEIGHT_KEYS, weight_names(lang), strict=True))
    separator = "; " if lang == "nl" else ", "
    return separator.join(f"{names[k]} {number(v)}" for k, v in values.items())


def parse_weights(
    args: str, profile: dict[str, Any], taxonomy: Taxonomy, lang: str
) -> tuple[dict[str, float] | None, str | None]:
    """Weights after `weights themes=0.5 ...` (validated like a profile file), or an error."""
    values = current_weights(profile)
    bad = t("weights_bad", lang, names=" ".join(weight_names(lang)))
    # a comma between two digits is a decimal comma (themes=0,6); any other separates
    tokens = [tok for tok in re.split(r"[\s;]+|,(?!\d)", args) if tok]
    if not tokens:
        return None, bad
    for token in tokens:
        name, sep, raw = token.partition("=")
        name = WEIGHT_ALIASES.get(name.casefold(), name.casefold())
        if not sep or name not in WEIGHT_KEYS:
            return None, bad
        try:
            values[name] = float(raw.replace(",", "."))
        except ValueError:
            return None, bad
    _profile, problem = probe(("preferences", "weights"), values, taxonomy, lang)
    if problem:
        return None, t("invalid", lang, detail=problem)
    return {k: round(v, 4) for k, v in values.items()}, None


def picked(shortlist: Sequence[dict[str, str]], report: Report, catalog: Catalog) -> list[Picked]:
    """The shortlist as it stands in the current report (funders gone from the data skipped)."""
    result: list[Picked] = []
    for item in shortlist:
        funder = catalog.get(item["id"])
        if funder is None:
            continue
        m = match_of(funder.id, report)
        result.append(
            Picked(
                funder=funder,
                note=item.get("note", ""),
                rank=m.rank if m else None,
                score=m.score if m else None,
            )
        )
    return result
