"""Pieces every renderer shares: the diagnosis as rows, scenarios and checklist groups."""

from __future__ import annotations

from collections.abc import Sequence

from fundfinder.advise.advice import PHASES, ChecklistItem, FormAdvice
from fundfinder.advise.diagnosis import Diagnosis, Scenario
from fundfinder.i18n import (
    ACCESS_LABELS,
    FORM_LABELS,
    INCOME_LABELS,
    ORG_TYPE_LABELS,
    ORG_TYPE_SINGULAR,
    PHASE_LABELS,
    REQUIREMENT_LABELS,
    RISK_LABELS,
    SCENARIO_LABELS,
    TYPE_LABELS,
    day,
    decimal,
    join,
    label,
    money,
    money_range,
    say,
    ui,
    ui_n,
    whole,
)
from fundfinder.models import Funder, Match, Reason, Report
from fundfinder.taxonomy import Taxonomy

PARTNERS_SHOWN = 10  # funders for the partners, at most, in a report
DETAIL_COUNT = 3  # detail panels for the top few on a screen (terminal, plain text)
DOCUMENT_DETAIL_COUNT = 5  # a document for a board has room for a few more (markdown)
FORMS_SHOWN = 6  # the report in full (markdown, or `forms` in the session) lists them all
# Warnings worth a line in a ranked list; the rest show in the details.
TABLE_FLAGS = ("flag.invitation", "flag.stale", "flag.registration_unchecked")


def urgent_flag(match: Match) -> Reason | None:
    """The first warning worth showing beside a match in a ranked list."""
    return next((f for f in match.flags if f.key in TABLE_FLAGS), None)


def breakdown(match: Match, lang: str) -> str:
    """The score's parts with their fits, in the reader's decimal format ("thema's 0,59")."""
    return " · ".join(
        f"{ui('part_' + key, lang)} {ui('not_judged', lang) if fit is None else decimal(fit, lang)}"
        for key, fit in match.breakdown
    )


def checklist_later(groups: Sequence[tuple[str, Sequence[ChecklistItem]]], lang: str) -> str:
    """'Later: Within 30 days: 9, ...' for the phases a short checklist leaves out."""
    later = ", ".join(f"{label(PHASE_LABELS, p, lang)}: {len(i)}" for p, i in groups)
    return ui("checklist_more", lang, later=later)


def profile_rows(report: Report, taxonomy: Taxonomy, full: bool = False) -> list[tuple[str, str]]:
    """The profile summary every renderer opens with, as (label, value) rows; `full` adds
    everything else the profile holds (staff, legal form, ANBI and CBF, finances), for the
    session's `profile` command."""
    lang = report.lang
    p = report.profile
    org = p.organisation
    need = p.need
    unknown = ui("unknown", lang)
    bits = []
    if need.amount_eur:
        bits.append(ui("need_value", lang, amount=money(need.amount_eur, lang)))
    if need.duration_months:
        bits.append(ui("months", lang, n=need.duration_months))
    forms = join([label(FORM_LABELS, f, lang) for f in need.forms], lang) or ui("any_form", lang)
    bits.append(f"{ui('forms', lang).lower()}: {forms}")
    if need.core:
        bits.append(ui("core_sought", lang))
    registered = taxonomy.place_label(org.registered_in, lang) if org.registered_in else unknown
    org_type = label(ORG_TYPE_SINGULAR, org.org_type, lang) if org.org_type else unknown
    budget = money(org.annual_budget_eur, lang) if org.annual_budget_eur else unknown
    rows = [
        (ui("registered_in", lang), registered),
        (ui("org_type", lang), org_type),
        (ui("budget", lang), budget),
        (ui("themes", lang), ", ".join(taxonomy.theme_label(t, lang) for t in p.theme_ids)),
        (ui("regions", lang), _places(report, taxonomy)),
        (ui("need", lang), "; ".join(bits)),
    ]
    readings = _readings(report, taxonomy)
    if readings:
        rows.insert(4, (ui("read_as", lang), readings))
    if p.keywords:
        rows.insert(5 if readings else 4, (ui("keywords", lang), ", ".join(p.keywords)))
    return rows + (_more_rows(report) if full else [])


def _count(value: float | None, lang: str) -> str:
    if value is None:
        return ui("unknown", lang)
    return decimal(value, lang, 0 if float(value).is_integer() else 1)


def _yes_no(value: bool | None, lang: str) -> str:
    return ui("unknown", lang) if value is None else ui("yes" if value else "no", lang)


