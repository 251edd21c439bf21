"""Everything fundfinder itself says, in English and Dutch.

The core produces `Reason(key, params)`; renderers turn them into sentences in
the report's language here. Parameter names carry their type by suffix so one
function can format them: `*_themes` (theme ids), `*_places` (place codes),
`*_eur` (amounts), `*_date` (dates), `*_forms`, `*_types`, `*_reqs` (labels),
`*_list` (plain words), anything else as is.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from fundfinder.messages import Table, table
from fundfinder.models import Reason
from fundfinder.taxonomy import Taxonomy

MESSAGES = table(
    "reason",
    {
        # theme fit
        "theme.match": "funds {funder_themes} (you: {matched_list})",
        "theme.narrower": "funds {funder_themes}, part of {matched_list}",
        "theme.broader": "funds {funder_themes}, which covers {matched_list} in part",
        "theme.keyword": "related to your themes through '{words_list}'",
        "theme.text": "its own description mentions {words_list}",
        "theme.none": "no shared theme (funds {funder_themes})",
        # who may apply
        "access.registered": "open to organisations registered in {rule_places}",
        "access.anywhere": "open to organisations registered anywhere",
        "access.unknown": "who may apply is unknown (scored lower)",
        "access.history": "who may apply is not stated; its known grantees are registered in {registered_places}",
        "access.type_family": "names {allowed_types}; yours is a {own_types} (check that it qualifies)",
        "access.women_led": "gives only to groups led by women",
        # grant history
        "history.like": "funded {n} organisations like yours since {since}, e.g. {examples_grants}",
        "history.like_one": "funded an organisation like yours: {examples_grants}",
        "history.unlike": "{n} known grants, none to an organisation much like yours",
        "history.unlike_one": "one known grant, to an organisation not much like yours",
        "history.none": "no past grants known",
        # region fit
        "region.exact": "in {shared_places}",
        "region.within": "in {funder_places}, which includes {shared_places}",
        "region.part": "in {funder_places}, part of {shared_places}",
        "region.global": "works worldwide",
        "region.none": "not in your regions (works in {funder_places})",
        # size fit
        "size.fits": "grants {range} fit a {need_eur} need",
        "size.partly": "grants {range} fit a {need_eur} need only partly",
        "size.small_need": "grants start at {min_eur}, more than your {need_eur} need",
        "size.unknown": "grant size unknown",
        "size.grantees_alike": "its known grantees are mostly of your size",
        "size.grantees_larger": "its known grantees are mostly larger than you",
        "size.grantees_smaller": "its known grantees are mostly smaller than you",
        "size.budget_fit": "your budget of {budget_eur} is within its bounds",
        # forms
        "forms.match": "offers {shared_forms}",
        "forms.unknown": "forms of funding unknown",
        "forms.core": "gives core (unrestricted) support",
        "forms.no_core": "project funding only, no core support",
        "forms.core_unknown": "core support unknown",
        # timing and access
        "timing.deadline": "open call, next deadline {next_date}",
        "timing.estimated": "next deadline about {next_date} (estimated from earlier years)",
        "timing.dormant": "dormant: no recent funding rounds",
        "timing.rolling": "applications accepted any time",
        "timing.open": "open calls; no deadline known",
        "timing.passed": "last known deadline {last_date} has passed",
        "timing.invitation": "by invitation only",
        "timing.unknown": "how to apply is unknown",
        # flags
        "flag.invitation": "invitation only: approach through your network",
        "flag.stale": "possibly out of date (checked {as_of})",
        "flag.registration_unknown": "who may apply is unknown: check registration rules",
        "flag.registration_unchecked": "gives only to organisations registered in {rule_places}; the profile does not say where you are registered",
        "flag.requires": "requires {needed_reqs}",
        "flag.cofinancing": "you co-finance {pct}%",
        # exclusions
        "excl.closed": "closed to applications",
        "excl.own_income": "asks at least {min_eur} a year of own income (not from government); yours is {own_eur}",
        "excl.replaced": "closed; replaced by {replaced_by}",
        "excl.profile": "excluded in the profile's preferences",
        "excl.registration": "gives only to organisations registered in {rule_places}; yours is registered in {own_places}",
        "excl.org_type": "only for {allowed_types} (not for {own_types})",
        "excl.budget_small": "only for organisations with a budget of at least {min_eur}; yours is {budget_eur}",
        "excl.budget_large": "only for organisations with a budget up to {max_eur}; yours is {budget_eur}",
        "excl.forms": "offers only {offered_forms}; you seek {wanted_forms}",
        "excl.requirement": "requires {needed_reqs}, which the profile says you lack",
    },
)

MESSAGES.add(
    {
        # diagnosis
        "risk.runway_critical": "cash lasts {months_dec} months, under the {limit}-month minimum reserve",
        "risk.runway_high": "cash lasts {months_dec} months, under the usual {limit} months",
        "risk.runway_medium": "cash lasts {months_dec} months, under a year",
        "risk.lost_high": "{pct}% of income is lost",
        "risk.lost_medium": "{pct}% of income is lost",
        "risk.concentration": "{pct}% of income came from one source ({source_income})",
        "risk.deficit": "a yearly gap of {gap_eur} after the loss",
        "risk.own_income_low": "own income is {pct}% of the total, under the 25% threshold",
        "risk.none": "no warning signs in the figures given",
        # funding forms
        "form.in_time": "first money in {range} months, within the {runway_dec} months your cash lasts",
        "form.maybe": "first money in {range} months: may not arrive within the {runway_dec} months your cash lasts",
        "form.too_late": "too late for your cash: first money in {range} months, cash lasts {runway_dec} months",
        "form.time_no_runway": "first money in {range} months (timing not judged: no cash figures given)",
        "form.time_unknown": "time to first money unknown",
        "form.size": "typically {size} against a {gap_eur} gap",
        "form.bridge_only": "bridges timing only; does not replace lost income",
        "form.lacks": "needs {missing_prereqs}, which you lack",
        "form.has": "you have {present_prereqs}",
    }
)

PREREQUISITE_LABELS = table(
    "prerequisite",
    {
        "anbi": "ANBI status",
        "cbf": "CBF recognition",
        "own_fundraising": "own fundraising income",
        "audited_accounts": "audited accounts",
        "cofinancing": "co-financing",
        "fundraising_staff": "fundraising staff",
        "supporter_base": "a supporter base",
        "local_partner": "a local partner",
        "consortium": "consortium partners",
        "repayment_capacity": "repayment capacity",
        "business_capacity": "business skills and capital",
        "board_approval": "board approval",
        "registered_nl": "Dutch registration",
        "works_council_advice": "works council advice",
    },
)
PHASE_LABELS = table(
    "phase",
    {
        "this_week": "This week",
        "30_days": "Within 30 days",
        "90_days": "Within 90 days",
        "6_months": "Within 6 months",
    },
)
OWNER_LABELS = table(
    "owner",
    {
        "director": "director",
        "board": "board",
        "works_council": "works council",
        "hr": "HR",
        "finance": "finance",
    },
)
SCENARIO_LABELS = table(
    "scenario",
    {
        "do_nothing": "Do nothing",
        "cut_costs": "Cut costs by {cut_pct}% from month {from_month}",
        "raise_income": "Raise {raise_eur_per_year} a year from month {from_month}",
        "cut_and_raise": "Both: cut {cut_pct}% and raise {raise_eur_per_year} a year",
    },
)
RISK_LABELS = table(
    "risk",
    {
        "low": "low",
        "medium": "medium",
        "high": "high",
        "critical": "critical",
    },
)

FORM_LABELS = table(
    "form",
    {
        "grant": "grants",
        "loan": "loans",
        "equity": "equity",
        "guarantee": "guarantees",
        "matchfunding": "matchfunding",
        "in_kind": "in-kind support",
        "prize": "prizes",
        "crowdfunding": "crowdfunding",
    },
)
ORG_TYPE_LABELS = table(
    "org_types",
    {
        "ngo": "NGOs",
        "grassroots": "grassroots groups",
        "network": "networks",
        "research": "research institutes",
        "social_enterprise": "social enterprises",
        "foundation": "foundations",
        "consortium": "consortia",
    },
)
ORG_TYPE_SINGULAR = table(
    "org_type",
    {
        "ngo": "NGO",
        "grassroots": "grassroots group",
        "network": "network",
        "research": "research institute",
        "social_enterprise": "social enterprise",
        "foundation": "grant-making foundation",
        "consortium": "consortium",
    },
)
REQUIREMENT_LABELS = table(
    "requirement",
    {
        "anbi": "ANBI status",
        "cbf": "CBF recognition",
        "audited_accounts": "audited accounts",
        "local_partner": "a local partner",
        "consortium": "a consortium",
        "iati_publishing": "IATI publishing",
        "eu_pic": "an EU PIC registration",
        "own_income_min_pct": "a minimum share of own income",
        "legal_entity": "legal personality",
        "cofinancing": "co-financing",
        "women_led": "women-led leadership",
        "registered_charity": "registered charity status",
        "track_record": "a track record",
        "own_fundraising": "own fundraising income",
        "invitation": "an invitation",
    },
)
TYPE_LABELS = table(
    "funder_type",
    {
        "foundation": "foundation",
        "lottery": "lottery",
        "bilateral": "bilateral donor",
        "multilateral": "multilateral fund",
        "eu": "EU programme",
        "corporate": "corporate funder",
        "crowdfunding": "crowdfunding platform",
        "impact_investor": "impact investor",
        "women_fund": "women's fund",
        "regranter": "regranter",
    },
)
ACCESS_LABELS = table(
    "access",
    {
        "open_call": "open call",
        "rolling": "rolling",
        "invitation_only": "invitation only",
        "closed": "closed",
    },
)
MONTHS_NL = (
    "jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec",
)  # fmt: skip
MONTHS_EN = (
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
)  # fmt: skip


def label(labels: Table, key: str | None, lang: str) -> str:
    """The label of `key` in `lang`; an unknown key as itself, no key as '?'."""
    if key is None:
        return "?"
    return labels.fill(key, lang)


def join(items: Sequence[str], lang: str) -> str:
    """'a', 'a and b', 'a, b and c' (Dutch: 'en')."""
    items = list(items)
    word = " en " if lang == "nl" else " and "
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + word + items[-1]


def decimal(value: float, lang: str = "en", places: int = 2) -> str:
    """A decimal number in the language's own format: 0.85 / 0,85."""
    text = f"{value:.{places}f}"
    return text.replace(".", ",") if lang == "nl" else text


