"""The funder entry schema: validating one database file's data, and writing entries back.

`parse_catalog` takes plain data (as read from YAML) and returns funders, or
raises one CatalogError listing every problem with file:line and field; unknown
keys are errors. `funder_to_dict` turns a funder back into the entry schema.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from fundfinder.errors import CatalogError, problems_heading
from fundfinder.load.fields import Checker, did_you_mean
from fundfinder.load.yamlsafe import YMap, line_of
from fundfinder.messages import Msg, msg, table
from fundfinder.models import (
    ACCESS,
    FORMS,
    FUNDER_TYPES,
    ORG_TYPES,
    RECURS,
    REQUIREMENTS,
    STATUSES,
    Call,
    Eligibility,
    Funder,
    Grant,
)
from fundfinder.taxonomy import ANY, Taxonomy, load_taxonomy
from fundfinder.textnorm import fold

FUNDER_KEYS = (
    "id",
    "name",
    "aliases",
    "type",
    "based_in",
    "themes",
    "keywords",
    "regions",
    "eligibility",
    "grant",
    "forms",
    "access",
    "deadlines",
    "url",
    "iati_org_id",
    "sources",
    "as_of",
    "summary",
    "calls",
    "status",
    "replaced_by",
    "parent",
)
CALL_KEYS = ("name", "opens", "closes", "recurs", "confirmed", "source")
ELIGIBILITY_KEYS = (
    "registered_in",
    "org_types",
    "budget_eur",
    "own_income_min_eur",
    "requires",
    "notes",
    "notes_nl",
)
GRANT_KEYS = (
    "min_eur",
    "max_eur",
    "stated",
    "typical_months",
    "multi_year",
    "cofinancing_pct",
    "core_support",
    "range_published",
)
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
AS_OF = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\d|3[01]))?$")
URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.I)

SCHEMA = table(
    "schema",
    {
        "empty_file": "{path}: the file is empty; expected a list of funder entries",
        "not_entry_list": (
            "{path}: expected a list of funder entries (or a mapping with key 'funders')"
        ),
        "duplicate_id": "duplicate id '{id}' (first used on line {line})",
        "not_slug": "must be a slug of a-z, 0-9 and hyphens",
        "parent_not_slug": "must be a funder id (a slug)",
        "unknown_theme": "unknown theme '{value}'{hint}",
        "unknown_place_code": "unknown place '{value}'; use the code '{code}'",
        "unknown_place": (
            "unknown place '{value}'{hint}; "
            "use ISO country codes (KE, NL) or region ids (east-africa, global)"
        ),
        "not_country": "expected an ISO country code",
        "not_country_code": "expected an ISO country code; use the code '{code}'",
        "not_date_list": "expected a list of dates",
        "not_url": "not an http(s) address: '{value}'",
        "as_of_required": "is required (YYYY-MM: when it was checked)",
        "bad_as_of": "expected YYYY-MM or YYYY-MM-DD, got '{value}'",
        "min_above_max": "min is larger than max",
        "min_above_max_eur": "is larger than max_eur",
        "bad_call_date": (
            "expected a date like 2027-03-01, or a month and day like 03-01; got '{value}'"
        ),
        "not_call_list": "expected a list of calls",
        "recurring_month_day": "a recurring call takes MM-DD, got '{value}'",
        "once_full_date": "a one-off call takes a full date (YYYY-MM-DD)",
    },
)


def parse_catalog(
    data: Any, source: str = "funders.yaml", taxonomy: Taxonomy | None = None
) -> list[Funder]:
    """Validate plain data from one database file; raise CatalogError listing every problem."""
    taxonomy = taxonomy or load_taxonomy()
    check = Checker(source)
    entries = data.get("funders") if isinstance(data, dict) else data
    if data is None:
        raise CatalogError(msg("schema.empty_file", path=source))
    if not isinstance(entries, list):
        raise CatalogError(msg("schema.not_entry_list", path=source))
    funders: list[Funder] = []
    first_line: dict[str, int | None] = {}
    for index, raw in enumerate(entries):
        line = line_of(entries, index)
        prefix = f"funders[{index}]"
        entry = check.mapping(raw, prefix, line)
        if entry is None:
            continue
        funder = _parse_funder(entry, prefix, check, taxonomy)
        if funder is None:
            continue
        if funder.id in first_line:
            check.problem(
                entry.line_of("id"),
                f"{prefix}.id",
                msg("schema.duplicate_id", id=funder.id, line=first_line[funder.id]),
            )
            continue
        first_line[funder.id] = entry.line_of("id")
        funders.append(funder)
    if check.problems:
        raise CatalogError.from_problems(
            problems_heading("problems_in_database", source, len(check.problems)),
            check.problems,
        )
    return funders


def _parse_funder(entry: YMap, prefix: str, check: Checker, taxonomy: Taxonomy) -> Funder | None:
    before = len(check.problems)
    fid = check.text(entry, "id", prefix, required=True, max_len=80)
    if fid is not None and not SLUG.match(fid):
        check.problem(entry.line_of("id"), f"{prefix}.id", msg("schema.not_slug"))
    if fid:
        prefix = f"{prefix}({fid})"
    check.unknown_keys(entry, FUNDER_KEYS, prefix)
    name = check.text(entry, "name", prefix, required=True, max_len=200)
    ftype = check.choice(entry, "type", prefix, FUNDER_TYPES)
    if "type" not in entry:
        check.problem(entry.line, f"{prefix}.type", msg("field.required"))
    based_in = _country(entry, "based_in", prefix, check, taxonomy, required=True)
    themes = _ids(entry, "themes", prefix, check, _theme_ok(taxonomy), required=True)
    regions = _places(entry, "regions", prefix, check, taxonomy, allow_any=False, required=True)
    aliases = tuple(t for t, _ in check.text_list(entry, "aliases", prefix) or [])
    keywords = tuple(t for t, _ in check.text_list(entry, "keywords", prefix) or [])
    forms = _choices(entry, "forms", prefix, check, FORMS)
    access = check.choice(entry, "access", prefix, ACCESS)
    deadlines = _dates(entry, "deadlines", prefix, check)
    url = _url(entry, "url", prefix, check)
    iati = check.text(entry, "iati_org_id", prefix, max_len=100)
    sources = _sources(entry, prefix, check)
    as_of = _as_of(entry, prefix, check)
    eligibility = _eligibility(entry, prefix, check, taxonomy)
    grant = _grant(entry, prefix, check)
    summary_en, summary_nl = _summary(entry, prefix, check)
    calls = _calls(entry, prefix, check)
    status = check.choice(entry, "status", prefix, STATUSES)
    replaced_by = check.text(entry, "replaced_by", prefix, max_len=200)
    parent = check.text(entry, "parent", prefix, max_len=80)
    if parent is not None and not SLUG.match(parent):
        check.problem(entry.line_of("parent"), f"{prefix}.parent", msg("schema.parent_not_slug"))
    if len(check.problems) > before or fid is None or name is None or ftype is None:
        return None
    assert based_in is not None and themes is not None and regions is not None
    assert as_of is not None
    return Funder(
        id=fid,
        name=name,
        type=ftype,
        based_in=based_in,
        themes=themes,
        regions=regions,
        sources=sources,
        as_of=as_of,
        aliases=aliases,
        keywords=keywords,
        eligibility=eligibility,
        grant=grant,
        forms=forms or (),
        access=access,
        deadlines=deadlines,
        url=url,
        iati_org_id=iati,
        summary_en=summary_en,
        summary_nl=summary_nl,
        origin=f"{check.source}:{entry.line}",
        keywords_folded=tuple(fold(k) for k in keywords),
        calls=calls,
        status=status,
        replaced_by=replaced_by,
        parent=parent,
    )


def _theme_ok(taxonomy: Taxonomy) -> Any:
    def ok(value: str) -> Msg | None:
        if value in taxonomy.themes:
            return None
        hit = taxonomy.resolve_theme(value)
        if hit.id:
            return msg(
                "schema.unknown_theme", value=value, hint=msg("field.did_you_mean", value=hit.id)
            )
        return msg("schema.unknown_theme", value=value, hint=did_you_mean(value, taxonomy.themes))

    return ok


def _ids(
    entry: YMap, key: str, prefix: str, check: Checker, problem_of: Any, required: bool = False
) -> tuple[str, ...] | None:
    items = check.text_list(entry, key, prefix, required=required)
    if items is None:
        return None
    result: list[str] = []
    for index, (value, line) in enumerate(items):
        problem = problem_of(value)
        if problem:
            check.problem(line, f"{prefix}.{key}[{index}]", problem)
        elif value not in result:
            result.append(value)
    return tuple(result)


def _place_problem(value: str, taxonomy: Taxonomy, allow_any: bool) -> Msg | None:
    if taxonomy.is_place(value) or (allow_any and value == ANY):
        return None
    hit = taxonomy.resolve_place(value)
    if hit.id:
        return msg("schema.unknown_place_code", value=value, code=hit.id)
    known = list(taxonomy.regions) + ([ANY] if allow_any else [])
    return msg("schema.unknown_place", value=value, hint=did_you_mean(value, known))


def _places(
    entry: YMap,
    key: str,
    prefix: str,
    check: Checker,
    taxonomy: Taxonomy,
    *,
    allow_any: bool,
    required: bool = False,
) -> tuple[str, ...] | None:
    def problem_of(value: str) -> Msg | None:
        return _place_problem(value, taxonomy, allow_any)

    return _ids(entry, key, prefix, check, problem_of, required=required)


def _country(
    entry: YMap, key: str, prefix: str, check: Checker, taxonomy: Taxonomy, required: bool = False
) -> str | None:
    value = check.text(entry, key, prefix, required=required, max_len=60)
    if value is None:
        return None
    if taxonomy.is_country(value):
        return value
    hit = taxonomy.resolve_place(value)
    if hit.id and taxonomy.is_country(hit.id):
        problem = msg("schema.not_country_code", code=hit.id)
    else:
        problem = msg("schema.not_country")
    check.problem(entry.line_of(key), f"{prefix}.{key}", problem)
    return None


def _choices(
    entry: YMap, key: str, prefix: str, check: Checker, allowed: Sequence[str]
) -> tuple[str, ...] | None:
    def problem_of(value: str) -> Msg | None:
        if value in allowed:
            return None
        hint = did_you_mean(value, allowed)
        return msg("field.unknown_value", value=value, hint=hint, valid=", ".join(allowed))

    return _ids(entry, key, prefix, check, problem_of)


def _dates(entry: YMap, key: str, prefix: str, check: Checker) -> tuple[Any, ...]:
    if key not in entry or entry[key] is None:
        return ()
    raw = entry[key]
    if not isinstance(raw, list):
        check.problem(entry.line_of(key), f"{prefix}.{key}", msg("schema.not_date_list"))
        return ()
    result = []
    for index, item in enumerate(raw):
        holder = YMap()
        holder.line = line_of(raw, index)
        holder["date"] = item
        holder.key_lines["date"] = line_of(raw, index) or entry.line_of(key) or 0
        found = check.date(holder, "date", "")
        if check.problems and check.problems[-1].field == "date":
            last = check.problems.pop()
            check.problem(last.line, f"{prefix}.{key}[{index}]", last.message)
        if found:
            result.append(found)
    return tuple(sorted(result))


def _url(entry: YMap, key: str, prefix: str, check: Checker) -> str | None:
    value = check.text(entry, key, prefix, max_len=500)
    if value is not None and not URL.match(value):
        check.problem(entry.line_of(key), f"{prefix}.{key}", msg("schema.not_url", value=value))
        return None
    return value


def _sources(entry: YMap, prefix: str, check: Checker) -> tuple[str, ...]:
    items = check.text_list(entry, "sources", prefix, required=True, max_len=2000) or []
    result = []
    for index, (value, line) in enumerate(items):
        if URL.match(value):
            result.append(value)
        else:
            check.problem(line, f"{prefix}.sources[{index}]", msg("schema.not_url", value=value))
    return tuple(result)


def _as_of(entry: YMap, prefix: str, check: Checker) -> str | None:
    raw = entry.get("as_of")
    if raw is None:
        check.problem(entry.line, f"{prefix}.as_of", msg("schema.as_of_required"))
        return None
    value = raw.isoformat() if hasattr(raw, "isoformat") else str(raw).strip()
    found = AS_OF.match(value)
    if not found or not 1990 <= int(found.group(1)) <= 2100:
        check.problem(
            entry.line_of("as_of"),
            f"{prefix}.as_of",
            msg("schema.bad_as_of", value=value),
        )
        return None
    return value


def _eligibility(entry: YMap, prefix: str, check: Checker, taxonomy: Taxonomy) -> Eligibility:
    if entry.get("eligibility") is None:
        return Eligibility()
    where = f"{prefix}.eligibility"
    m = check.mapping(entry["eligibility"], where, entry.line_of("eligibility"))
    if m is None:
        return Eligibility()
    check.unknown_keys(m, ELIGIBILITY_KEYS, where)
    registered = _places(m, "registered_in", where, check, taxonomy, allow_any=True)
    org_types = _choices(m, "org_types", where, check, ORG_TYPES)
    requires = _choices(m, "requires", where, check, REQUIREMENTS) or ()
    notes = check.text(m, "notes", where, max_len=1000)
    notes_nl = check.text(m, "notes_nl", where, max_len=1500)  # Dutch runs longer
    low = high = None
    if m.get("budget_eur") is not None:
        bounds = check.mapping(m["budget_eur"], f"{where}.budget_eur", m.line_of("budget_eur"))
        if bounds is not None:
            check.unknown_keys(bounds, ("min", "max"), f"{where}.budget_eur")
            low = check.number(bounds, "min", f"{where}.budget_eur")
            high = check.number(bounds, "max", f"{where}.budget_eur", allow_zero=False)
            if low is not None and high is not None and low > high:
                check.problem(bounds.line, f"{where}.budget_eur", msg("schema.min_above_max"))
    own_min = check.number(m, "own_income_min_eur", where, allow_zero=False)
    return Eligibility(
        registered_in=registered or None,
        org_types=org_types or None,
        budget_min_eur=low,
        budget_max_eur=high,
        requires=requires,
        notes=notes,
        own_income_min_eur=own_min,
        notes_nl=notes_nl,
    )


def _grant(entry: YMap, prefix: str, check: Checker) -> Grant:
    if entry.get("grant") is None:
        return Grant()
    where = f"{prefix}.grant"
    m = check.mapping(entry["grant"], where, entry.line_of("grant"))
    if m is None:
        return Grant()
    check.unknown_keys(m, GRANT_KEYS, where)
    low = check.number(m, "min_eur", where)
    high = check.number(m, "max_eur", where, allow_zero=False)
    if low is not None and high is not None and low > high:
        check.problem(m.line_of("min_eur"), f"{where}.min_eur", msg("schema.min_above_max_eur"))
    return Grant(
        min_eur=low,
        max_eur=high,
        stated=check.text(m, "stated", where, max_len=300),
        typical_months=_int(
            check.number(m, "typical_months", where, minimum=1, maximum=240, integer=True)
        ),
        multi_year=check.boolean(m, "multi_year", where),
        cofinancing_pct=check.number(m, "cofinancing_pct", where, maximum=100),
        core_support=check.boolean(m, "core_support", where),
        range_published=check.boolean(m, "range_published", where),
    )


MONTH_DAY = re.compile(r"^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$")


def _call_date(m: YMap, key: str, where: str, check: Checker) -> str | None:
    """A call date: "YYYY-MM-DD" for a dated call, "MM-DD" for a recurring one."""
    raw = m.get(key)
    if raw is None:
        return None
    value = raw.isoformat() if hasattr(raw, "isoformat") else str(raw).strip()
    if MONTH_DAY.match(value):
        return value
    try:
        from datetime import date as _date

        _date.fromisoformat(value)
        return value
    except ValueError:
        check.problem(
            m.line_of(key),
            f"{where}.{key}",
            msg("schema.bad_call_date", value=value),
        )
        return None


def _calls(entry: YMap, prefix: str, check: Checker) -> tuple[Call, ...]:
    raw = entry.get("calls")
    if raw is None:
        return ()
    if not isinstance(raw, list):
        check.problem(entry.line_of("calls"), f"{prefix}.calls", msg("schema.not_call_list"))
        return ()
    calls: list[Call] = []
    for index, item in enumerate(raw):
        where = f"{prefix}.calls[{index}]"
        m = check.mapping(item, where, line_of(raw, index) or entry.line_of("calls"))
        if m is None:
            continue
        before = len(check.problems)
        check.unknown_keys(m, CALL_KEYS, where)
        name = check.text(m, "name", where, required=True, max_len=300)
        opens = _call_date(m, "opens", where, check)
        closes = _call_date(m, "closes", where, check)
        recurs = check.choice(m, "recurs", where, RECURS) or "once"
        confirmed = check.number(m, "confirmed", where, minimum=1990, maximum=2100, integer=True)
        source = check.text(m, "source", where, max_len=2000)
        if source is not None and not URL.match(source):
            check.problem(
                m.line_of("source"), f"{where}.source", msg("schema.not_url", value=source)
            )
        for value, key in ((opens, "opens"), (closes, "closes")):
            if value is None:
                continue
            dated = not MONTH_DAY.match(value)
            if dated and recurs != "once":
                check.problem(
                    m.line_of(key), f"{where}.{key}", msg("schema.recurring_month_day", value=value)
                )
            if not dated and recurs == "once":
                check.problem(
                    m.line_of(key),
                    f"{where}.{key}",
                    msg("schema.once_full_date"),
                )
        if len(check.problems) > before or name is None:
            continue
        calls.append(
            Call(name, closes, opens, recurs, None if confirmed is None else int(confirmed), source)
        )
    return tuple(calls)


def _int(value: float | None) -> int | None:
    return None if value is None else int(value)


def _summary(entry: YMap, prefix: str, check: Checker) -> tuple[str | None, str | None]:
    raw = entry.get("summary")
    if raw is None:
        return None, None
    if isinstance(raw, str):
        return check.text(entry, "summary", prefix), None
    m = check.mapping(raw, f"{prefix}.summary", entry.line_of("summary"))
    if m is None:
        return None, None
    check.unknown_keys(m, ("en", "nl"), f"{prefix}.summary")
    return check.text(m, "en", f"{prefix}.summary"), check.text(m, "nl", f"{prefix}.summary")


def as_plain(funders: Sequence[Funder]) -> list[dict[str, Any]]:
    """Funders back in the DESIGN.md entry schema (for `funders list --format json`)."""
    return [funder_to_dict(f) for f in funders]


def funder_to_dict(f: Funder) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": f.id,
        "name": f.name,
        "aliases": list(f.aliases),
        "type": f.type,
        "based_in": f.based_in,
        "themes": list(f.themes),
        "keywords": list(f.keywords),
        "regions": list(f.regions),
    }
    e = f.eligibility
    elig: dict[str, Any] = {}
    if e.registered_in is not None:
        elig["registered_in"] = list(e.registered_in)
    if e.org_types is not None:
        elig["org_types"] = list(e.org_types)
    if e.budget_min_eur is not None or e.budget_max_eur is not None:
        elig["budget_eur"] = {"min": e.budget_min_eur, "max": e.budget_max_eur}
    if e.own_income_min_eur is not None:
        elig["own_income_min_eur"] = e.own_income_min_eur
    if e.requires:
        elig["requires"] = list(e.requires)
    if e.notes:
        elig["notes"] = e.notes
    if e.notes_nl:
        elig["notes_nl"] = e.notes_nl
    out["eligibility"] = elig
    g = f.grant
    out["grant"] = {
        k: v
        for k, v in (
            ("min_eur", g.min_eur),
            ("max_eur", g.max_eur),
            ("stated", g.stated),
            ("typical_months", g.typical_months),
            ("multi_year", g.multi_year),
            ("cofinancing_pct", g.cofinancing_pct),
            ("core_support", g.core_support),
            ("range_published", g.range_published),
        )
        if v is not None
    }
    out["forms"] = list(f.forms)
    out["access"] = f.access
    out["deadlines"] = [d.isoformat() for d in f.deadlines]
    out["url"] = f.url
    out["iati_org_id"] = f.iati_org_id
    out["sources"] = list(f.sources)
    out["as_of"] = f.as_of
    out["summary"] = {k: v for k, v in (("en", f.summary_en), ("nl", f.summary_nl)) if v}
    if f.calls:
        out["calls"] = [{k: v for k, v in c._asdict().items() if v is not None} for c in f.calls]
    for key, value in (("status", f.status), ("replaced_by", f.replaced_by), ("parent", f.parent)):
        if value is not None:
            out[key] = value
    return out