def _more_rows(report: Report) -> list[tuple[str, str]]:
    """The rest of a profile: what the diagnosis, the checklist and the rules also use."""
    lang = report.lang
    p = report.profile
    org = p.organisation
    rows = [
        (ui("staff", lang), _count(org.staff_fte, lang)),
        (ui("legal_form", lang), org.legal_form or ui("unknown", lang)),
        ("ANBI", _yes_no(org.anbi, lang)),
        (ui("cbf", lang), _yes_no(org.cbf_recognised, lang)),
    ]
    fin = p.finances
    if fin is None:
        rows.append((ui("finances", lang), ui("no_finances", lang)))
        return rows

    def amount(value: float | None) -> str:
        return ui("unknown", lang) if value is None else money(value, lang)

    income = sum(v for _k, v in fin.income_eur)
    lost = amount(fin.lost_income_eur)
    if fin.lost_from is not None:
        lost += " " + ui("from_date", lang, date=day(fin.lost_from, lang))
    rows += [
        (ui("income", lang), money(income, lang)),
        (ui("lost_income", lang), lost),
        (ui("reserves", lang), amount(fin.reserves_eur)),
        (ui("expenses", lang), amount(fin.expenses_eur)),
        (ui("admin_costs", lang), amount(fin.admin_costs_eur)),
        (ui("works_council_row", lang), _yes_no(fin.works_council, lang)),
        (
            ui("positions_at_risk", lang),
            str(p.positions_at_risk) if p.positions_at_risk is not None else ui("unknown", lang),
        ),
    ]
    return rows


def _readings(report: Report, taxonomy: Taxonomy) -> str:
    """How phrases in the organisation's own words were read (only those not taken as is)."""
    lang = report.lang
    by_text: dict[str, list[tuple[str, float]]] = {}
    for t in report.profile.themes:
        by_text.setdefault(t.text, []).append((t.id, t.confidence))
    parts = []
    for text, read in by_text.items():
        if len(read) == 1 and read[0][1] >= 1.0:
            continue  # a label or synonym: nothing to explain
        themes = join(
            [f"{taxonomy.theme_label(i, lang)} ({decimal(c, lang)})" for i, c in read], lang
        )
        parts.append(f"'{text}' → {themes}")
    return "; ".join(parts)


def _places(report: Report, taxonomy: Taxonomy) -> str:
    """The regions, with places below country level as written: 'Gulu (Uganda)'."""
    lang = report.lang
    shown: list[str] = []
    below = {
        place: text
        for text, place, how in report.profile.places
        if how in ("subdivision", "feature", "city")
    }
    for r in report.profile.regions:
        label_text = taxonomy.place_label(r, lang)
        shown.append(f"{below[r]} ({label_text})" if r in below else label_text)
    return ", ".join(shown)


def pct(value: float | None) -> str:
    return "?" if value is None else f"{value * 100:.0f}%"


def diagnosis_rows(d: Diagnosis, lang: str) -> list[tuple[str, str]]:
    yes, no, unknown = ui("yes", lang), ui("no", lang), ui("unknown", lang)
    checks = d.own_income_checks()

    def met(value: bool | None) -> str:
        return unknown if value is None else yes if value else no

    runway = (
        ui("no_shortfall", lang)
        if d.runway_months is None and d.monthly_shortfall is None
        else ui("runway_value", lang, months=decimal(d.runway_months, lang, 1))
        if d.runway_months is not None
        else unknown
    )
    return [
        (ui("risk", lang), label(RISK_LABELS, d.risk, lang).upper()),
        (ui("lost_share", lang), f"{pct(d.lost_share)} ({money(d.lost_income, lang)})"),
        (ui("runway", lang), runway),
        (ui("gap", lang), money(d.yearly_gap, lang)),
        (ui("hhi", lang), "?" if d.revenue_hhi is None else decimal(d.revenue_hhi, lang, 3)),
        (
            ui("top_source", lang),
            f"{label(INCOME_LABELS, d.top_source, lang) if d.top_source else '?'} "
            f"({pct(d.top_source_share)})",
        ),
        (ui("admin_ratio", lang), pct(d.admin_cost_ratio)),
        (ui("margin", lang), f"{pct(d.operating_margin)} / {pct(d.operating_margin_after_loss)}"),
        (ui("equity", lang), pct(d.equity_ratio)),
        (
            ui("own_income", lang),
            ui(
                "own_income_checks",
                lang,
                pct=pct(d.own_income_share),
                met25=met(checks[0]["met"]),
                met50=met(checks[1]["met"]),
            ),
        ),
    ]