def whole(number: int, lang: str = "en") -> str:
    """A count with its thousands grouped: 14,164 (Dutch: 14.164)."""
    text = f"{number:,}"
    return text.replace(",", ".") if lang == "nl" else text


def money(amount: float | None, lang: str = "en") -> str:
    """Compact euro amounts: €800, €25k, €1.2m (Dutch: €1,2 mln)."""
    if amount is None:
        return "?"
    sign = "-" if amount < 0 else ""
    value = abs(amount)
    if value >= 1_000_000:
        number = f"{value / 1_000_000:.1f}".rstrip("0").rstrip(".")
        unit = " mln" if lang == "nl" else "m"
    elif value >= 1_000:
        number = f"{value / 1_000:.0f}"
        unit = "k"
    else:
        number, unit = f"{value:.0f}", ""
    if lang == "nl":
        number = number.replace(".", ",")
    return f"{sign}€{number}{unit}"


def money_range(low: float | None, high: float | None, lang: str = "en") -> str:
    if low is not None and high is not None:
        if money(low, lang) == money(high, lang):
            return money(high, lang)
        return f"{money(low, lang)}–{money(high, lang)}"
    if high is not None:
        return ("tot " if lang == "nl" else "up to ") + money(high, lang)
    if low is not None:
        return ("vanaf " if lang == "nl" else "from ") + money(low, lang)
    return "?"


