"""Organisation profiles: read, validate and resolve onto the taxonomy.

Keys are English; values may be English or Dutch. Free-text themes and places
are mapped onto taxonomy ids; anything unknown is reported with the closest
suggestions rather than dropped.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fundfinder.errors import InputFileError, ProfileError, problems_heading
from fundfinder.load.fields import Checker
from fundfinder.load.yamlsafe import PROFILE_MAX_BYTES, YMap, read_yaml_file
from fundfinder.messages import Both, Msg, msg, table
from fundfinder.models import (
    FORMS,
    INCOME_SOURCES,
    LANGS,
    ORG_TYPES,
    Finances,
    Need,
    Organisation,
    Profile,
    ThemeInput,
    Weights,
)
from fundfinder.taxonomy import Resolution, Taxonomy, load_taxonomy

TOP_KEYS = ("organisation", "themes", "regions", "need", "finances", "preferences", "lang")
ORG_KEYS = (
    "name",
    "registered_in",
    "org_type",
    "legal_form",
    "annual_budget_eur",
    "staff_fte",
    "anbi",
    "cbf_recognised",
    "partners_abroad",
)
NEED_KEYS = ("amount_eur", "duration_months", "forms", "core")
FINANCE_KEYS = (
    "income_eur",
    "lost_income_eur",
    "lost_from",
    "reserves_eur",
    "expenses_eur",
    "admin_costs_eur",
    "works_council",
    "positions_at_risk",
)
PREFERENCE_KEYS = ("exclude", "weights")
WEIGHT_KEYS = ("themes", "regions", "size", "forms", "timing", "access", "history")

# Dutch (and informal) names of funding forms.
FORM_SYNONYMS = {
    "subsidie": "grant",
    "subsidies": "grant",
    "gift": "grant",
    "donatie": "grant",
    "grants": "grant",
    "lening": "loan",
    "leningen": "loan",
    "loans": "loan",
    "krediet": "loan",
    "aandelen": "equity",
    "investering": "equity",
    "investment": "equity",
    "garantie": "guarantee",
    "borgstelling": "guarantee",
    "verdubbeling": "matchfunding",
    "match_funding": "matchfunding",
    "match": "matchfunding",
    "in_natura": "in_kind",
    "inkind": "in_kind",
    "prijs": "prize",
    "award": "prize",
    "prijzen": "prize",
    "crowdfunding_campaign": "crowdfunding",
}


PROFILE = table(
    "profile",
    {
        "empty": "{path}: the file is empty; `fundfinder profile new` writes a template",
        "not_mapping": (
            "{path}: expected a mapping with organisation, themes and regions at the top"
        ),
        "organisation_required": "is required (with at least a name)",
        "name_required": "needs at least a name",
        "closest": "; closest: {names}",
        "near_place": "; did you mean {name} ({country})?",
        "unknown_country": "unknown country '{text}'{hint}",
        "unknown_theme": "unknown theme '{text}'{hint}",
        "unknown_place": "unknown country or region '{text}'{hint}",
        "unknown_form": "unknown form '{text}'{hint}; valid: {valid}",
        "no_weight": "at least one weight must be above 0",
    },
)


def _closest(names: tuple[str, ...], taxonomy: Taxonomy) -> Msg | str:
    """'; closest: Albania, Armenia' with each name in the reader's language."""
    if not names:
        return ""
    dutch = _dutch_names(taxonomy)
    return msg("profile.closest", names=[Both(n, dutch.get(n, n)) for n in names])


def _place_hint(text: str, hit: Resolution, taxonomy: Taxonomy) -> Msg | str:
    """A province, district or named place one letter from an unread place, or else the
    countries and regions closest to it (none is within one letter: that would have been
    read as a typo)."""
    from fundfinder.understand.places import suggest_place

    near = suggest_place(text, taxonomy)
    if near is not None:
        name, code = near
        country = Both(taxonomy.place_label(code), taxonomy.place_label(code, "nl"))
        return msg("profile.near_place", name=name, country=country)
    return _closest(hit.suggestions, taxonomy)


def _dutch_names(taxonomy: Taxonomy) -> dict[str, str]:
    """English names of themes, regions and countries -> their Dutch names."""
    names = {t.en: t.nl for t in taxonomy.themes.values()}
    names.update({r.en: r.nl for r in taxonomy.regions.values()})
    names.update(
        {
            name: taxonomy.dutch_countries.get(code, name)
            for code, name in taxonomy.countries.items()
        }
    )
    return names