def scenario_line(s: Scenario, lang: str) -> tuple[str, str]:
    params = dict(s.params)
    shown = {
        k: (money(v, lang) if k.endswith("_eur_per_year") else f"{v:g}") for k, v in params.items()
    }
    name = SCENARIO_LABELS.fill(s.key, lang, **shown)
    if s.runs_out is None or s.months_left is None:
        return name, ui("lasts", lang)
    month = day(s.runs_out, lang).split(" ", 1)[1]
    return name, ui_n("runs_out", s.months_left, lang, month=month)


def risk_reasons(d: Diagnosis, lang: str, taxonomy: Taxonomy) -> str:
    return "; ".join(say(r, lang, taxonomy) for r in d.risk_reasons)


def form_why(advice: FormAdvice, lang: str, taxonomy: Taxonomy) -> str:
    return "; ".join(say(r, lang, taxonomy) for r in advice.reasons)


def by_phase(items: Sequence[ChecklistItem]) -> list[tuple[str, list[ChecklistItem]]]:
    groups: list[tuple[str, list[ChecklistItem]]] = []
    for phase in PHASES:
        chosen = [i for i in items if i.phase == phase]
        if chosen:
            groups.append((phase, chosen))
    return groups


def text(pair: dict[str, str] | None, lang: str) -> str:
    if not pair:
        return ""
    return pair.get(lang) or pair.get("en") or ""


CardValue = str | tuple[str, ...]  # a text, or web addresses (each its own link in markdown)


def funder_rows(f: Funder, taxonomy: Taxonomy, lang: str) -> list[tuple[str, CardValue]]:
    """A funder as a card: what an adviser reads before calling it (`funders show`)."""
    unknown = ui("unknown", lang)
    rules = f.eligibility
    grant = f.grant
    if grant.min_eur is not None or grant.max_eur is not None:
        amounts = money_range(grant.min_eur, grant.max_eur, lang)
    elif grant.range_published is False:
        amounts = ui("range_unpublished", lang)
    else:
        amounts = unknown
    if grant.core_support is not None:
        amounts += "; " + ui("core_yes" if grant.core_support else "core_no", lang)

    def places(ids: tuple[str, ...] | None) -> str:
        if not ids:
            return unknown
        return join(
            [ui("anywhere", lang) if i == "any" else taxonomy.place_label(i, lang) for i in ids],
            lang,
        )

    rows: list[tuple[str, CardValue]] = [
        (ui("card_type", lang), label(TYPE_LABELS, f.type, lang)),
        (ui("card_based_in", lang), taxonomy.place_label(f.based_in, lang)),
        (ui("themes", lang), ", ".join(taxonomy.theme_label(t, lang) for t in f.themes)),
        (ui("card_works_in", lang), places(f.regions)),
        (ui("col_grant", lang), amounts),
        (
            ui("card_forms", lang),
            join([label(FORM_LABELS, x, lang) for x in f.forms], lang) or unknown,
        ),
        (ui("col_access", lang), label(ACCESS_LABELS, f.access, lang) if f.access else unknown),
        (ui("card_registered", lang), places(rules.registered_in)),
        (
            ui("card_org_types", lang),
            join([label(ORG_TYPE_LABELS, x, lang) for x in rules.org_types or ()], lang) or unknown,
        ),
    ]
    if rules.requires:
        rows.append(
            (
                ui("card_requires", lang),
                join([label(REQUIREMENT_LABELS, x, lang) for x in rules.requires], lang),
            )
        )
    for call in f.calls:
        when = call.closes or "?"
        if call.recurs != "once":
            when += f" ({ui('recurs_' + call.recurs, lang)})"
        rows.append((ui("card_call", lang), f"{call.name}: {when}"))
    if f.status in ("dormant", "closed"):
        rows.append((ui("card_status", lang), ui("status_" + f.status, lang)))
    if lang == "nl" and rules.notes_nl:
        rows.append((ui("card_notes", lang), rules.notes_nl))
    elif rules.notes:
        key = "card_notes" if lang == "en" else "card_notes_english"
        rows.append((ui(key, lang), rules.notes))
    if f.url:
        rows.append(("URL", (f.url,)))
    rows.append((ui("sources", lang), tuple(f.sources)))
    rows.append((ui("card_checked", lang), f.as_of))
    return rows


def count_line(report: Report, shown: int, places: str | None = None) -> str:
    """ "Top 10 of 34,572 matches." (with `places`: of the partners' funders)."""
    total = whole(len(report.matches), report.lang)
    if places is None:
        return ui("ranked_count", report.lang, shown=shown, total=total)
    return ui("partners_count", report.lang, shown=shown, total=total, places=places)