def day(value: date, lang: str = "en") -> str:
    months = MONTHS_NL if lang == "nl" else MONTHS_EN
    return f"{value.day} {months[value.month - 1]} {value.year}"


def partner_view(report: Any, taxonomy: Taxonomy) -> tuple[Any, str]:
    """The report with the partners' funders as its matches, and where the partners are."""
    places = join(
        [taxonomy.place_label(p, report.lang) for p in report.partner_places], report.lang
    )
    return report._replace(matches=report.partners), places


def in_sentence(label_text: str) -> str:
    """A label inside a sentence: "Education" -> "education"; "HIV and AIDS" keeps its case."""
    if len(label_text) > 1 and label_text[0].isupper() and not label_text[1].isupper():
        return label_text[0].lower() + label_text[1:]
    return label_text


def _grant_text(item: tuple[str, int, float | None], lang: str) -> str:
    name, year, amount = item
    if amount is None:
        return f"{name} ({year})"
    return f"{name} ({year}, {money(amount, lang)})"


INCOME_LABELS = table(
    "income",
    {
        "government": "government",
        "foundations": "foundations",
        "lotteries": "lotteries",
        "private_donors": "private donors",
        "corporate": "companies",
        "earned": "earned income",
        "other": "other",
    },
)


def _format(name: str, value: Any, lang: str, taxonomy: Taxonomy) -> str:
    if name.endswith("_dec"):
        return decimal(float(value), lang, 1)
    if name.endswith("_income"):
        return label(INCOME_LABELS, value, lang)
    if name.endswith("_themes"):
        return join([in_sentence(taxonomy.theme_label(v, lang)) for v in value], lang)
    if name.endswith("_grants"):
        return join([_grant_text(v, lang) for v in value], lang)
    if name.endswith("_places"):
        return join([taxonomy.place_label(v, lang) for v in value], lang)
    if name.endswith("_eur"):
        return money(value, lang)
    if name.endswith("_date"):
        return day(value, lang)
    if name.endswith("_forms"):
        return join([label(FORM_LABELS, v, lang) for v in value], lang)
    if name.endswith("_types"):
        return join([label(ORG_TYPE_LABELS, v, lang) for v in value], lang)
    if name.endswith("_prereqs"):
        return join([label(PREREQUISITE_LABELS, v, lang) for v in value], lang)
    if name == "size":
        low, high = value
        return money_range(low, high, lang)
    if name.endswith("_reqs"):
        return join([label(REQUIREMENT_LABELS, v, lang) for v in value], lang)
    if name.endswith("_list"):
        return join(list(value), lang)
    if name == "range" and isinstance(value, tuple):
        low, high = value
        return money_range(low, high, lang)
    return str(value)