def parse_profile(data: Any, source: str = "profile", taxonomy: Taxonomy | None = None) -> Profile:
    """Validate plain profile data; raise ProfileError listing every problem."""
    taxonomy = taxonomy or load_taxonomy()
    check = Checker(source)
    if data is None:
        raise ProfileError(msg("profile.empty", path=source))
    if not isinstance(data, dict):
        raise ProfileError(msg("profile.not_mapping", path=source))
    top = check.mapping(data, "", 1)
    assert top is not None
    check.unknown_keys(top, TOP_KEYS, "")
    organisation = _organisation(top, check, taxonomy)
    themes, keywords = _themes(top, check, taxonomy)
    regions, places = _regions(top, check, taxonomy)
    need = _need(top, check)
    finances = _finances(top, check)
    partners_abroad, positions = _extras(top, check)
    exclude, weights = _preferences(top, check)
    lang = check.choice(top, "lang", "", LANGS) or "en"
    if check.problems:
        raise ProfileError.from_problems(
            problems_heading("problems_in_profile", source, len(check.problems)),
            check.problems,
            lang if "lang" in top else None,
        )
    assert organisation is not None
    return Profile(
        organisation=organisation,
        themes=themes,
        regions=regions,
        need=need,
        finances=finances,
        exclude=exclude,
        weights=weights,
        lang=lang,
        source=source,
        partners_abroad=partners_abroad,
        positions_at_risk=positions,
        keywords=keywords,
        places=places,
    )


def _section(top: YMap, key: str, check: Checker) -> YMap | None:
    if top.get(key) is None:
        return None
    return check.mapping(top[key], key, top.line_of(key))


def _organisation(top: YMap, check: Checker, taxonomy: Taxonomy) -> Organisation | None:
    if "organisation" not in top:
        check.problem(top.line, "organisation", msg("profile.organisation_required"))
        return None
    org = _section(top, "organisation", check)
    if org is None:
        if top.get("organisation") is None:
            check.problem(top.line_of("organisation"), "organisation", msg("profile.name_required"))
        return None
    check.unknown_keys(org, ORG_KEYS, "organisation")
    name = check.text(org, "name", "organisation", required=True, max_len=200)
    registered = None
    text = check.text(org, "registered_in", "organisation", max_len=100)
    if text is not None:
        hit = taxonomy.resolve_place(text)
        if hit.id and taxonomy.is_country(hit.id):
            registered = hit.id
        else:
            check.problem(
                org.line_of("registered_in"),
                "organisation.registered_in",
                msg("profile.unknown_country", text=text, hint=_closest(hit.suggestions, taxonomy)),
            )
    return Organisation(
        name=name or "",
        registered_in=registered,
        org_type=check.choice(org, "org_type", "organisation", ORG_TYPES),
        legal_form=check.text(org, "legal_form", "organisation", max_len=100),
        annual_budget_eur=check.number(org, "annual_budget_eur", "organisation"),
        staff_fte=check.number(org, "staff_fte", "organisation", maximum=1_000_000),
        anbi=check.boolean(org, "anbi", "organisation"),
        cbf_recognised=check.boolean(org, "cbf_recognised", "organisation"),
    )


def _themes(
    top: YMap, check: Checker, taxonomy: Taxonomy
) -> tuple[tuple[ThemeInput, ...], tuple[str, ...]]:
    """Each phrase as one or more themes; words no theme explains are kept as keywords.

    A phrase is an error only when no phrase of the profile is understood at all.
    """
    from fundfinder.understand.reading import load_reader

    items = check.text_list(top, "themes", "", required=True) or []
    result: list[ThemeInput] = []
    keywords: list[str] = []
    unread: list[tuple[int, str, int | None, Resolution]] = []
    for index, (text, line) in enumerate(items):
        hit = taxonomy.resolve_theme(text)
        if hit.id:
            result.append(ThemeInput(text, hit.id, 1.0))
            continue
        reading = load_reader().read(text)
        for theme_id, confidence in reading.themes:
            result.append(ThemeInput(text, theme_id, confidence))
        for word in reading.keywords:
            if word not in keywords:
                keywords.append(word)
        if not reading.themes:
            unread.append((index, text, line, hit))
    if not result:
        for index, text, line, hit in unread:
            hint = _closest(hit.suggestions, taxonomy)
            check.problem(
                line, f"themes[{index}]", msg("profile.unknown_theme", text=text, hint=hint)
            )
    return tuple(result), tuple(keywords)


def _regions(
    top: YMap, check: Checker, taxonomy: Taxonomy
) -> tuple[tuple[str, ...], tuple[tuple[str, str, str], ...]]:
    """Countries and regions; provinces, districts and cities resolve to their country.

    Also every place as written, with what it was read as and how (country, region,
    subdivision, city or typo), for `profile check` and the report.
    """
    from fundfinder.understand.places import read_place_list

    items = check.text_list(top, "regions", "", required=True) or []
    result: list[str] = []
    below: list[tuple[str, str, str]] = []
    for index, (text, line) in enumerate(items):
        hit = taxonomy.resolve_place(text)
        if hit.id:
            if hit.id not in result:
                result.append(hit.id)
            how = "country" if taxonomy.is_country(hit.id) else "region"
            below.append((text, hit.id, how if hit.score >= 100 else "typo"))
            continue
        readings = read_place_list(text, taxonomy)
        if readings and all(r.place is not None for r in readings):
            for r in readings:
                assert r.place is not None
                if r.place not in result:
                    result.append(r.place)
                below.append((r.text, r.place, r.how))
            continue
        hint = _place_hint(text, hit, taxonomy)
        check.problem(line, f"regions[{index}]", msg("profile.unknown_place", text=text, hint=hint))
    return tuple(result), tuple(below)


