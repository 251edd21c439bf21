"""Every curated data file besides the funders, checked like them: file:line and field.

`validate_data_files` reads the taxonomy, the regions, the theme lexicon, the
named places and districts, the funding forms and the reorganisation checklist, and reports every problem at
once: unknown keys (with a suggestion), missing or empty texts in either
language, unknown ids, countries, conditions and prerequisites, and sources that
are not web addresses. `db validate` runs it; the advice loaders run it on the
file they read, so a mistyped condition is a clear error, never a crash.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from fundfinder.errors import CatalogError, FundfinderError, Problem
from fundfinder.load.fields import Checker, did_you_mean
from fundfinder.load.yamlsafe import DATABASE_MAX_BYTES, YMap, line_of, read_yaml_file
from fundfinder.messages import msg, table
from fundfinder.models import FUNDER_TYPES
from fundfinder.taxonomy import Taxonomy
from fundfinder.understand.reading import LEXICON_LANGUAGES

PHASES = ("this_week", "30_days", "90_days", "6_months")
OWNERS = ("director", "board", "works_council", "hr", "finance")
CONDITIONS: dict[str, str] = {
    "registered_in": "countries",
    "staff_min": "number",
    "staff_max": "number",
    "works_council": "bool",
    "positions_at_risk_min": "number",
    "partners_abroad": "bool",
    "runway_below_months": "number",
    "lost_share_min": "share",
    "anbi": "bool",
    "cbf": "bool",
}


def _prerequisites() -> tuple[str, ...]:
    from fundfinder.models import PREREQUISITES

    return PREREQUISITES  # every prerequisite the report can name (i18n labels each)


FORM_KEYS = (
    "id", "name", "funder_types", "what", "months_to_first_money", "size_eur", "size_note",
    "replaces_lost_income", "restricted", "prerequisites", "thresholds", "risks", "estimate",
    "sources", "as_of",
)  # fmt: skip
ITEM_KEYS = ("id", "phase", "owner", "title", "why", "legal_basis", "sources", "when")
THEME_KEYS = ("id", "en", "nl", "synonyms", "sdg", "dac", "broader")
REGION_KEYS = ("id", "en", "nl", "synonyms", "countries", "includes", "parent", "note", "global")
MAX_DISTRICTS = 5000  # per country: India has about 780 districts, Colombia 1,100 municipalities
PLACE_KEYS = ("id", "name", "also", "country", "kind", "sources", "as_of")
PLACE_KINDS = (
    "park", "lake", "river", "delta", "island", "forest", "mountains", "desert", "gulf",
    "coast", "region", "valley", "wetland", "plain", "camp",
)  # fmt: skip

DATAFILE = table(
    "datafile",
    {
        "bilingual_required": "is required (with en and nl)",
        "not_url": "not an http(s) address: '{value}'",
        "unknown_type": "unknown type '{value}'{hint}",
        "unknown_prerequisite": "unknown prerequisite '{value}'{hint}",
        "unknown_theme": "unknown theme '{value}'{hint}",
        "unknown_region": "unknown region '{value}'{hint}",
        "not_list_under": "expected a list under '{key}'",
        "duplicate_id": "duplicate id '{id}' (line {line})",
        "unknown_condition": "unknown condition{hint}; valid: {valid}",
        "not_yes_no": "expected yes or no",
        "not_number": "expected a number",
        "not_share": "expected a share between 0 and 1",
        "unknown_countries": "unknown country code(s): {codes}",
        "not_list": "expected a list",
        "not_country_code": "expected a country code, got {value}{hint}",
        "norway_hint": " (write NO for Norway in quotes)",
        "unknown_country_code": "unknown country code '{value}'",
        "not_lexicon": "expected a mapping of theme ids to their words",
        "unknown_lexicon_theme": "unknown theme{hint}",
        "unreadable": "{error}",
        "unknown_kind": "unknown kind '{value}'{hint}",
        "duplicate_name": "'{name}' also names the entry on line {line}",
        "name_is_a_place": "'{name}' is already the name of a country or region",
        "sources_required": "is required: the page(s) where the country was read",
        "listed_twice": "'{name}' is listed twice (also on line {line})",
        "not_districts": "expected 'countries:' with, per country code, its districts",
    },
)


def _bilingual(m: YMap, key: str, prefix: str, check: Checker, required: bool = True) -> None:
    field = f"{prefix}.{key}"
    if key not in m or m[key] is None:
        if required:
            check.problem(m.line, field, msg("datafile.bilingual_required"))
        return
    text = check.mapping(m[key], field, m.line_of(key))
    if text is None:
        return
    check.unknown_keys(text, ("en", "nl"), field)
    for lang in ("en", "nl"):
        check.text(text, lang, field, required=True, max_len=5000)


def _sources(m: YMap, prefix: str, check: Checker) -> None:
    for index, (value, line) in enumerate(check.text_list(m, "sources", prefix) or []):
        if not value.startswith(("http://", "https://")):
            check.problem(line, f"{prefix}.sources[{index}]", msg("datafile.not_url", value=value))


def _known(m: YMap, key: str, prefix: str, check: Checker, known: Iterable[str], what: str) -> None:
    """Every item of list `key` must be one of `known`; an unknown one is named with a hint.

    `what` names the kind of item: "type", "prerequisite", "theme" or "region"."""
    choices = set(known)
    for index, (value, line) in enumerate(check.text_list(m, key, prefix) or []):
        if value not in choices:
            hint = did_you_mean(value, choices)
            check.problem(
                line,
                f"{prefix}.{key}[{index}]",
                msg(f"datafile.unknown_{what}", value=value, hint=hint),
            )


def _items(
    data: Any, key: str, source: str, check: Checker, each: Callable[[YMap, str], None]
) -> list[YMap]:
    top = check.mapping(data, "", 1)
    if top is None or key not in top or not isinstance(top[key], list):
        check.problem(1, key, msg("datafile.not_list_under", key=key))
        return []
    seen: dict[str, int | None] = {}
    out: list[YMap] = []
    for index, raw in enumerate(top[key]):
        prefix = f"{key}[{index}]"
        m = check.mapping(raw, prefix, line_of(top[key], index))
        if m is None:
            continue
        ident = check.text(m, "id", prefix, required=True, max_len=80)
        if ident is not None:
            if ident in seen:
                check.problem(
                    m.line_of("id"),
                    f"{prefix}.id",
                    msg("datafile.duplicate_id", id=ident, line=seen[ident]),
                )
            seen[ident] = m.line_of("id")
            prefix = f"{prefix}({ident})"
        each(m, prefix)
        out.append(m)
    return out


def check_checklist(data: Any, source: str, countries: Iterable[str]) -> list[Problem]:
    check = Checker(source)
    known = set(countries)

    def each(m: YMap, prefix: str) -> None:
        check.unknown_keys(m, ITEM_KEYS, prefix)
        check.choice(m, "phase", prefix, PHASES) if "phase" in m else check.problem(
            m.line, f"{prefix}.phase", msg("field.required")
        )
        check.choice(m, "owner", prefix, OWNERS) if "owner" in m else check.problem(
            m.line, f"{prefix}.owner", msg("field.required")
        )
        _bilingual(m, "title", prefix, check)
        _bilingual(m, "why", prefix, check)
        _bilingual(m, "legal_basis", prefix, check, required=False)
        _sources(m, prefix, check)
        if m.get("when") is None:
            return
        when = check.mapping(m["when"], f"{prefix}.when", m.line_of("when"))
        if when is None:
            return
        for cond, value in when.items():
            field = f"{prefix}.when.{cond}"
            kind = CONDITIONS.get(str(cond))
            line = when.line_of(cond)
            if kind is None:
                hint = did_you_mean(str(cond), CONDITIONS)
                valid = ", ".join(CONDITIONS)
                check.problem(
                    line, field, msg("datafile.unknown_condition", hint=hint, valid=valid)
                )
            elif kind == "bool" and not isinstance(value, bool):
                check.problem(line, field, msg("datafile.not_yes_no"))
            elif kind in ("number", "share") and (
                isinstance(value, bool) or not isinstance(value, (int, float))
            ):
                check.problem(line, field, msg("datafile.not_number"))
            elif kind == "share" and not 0 <= value <= 1:
                check.problem(line, field, msg("datafile.not_share"))
            elif kind == "countries":
                codes = value if isinstance(value, list) else [value]
                bad = [c for c in codes if c not in known]
                if bad:
                    codes_text = ", ".join(map(str, bad))
                    check.problem(line, field, msg("datafile.unknown_countries", codes=codes_text))

    _items(data, "items", source, check, each)
    return check.problems


def check_forms(data: Any, source: str) -> list[Problem]:
    check = Checker(source)

    def each(m: YMap, prefix: str) -> None:
        check.unknown_keys(m, FORM_KEYS, prefix)
        for key in ("name", "what"):
            _bilingual(m, key, prefix, check)
        for key in ("size_note", "risks"):
            _bilingual(m, key, prefix, check, required=False)
        _known(m, "funder_types", prefix, check, FUNDER_TYPES, "type")
        _known(m, "prerequisites", prefix, check, _prerequisites(), "prerequisite")
        for key in ("months_to_first_money", "size_eur"):
            if m.get(key) is None:
                continue
            bounds = check.mapping(m[key], f"{prefix}.{key}", m.line_of(key))
            if bounds is not None:
                check.unknown_keys(bounds, ("min", "max"), f"{prefix}.{key}")
                check.number(bounds, "min", f"{prefix}.{key}")
                check.number(bounds, "max", f"{prefix}.{key}")
        if m.get("thresholds") is not None:
            limits = check.mapping(m["thresholds"], f"{prefix}.thresholds", m.line_of("thresholds"))
            if limits is not None:
                check.unknown_keys(limits, ("own_fundraising_eur",), f"{prefix}.thresholds")
                check.number(limits, "own_fundraising_eur", f"{prefix}.thresholds")
        for key in ("replaces_lost_income", "restricted", "estimate"):
            check.boolean(m, key, prefix)
        _sources(m, prefix, check)

    _items(data, "forms", source, check, each)
    return check.problems


def check_taxonomy(data: Any, source: str) -> list[Problem]:
    check = Checker(source)
    items = _items(data, "themes", source, check, lambda m, p: _theme(m, p, check))
    ids = {str(m.get("id")) for m in items}
    for m in items:
        others = ids - {str(m.get("id"))}  # a theme is not broader than itself
        _known(m, "broader", f"themes({m.get('id')})", check, others, "theme")
    return check.problems


def _theme(m: YMap, prefix: str, check: Checker) -> None:
    check.unknown_keys(m, THEME_KEYS, prefix)
    check.text(m, "en", prefix, required=True)
    check.text(m, "nl", prefix, required=True)
    check.text_list(m, "synonyms", prefix)


def check_regions(data: Any, source: str, countries: Iterable[str]) -> list[Problem]:
    check = Checker(source)
    known = set(countries)

    def each(m: YMap, prefix: str) -> None:
        check.unknown_keys(m, REGION_KEYS, prefix)
        check.text(m, "en", prefix, required=True)
        check.text(m, "nl", prefix, required=True)
        raw = m.get("countries") or []
        if not isinstance(raw, list):
            check.problem(m.line_of("countries"), f"{prefix}.countries", msg("datafile.not_list"))
            return
        for index, value in enumerate(raw):
            line = line_of(raw, index) or m.line_of("countries")
            field = f"{prefix}.countries[{index}]"
            if not isinstance(value, str):
                hint = msg("datafile.norway_hint") if value is False else ""
                got = repr(value)
                check.problem(line, field, msg("datafile.not_country_code", value=got, hint=hint))
            elif value not in known:
                check.problem(line, field, msg("datafile.unknown_country_code", value=value))

    items = _items(data, "regions", source, check, each)
    ids = {str(m.get("id")) for m in items}
    for m in items:
        prefix = f"regions({m.get('id')})"
        _known(m, "includes", prefix, check, ids, "region")
        parent = m.get("parent")
        if parent is not None and str(parent) not in ids:
            check.problem(
                m.line_of("parent"),
                f"{prefix}.parent",
                msg("datafile.unknown_region", value=parent, hint=""),
            )
    return check.problems


def check_places(data: Any, source: str, taxonomy: Taxonomy) -> list[Problem]:
    """Named features and regions: known country and kind, sourced, and every name (and
    other name) used once and by no country or region."""
    from fundfinder.textnorm import fold

    check = Checker(source)
    known = set(taxonomy.countries)
    names: dict[str, int | None] = {}

    def each(m: YMap, prefix: str) -> None:
        check.unknown_keys(m, PLACE_KEYS, prefix)
        name = check.text(m, "name", prefix, required=True, max_len=200)
        written = [(name, m.line_of("name"))] if name is not None else []
        written += check.text_list(m, "also", prefix) or []
        for value, line in written:
            key = fold(str(value))
            if key in names:
                check.problem(
                    line, prefix, msg("datafile.duplicate_name", name=value, line=names[key])
                )
            elif taxonomy.exact_place(str(value)) is not None:
                check.problem(line, prefix, msg("datafile.name_is_a_place", name=value))
            names.setdefault(key, line)
        country = check.text(m, "country", prefix, required=True, max_len=2)
        if country is not None and country not in known:
            check.problem(
                m.line_of("country"),
                f"{prefix}.country",
                msg("datafile.unknown_country_code", value=country),
            )
        kind = check.text(m, "kind", prefix, required=True, max_len=40)
        if kind is not None and kind not in PLACE_KINDS:
            hint = did_you_mean(kind, PLACE_KINDS)
            check.problem(
                m.line_of("kind"),
                f"{prefix}.kind",
                msg("datafile.unknown_kind", value=kind, hint=hint),
            )
        if not m.get("sources"):
            check.problem(m.line, f"{prefix}.sources", msg("datafile.sources_required"))
        _sources(m, prefix, check)

    _items(data, "places", source, check, each)
    return check.problems


def check_districts(data: Any, source: str, taxonomy: Taxonomy) -> list[Problem]:
    """Districts per country: a known country, the kind of unit, sources, and each name once."""
    from fundfinder.textnorm import fold

    check = Checker(source)
    top = check.mapping(data, "", 1)
    if top is None or not isinstance(top.get("countries"), dict):
        check.problem(1, "countries", msg("datafile.not_districts"))
        return check.problems
    countries = check.mapping(top["countries"], "countries", top.line_of("countries"))
    if countries is None:
        return check.problems
    known = set(taxonomy.countries)
    for code, raw in countries.items():
        field = f"countries.{code}"
        if code not in known:
            check.problem(
                countries.line_of(code), field, msg("datafile.unknown_country_code", value=code)
            )
            continue
        m = check.mapping(raw, field, countries.line_of(code))
        if m is None:
            continue
        check.unknown_keys(m, ("unit", "sources", "names", "as_of"), field)
        check.text(m, "unit", field, required=True, max_len=40)
        if not m.get("sources"):
            check.problem(m.line, f"{field}.sources", msg("datafile.sources_required"))
        _sources(m, field, check)
        seen: dict[str, int | None] = {}
        for index, (name, line) in enumerate(
            check.text_list(m, "names", field, required=True, max_items=MAX_DISTRICTS) or []
        ):
            key = fold(name)
            if key in seen:
                check.problem(
                    line,
                    f"{field}.names[{index}]",
                    msg("datafile.listed_twice", name=name, line=seen[key]),
                )
            seen.setdefault(key, line)
    return check.problems


def check_lexicon(data: Any, source: str, themes: Iterable[str]) -> list[Problem]:
    check = Checker(source)
    known = set(themes)
    top = check.mapping(data, "", 1)
    if top is None or top.get("themes") is None:
        check.problem(1, "themes", msg("datafile.not_lexicon"))
        return check.problems
    words = check.mapping(top["themes"], "themes", top.line_of("themes"))
    if words is None:
        return check.problems
    for theme, raw in words.items():
        field = f"themes.{theme}"
        if theme not in known:
            check.problem(
                words.line_of(theme),
                field,
                msg("datafile.unknown_lexicon_theme", hint=did_you_mean(str(theme), known)),
            )
            continue
        m = check.mapping(raw, field, words.line_of(theme))
        if m is None:
            continue
        check.unknown_keys(m, LEXICON_LANGUAGES, field)
        for lang in LEXICON_LANGUAGES:
            check.text_list(m, lang, field, required=lang in ("en", "nl"))
    return check.problems


def validate_data_files(folder: Path) -> list[Problem]:
    """Every problem in the curated files of a data folder (the funders and grants apart)."""
    from fundfinder.taxonomy import load_taxonomy

    taxonomy = load_taxonomy()
    countries = list(taxonomy.countries)
    problems: list[Problem] = []
    checks: list[tuple[str, Callable[[Any, str], list[Problem]]]] = [
        ("taxonomy.yaml", check_taxonomy),
        ("regions.yaml", lambda d, s: check_regions(d, s, countries)),
        ("lexicon.yaml", lambda d, s: check_lexicon(d, s, taxonomy.themes)),
        ("places.yaml", lambda d, s: check_places(d, s, taxonomy)),
        ("districts.yaml", lambda d, s: check_districts(d, s, taxonomy)),
        ("funding_forms.yaml", check_forms),
        ("checklists.yaml", lambda d, s: check_checklist(d, s, countries)),
    ]
    for name, run in checks:
        path = folder / name
        if not path.exists():
            continue
        try:
            data = read_yaml_file(path, DATABASE_MAX_BYTES)
        except CatalogError as exc:
            problems.extend(exc.problems or (Problem(str(path), None, "", exc.message),))
            continue
        except FundfinderError as exc:  # InputFileError and the like: one problem for the file
            problems.append(Problem(str(path), None, "", exc.message))
            continue
        except Exception as exc:  # anything else read_yaml_file lets through
            problems.append(Problem(str(path), None, "", msg("datafile.unreadable", error=exc)))
            continue
        problems.extend(run(data, str(path)))
    return problems