def say(reason: Reason, lang: str, taxonomy: Taxonomy) -> str:
    """One reason as a sentence fragment in `lang`."""
    if reason.key not in MESSAGES:
        return reason.key
    params = {name: _format(name, value, lang, taxonomy) for name, value in reason.params}
    template = MESSAGES.text(reason.key, lang)
    if "{valt}" in template:  # Dutch verb agreement: "waar Oeganda valt", "waar A en B vallen"
        many = any(
            isinstance(value, (tuple, list)) and len(value) > 1
            for name, value in reason.params
            if name in ("matched_list", "shared_places")
        )
        params["valt"] = "vallen" if many else "valt"
    return template.format(**params)


def say_all(reasons: Iterable[Reason], lang: str, taxonomy: Taxonomy) -> list[str]:
    return [say(r, lang, taxonomy) for r in reasons]


UI = table(
    "ui",
    {
        "title": "Funding report: {name}",
        "generated": "Generated {date} by fundfinder {version} from {funders} funders (oldest entry checked {oldest}).",
        "profile": "Profile",
        "registered_in": "Registered in",
        "org_type": "Type",
        "budget": "Annual budget",
        "staff": "Staff (FTE)",
        "legal_form": "Legal form",
        "check_ok": "OK: {path} ({name})",
        "check_themes": "Themes, as read:",
        "check_keywords": "Kept as keywords (no theme): {words}",
        "check_places": "Places, as read:",
        "check_registered": "  registered in {place}",
        "how_country": "country",
        "how_region": "region",
        "how_subdivision": "province or district",
        "how_feature": "park, lake, region or camp",
        "how_city": "city",
        "how_typo": "spelling corrected",
        "how_none": "not recognised",
        "card_type": "Type",
        "card_based_in": "Based in",
        "card_works_in": "Works in",
        "card_forms": "Forms",
        "card_registered": "Applicants registered in",
        "card_org_types": "Who may apply",
        "card_requires": "Requires",
        "card_call": "Call",
        "card_status": "Status",
        "card_notes": "Notes",
        "card_notes_english": "Notes",
        "card_checked": "Checked",
        "card_grants": "Known grants",
        "range_unpublished": "no amounts published",
        "core_yes": "gives core support",
        "core_no": "projects only, no core support",
        "anywhere": "anywhere",
        "recurs_yearly": "every year",
        "recurs_quarterly": "every quarter",
        "status_dormant": "dormant",
        "status_closed": "closed",
        "cbf": "CBF-recognised",
        "finances": "Finances",
        "no_finances": "not given",
        "income": "Yearly income",
        "lost_income": "Income lost",
        "from_date": "from {date}",
        "reserves": "Reserves",
        "expenses": "Yearly expenses",
        "admin_costs": "Management and administration costs",
        "works_council_row": "Works council",
        "positions_at_risk": "Positions at risk (FTE)",
        "themes": "Themes",
        "regions": "Regions",
        "need": "Need",
        "need_value": "{amount} a year",
        "months": "for {n} months",
        "forms": "Forms",
        "any_form": "any",
        "core_sought": "core support sought",
        "unknown": "unknown",
        "yes": "yes",
        "no": "no",
        "ranked": "Ranked funders",
        "partners": "Funders your partners can approach",
        "partners_count": "For your partners in {places}: top {shown} of {total} funders they can approach directly.",
        "ranked_count": "Top {shown} of {total} matches.",
        "no_matches": "No funder passed the eligibility rules.",
        "col_rank": "#",
        "col_funder": "Funder",
        "col_type": "Type",
        "col_score": "Score",
        "col_grant": "Grant",
        "col_access": "Access",
        "col_why": "Why",
        "details": "Top matches in detail",
        "why": "Why",
        "watch": "Watch out",
        "breakdown": "Score breakdown",
        "eligibility": "Eligibility",
        "applicants_from": "applicants registered in {places}",
        "applicants_anywhere": "applicants registered anywhere",
        "org_types_only": "for {types}",
        "budget_bounds": "applicant budget {range}",
        "sources": "Sources",
        "checked": "checked {as_of}",
        "excluded": "Excluded funders",
        "excluded_count": "Ruled out by a hard rule: {n}.",
        "excluded_hint": "Ruled out by a hard rule: {n} (add --excluded to see why).",
        "col_reason": "Why excluded",
        "excluded_more": "And {n} more (a larger --top, or --top 0, shows them all).",
        "part_themes": "themes",
        "part_regions": "regions",
        "part_size": "size",
        "part_forms": "forms",
        "part_timing": "timing",
        "part_access": "who may apply",
        "read_as": "Your words, read as",
        "notes_in_english": "more with: fundfinder funders show {id}",
        "keywords": "Kept as keywords",
        "part_history": "past grants",
        "not_judged": "not judged",
        "diagnosis": "Diagnosis",
        "batch_title": "Batch summary",
        "batch_intro": "{n} profiles: {ok} reports written, {failed} could not be read. Generated {date} by fundfinder {version}.",
        "batch_members": "Members",
        "batch_col_member": "Member",
        "batch_col_file": "Profile",
        "batch_col_runway": "Runway (months)",
        "batch_col_gap": "Yearly gap",
        "batch_col_top": "Top funders",
        "batch_contested": "Contested funders",
        "batch_contested_intro": "Funders in the top {top} of at least {minimum} members: coordinate before they all apply at once.",
        "batch_none_contested": "No funder is in the top list of several members.",
        "batch_col_count": "Members",
        "batch_col_needs": "Their needs together",
        "batch_col_members": "Who (rank)",
        "batch_failed": "Profiles that could not be read",
        "batch_wrote": "Wrote {reports} and {summary} ({contested}).",
        "n_reports": ("{n} report", "{n} reports"),
        "n_contested": ("{n} contested funder", "{n} contested funders"),
        "risk": "Risk",
        "lost_share": "Income lost",
        "runway": "Cash runway once the loss hits",
        "runway_value": "{months} months",
        "no_shortfall": "no shortfall",
        "gap": "Yearly gap after the loss",
        "hhi": "Revenue concentration (HHI)",
        "top_source": "Largest source",
        "admin_ratio": "Admin cost ratio",
        "margin": "Operating margin before / after the loss",
        "equity": "Equity ratio (reserves / income)",
        "own_income": "Own income after the loss",
        "own_income_checks": "{pct} (threshold 25%: {met25}; proposed 50%: {met50})",
        "scenarios": "Scenarios",
        "runs_out": (
            "money runs out in {month} ({n} month from now)",
            "money runs out in {month} ({n} months from now)",
        ),
        "lasts": "money lasts beyond 5 years",
        "why_risk": "Why",
        "forms_title": "Forms of funding for this situation",
        "col_form": "Form",
        "col_timing": "In time?",
        "timing_in_time": "in time",
        "timing_maybe": "maybe",
        "timing_too_late": "too late",
        "timing_unknown": "unknown",
        "timing_not_judged": "not judged",
        "checklist": "Reorganisation checklist",
        "checklist_more": "Later: {later}. The full checklist: --format markdown, or `checklist` in the session.",
        "forms_more": "{n} more forms: --format markdown, or `forms` in the session.",
        "owner": "owner",
        "legal_basis": "legal basis",
        "positions_estimated": "Positions at risk are estimated at {n} from the gap (staff x gap / expenses); give the real number to replace the estimate (the session asks for it; in a profile file: finances.positions_at_risk).",
    },
)


def text_in(messages: Table, key: str, lang: str, **params: Any) -> str:
    """`key` of a message table in `lang`, filled in; the key itself if unknown."""
    return messages.fill(key, lang, **params)


def ui(key: str, lang: str, **params: Any) -> str:
    return text_in(UI, key, lang, **params)


def ui_n(key: str, n: int, lang: str, **params: Any) -> str:
    """A message with a count: its singular or plural form, `{n}` filled in."""
    return UI.fill(key, lang, n, **params)