def _need(top: YMap, check: Checker) -> Need:
    need = _section(top, "need", check)
    if need is None:
        return Need()
    check.unknown_keys(need, NEED_KEYS, "need")
    forms: list[str] = []
    for index, (text, line) in enumerate(check.text_list(need, "forms", "need") or []):
        key = text.strip().casefold().replace("-", "_").replace(" ", "_")
        key = FORM_SYNONYMS.get(key, key)
        if key in FORMS:
            if key not in forms:
                forms.append(key)
        else:
            from fundfinder.load.fields import did_you_mean

            check.problem(
                line,
                f"need.forms[{index}]",
                msg(
                    "profile.unknown_form",
                    text=text,
                    hint=did_you_mean(text, FORMS),
                    valid=", ".join(FORMS),
                ),
            )
    months = check.number(need, "duration_months", "need", minimum=1, maximum=240, integer=True)
    return Need(
        amount_eur=check.number(need, "amount_eur", "need", allow_zero=False),
        duration_months=None if months is None else int(months),
        forms=tuple(forms),
        core=check.boolean(need, "core", "need"),
    )


def _finances(top: YMap, check: Checker) -> Finances | None:
    fin = _section(top, "finances", check)
    if fin is None:
        return None
    check.unknown_keys(fin, FINANCE_KEYS, "finances")
    income: list[tuple[str, float]] = []
    if fin.get("income_eur") is not None:
        inc = check.mapping(fin["income_eur"], "finances.income_eur", fin.line_of("income_eur"))
        if inc is not None:
            check.unknown_keys(inc, INCOME_SOURCES, "finances.income_eur")
            for source in INCOME_SOURCES:
                value = check.number(inc, source, "finances.income_eur")
                if value is not None:
                    income.append((source, value))
    return Finances(
        income_eur=tuple(income),
        lost_income_eur=check.number(fin, "lost_income_eur", "finances"),
        lost_from=check.date(fin, "lost_from", "finances"),
        reserves_eur=check.number(fin, "reserves_eur", "finances", minimum=-1e12),
        expenses_eur=check.number(fin, "expenses_eur", "finances"),
        admin_costs_eur=check.number(fin, "admin_costs_eur", "finances"),
        works_council=check.boolean(fin, "works_council", "finances"),
    )


def _extras(top: YMap, check: Checker) -> tuple[bool | None, int | None]:
    """organisation.partners_abroad and finances.positions_at_risk (both optional)."""
    abroad = positions = None
    org = top.get("organisation")
    if isinstance(org, dict):
        org_map = check.mapping(org, "organisation", top.line_of("organisation"))
        assert org_map is not None
        abroad = check.boolean(org_map, "partners_abroad", "organisation")
    fin = top.get("finances")
    if isinstance(fin, dict):
        fin = check.mapping(fin, "finances", top.line_of("finances"))
        assert fin is not None
        found = check.number(fin, "positions_at_risk", "finances", maximum=1_000_000, integer=True)
        positions = None if found is None else int(found)
    return abroad, positions


def _preferences(top: YMap, check: Checker) -> tuple[tuple[str, ...], Weights]:
    prefs = _section(top, "preferences", check)
    if prefs is None:
        return (), Weights()
    check.unknown_keys(prefs, PREFERENCE_KEYS, "preferences")
    exclude = tuple(t for t, _ in check.text_list(prefs, "exclude", "preferences") or [])
    weights = Weights()
    if prefs.get("weights") is not None:
        w = check.mapping(prefs["weights"], "preferences.weights", prefs.line_of("weights"))
        if w is not None:
            check.unknown_keys(w, WEIGHT_KEYS, "preferences.weights")
            values = weights.as_dict()
            for key in WEIGHT_KEYS:
                found = check.number(w, key, "preferences.weights", maximum=100)
                if found is not None:
                    values[key] = found
            if sum(values.values()) <= 0:
                check.problem(w.line, "preferences.weights", msg("profile.no_weight"))
            else:
                weights = Weights(**values)
    return exclude, weights


def load_profile(path: Path, taxonomy: Taxonomy | None = None) -> Profile:
    try:
        data = read_yaml_file(path, PROFILE_MAX_BYTES)
    except InputFileError as exc:
        raise ProfileError(exc.message, exc.problems, exc.lang) from None
    return parse_profile(data, str(path), taxonomy)
