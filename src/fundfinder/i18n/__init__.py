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

from fundfinder.models import Reason
from fundfinder.taxonomy import Taxonomy

MESSAGES: dict[str, tuple[str, str]] = {
    # theme fit
    "theme.match": (
        "funds {funder_themes} (you: {matched_list})",
        "financiert {funder_themes} (u: {matched_list})",
    ),
    "theme.narrower": (
        "funds {funder_themes}, part of {matched_list}",
        "financiert {funder_themes}, een deel van {matched_list}",
    ),
    "theme.broader": (
        "funds {funder_themes}, which covers {matched_list} in part",
        "financiert {funder_themes}, waar {matched_list} deels onder {valt}",
    ),
    "theme.keyword": (
        "related to your themes through '{words_list}'",
        "verwant aan uw thema's via '{words_list}'",
    ),
    "theme.text": (
        "its own description mentions {words_list}",
        "de eigen beschrijving noemt {words_list}",
    ),
    "theme.none": (
        "no shared theme (funds {funder_themes})",
        "geen gedeeld thema (financiert {funder_themes})",
    ),
    # who may apply
    "access.registered": (
        "open to organisations registered in {rule_places}",
        "staat open voor organisaties geregistreerd in {rule_places}",
    ),
    "access.anywhere": (
        "open to organisations registered anywhere",
        "staat open voor organisaties van overal",
    ),
    "access.unknown": (
        "who may apply is unknown (scored lower)",
        "wie mag aanvragen is onbekend (lager gescoord)",
    ),
    "access.history": (
        "who may apply is not stated; its known grantees are registered in {registered_places}",
        "wie mag aanvragen staat nergens; de bekende ontvangers zijn geregistreerd in {registered_places}",
    ),
    "access.type_family": (
        "names {allowed_types}; yours is a {own_types} (check that it qualifies)",
        "noemt {allowed_types}; de uwe is een {own_types} (ga na of die in aanmerking komt)",
    ),
    "access.women_led": (
        "gives only to groups led by women",
        "geeft alleen aan organisaties die door vrouwen worden geleid",
    ),
    # grant history
    "history.like": (
        "funded {n} organisations like yours since {since}, e.g. {examples_grants}",
        "financierde sinds {since} {n} organisaties zoals de uwe, bijv. {examples_grants}",
    ),
    "history.like_one": (
        "funded an organisation like yours: {examples_grants}",
        "financierde een organisatie zoals de uwe: {examples_grants}",
    ),
    "history.unlike": (
        "{n} known grants, none to an organisation much like yours",
        "{n} bekende bijdragen, geen aan een organisatie die veel op de uwe lijkt",
    ),
    "history.unlike_one": (
        "one known grant, to an organisation not much like yours",
        "één bekende bijdrage, aan een organisatie die niet veel op de uwe lijkt",
    ),
    "history.none": ("no past grants known", "geen eerdere bijdragen bekend"),
    # region fit
    "region.exact": ("in {shared_places}", "in {shared_places}"),
    "region.within": (
        "in {funder_places}, which includes {shared_places}",
        "in {funder_places}, waar {shared_places} onder {valt}",
    ),
    "region.part": (
        "in {funder_places}, part of {shared_places}",
        "in {funder_places}, een deel van {shared_places}",
    ),
    "region.global": ("works worldwide", "werkt wereldwijd"),
    "region.none": (
        "not in your regions (works in {funder_places})",
        "niet in uw regio's (werkt in {funder_places})",
    ),
    # size fit
    "size.fits": (
        "grants {range} fit a {need_eur} need",
        "bedragen van {range} passen bij een behoefte van {need_eur}",
    ),
    "size.partly": (
        "grants {range} fit a {need_eur} need only partly",
        "bedragen van {range} dekken een behoefte van {need_eur} maar deels",
    ),
    "size.small_need": (
        "grants start at {min_eur}, more than your {need_eur} need",
        "bedragen beginnen bij {min_eur}, meer dan uw behoefte van {need_eur}",
    ),
    "size.unknown": ("grant size unknown", "omvang van de bijdragen onbekend"),
    "size.grantees_alike": (
        "its known grantees are mostly of your size",
        "de bekende ontvangers zijn meestal zo groot als u",
    ),
    "size.grantees_larger": (
        "its known grantees are mostly larger than you",
        "de bekende ontvangers zijn meestal groter dan u",
    ),
    "size.grantees_smaller": (
        "its known grantees are mostly smaller than you",
        "de bekende ontvangers zijn meestal kleiner dan u",
    ),
    "size.budget_fit": (
        "your budget of {budget_eur} is within its bounds",
        "uw begroting van {budget_eur} valt binnen de grenzen",
    ),
    # forms
    "forms.match": ("offers {shared_forms}", "biedt {shared_forms}"),
    "forms.unknown": ("forms of funding unknown", "financieringsvormen onbekend"),
    "forms.core": (
        "gives core (unrestricted) support",
        "geeft kernfinanciering (vrij besteedbaar)",
    ),
    "forms.no_core": (
        "project funding only, no core support",
        "alleen projectfinanciering, geen kernfinanciering",
    ),
    "forms.core_unknown": ("core support unknown", "kernfinanciering onbekend"),
    # timing and access
    "timing.deadline": (
        "open call, next deadline {next_date}",
        "open oproep, volgende deadline {next_date}",
    ),
    "timing.estimated": (
        "next deadline about {next_date} (estimated from earlier years)",
        "volgende deadline rond {next_date} (geschat op basis van eerdere jaren)",
    ),
    "timing.dormant": (
        "dormant: no recent funding rounds",
        "slapend: geen recente financieringsrondes",
    ),
    "timing.rolling": ("applications accepted any time", "aanvragen doorlopend mogelijk"),
    "timing.open": ("open calls; no deadline known", "open oproepen; geen deadline bekend"),
    "timing.passed": (
        "last known deadline {last_date} has passed",
        "laatst bekende deadline {last_date} is verstreken",
    ),
    "timing.invitation": ("by invitation only", "alleen op uitnodiging"),
    "timing.unknown": ("how to apply is unknown", "hoe aan te vragen is onbekend"),
    # flags
    "flag.invitation": (
        "invitation only: approach through your network",
        "alleen op uitnodiging: benader via uw netwerk",
    ),
    "flag.stale": (
        "possibly out of date (checked {as_of})",
        "mogelijk verouderd (gecontroleerd {as_of})",
    ),
    "flag.registration_unknown": (
        "who may apply is unknown: check registration rules",
        "wie mag aanvragen is onbekend: controleer de registratie-eisen",
    ),
    "flag.registration_unchecked": (
        "gives only to organisations registered in {rule_places}; the profile does not say where you are registered",
        "geeft alleen aan organisaties geregistreerd in {rule_places}; het profiel zegt niet waar u geregistreerd bent",
    ),
    "flag.requires": ("requires {needed_reqs}", "vereist {needed_reqs}"),
    "flag.cofinancing": ("you co-finance {pct}%", "u financiert {pct}% zelf mee"),
    # exclusions
    "excl.closed": ("closed to applications", "gesloten voor aanvragen"),
    "excl.own_income": (
        "asks at least {min_eur} a year of own income (not from government); yours is {own_eur}",
        "vraagt minstens {min_eur} per jaar aan eigen inkomsten (niet van de overheid); de uwe: {own_eur}",
    ),
    "excl.replaced": (
        "closed; replaced by {replaced_by}",
        "gesloten; opgevolgd door {replaced_by}",
    ),
    "excl.profile": (
        "excluded in the profile's preferences",
        "uitgesloten in de voorkeuren van het profiel",
    ),
    "excl.registration": (
        "gives only to organisations registered in {rule_places}; yours is registered in {own_places}",
        "geeft alleen aan organisaties geregistreerd in {rule_places}; de uwe is geregistreerd in {own_places}",
    ),
    "excl.org_type": (
        "only for {allowed_types} (not for {own_types})",
        "alleen voor {allowed_types} (niet voor {own_types})",
    ),
    "excl.budget_small": (
        "only for organisations with a budget of at least {min_eur}; yours is {budget_eur}",
        "alleen voor organisaties met een begroting van minstens {min_eur}; de uwe is {budget_eur}",
    ),
    "excl.budget_large": (
        "only for organisations with a budget up to {max_eur}; yours is {budget_eur}",
        "alleen voor organisaties met een begroting tot {max_eur}; de uwe is {budget_eur}",
    ),
    "excl.forms": (
        "offers only {offered_forms}; you seek {wanted_forms}",
        "biedt alleen {offered_forms}; u zoekt {wanted_forms}",
    ),
    "excl.requirement": (
        "requires {needed_reqs}, which the profile says you lack",
        "vereist {needed_reqs}, wat u volgens het profiel niet heeft",
    ),
}

MESSAGES.update(
    {
        # diagnosis
        "risk.runway_critical": (
            "cash lasts {months_dec} months, under the {limit}-month minimum reserve",
            "de kas reikt {months_dec} maanden, minder dan de minimumreserve van {limit} maanden",
        ),
        "risk.runway_high": (
            "cash lasts {months_dec} months, under the usual {limit} months",
            "de kas reikt {months_dec} maanden, minder dan de gebruikelijke {limit} maanden",
        ),
        "risk.runway_medium": (
            "cash lasts {months_dec} months, under a year",
            "de kas reikt {months_dec} maanden, minder dan een jaar",
        ),
        "risk.lost_high": ("{pct}% of income is lost", "{pct}% van de inkomsten valt weg"),
        "risk.lost_medium": ("{pct}% of income is lost", "{pct}% van de inkomsten valt weg"),
        "risk.concentration": (
            "{pct}% of income came from one source ({source_income})",
            "{pct}% van de inkomsten kwam uit één bron ({source_income})",
        ),
        "risk.deficit": (
            "a yearly gap of {gap_eur} after the loss",
            "een jaarlijks tekort van {gap_eur} na het verlies",
        ),
        "risk.own_income_low": (
            "own income is {pct}% of the total, under the 25% threshold",
            "eigen inkomsten zijn {pct}% van het totaal, onder de drempel van 25%",
        ),
        "risk.none": (
            "no warning signs in the figures given",
            "geen waarschuwingssignalen in de opgegeven cijfers",
        ),
        # funding forms
        "form.in_time": (
            "first money in {range} months, within the {runway_dec} months your cash lasts",
            "eerste geld binnen {range} maanden, binnen de {runway_dec} maanden die uw kas reikt",
        ),
        "form.maybe": (
            "first money in {range} months: may not arrive within the {runway_dec} months your cash lasts",
            "eerste geld binnen {range} maanden: komt mogelijk niet binnen de {runway_dec} maanden die uw kas reikt",
        ),
        "form.too_late": (
            "too late for your cash: first money in {range} months, cash lasts {runway_dec} months",
            "te laat voor uw kas: eerste geld pas na {range} maanden, de kas reikt {runway_dec} maanden",
        ),
        "form.time_no_runway": (
            "first money in {range} months (timing not judged: no cash figures given)",
            "eerste geld binnen {range} maanden (timing niet beoordeeld: geen kascijfers opgegeven)",
        ),
        "form.time_unknown": ("time to first money unknown", "tijd tot eerste geld onbekend"),
        "form.size": (
            "typically {size} against a {gap_eur} gap",
            "doorgaans {size} tegenover een tekort van {gap_eur}",
        ),
        "form.bridge_only": (
            "bridges timing only; does not replace lost income",
            "overbrugt alleen; vervangt geen weggevallen inkomsten",
        ),
        "form.lacks": (
            "needs {missing_prereqs}, which you lack",
            "vereist {missing_prereqs}, wat u niet heeft",
        ),
        "form.has": ("you have {present_prereqs}", "u heeft {present_prereqs}"),
    }
)

PREREQUISITE_LABELS: dict[str, tuple[str, str]] = {
    "anbi": ("ANBI status", "ANBI-status"),
    "cbf": ("CBF recognition", "CBF-erkenning"),
    "own_fundraising": ("own fundraising income", "eigen fondsenwerving"),
    "audited_accounts": ("audited accounts", "gecontroleerde jaarrekening"),
    "cofinancing": ("co-financing", "cofinanciering"),
    "fundraising_staff": ("fundraising staff", "fondsenwervers"),
    "supporter_base": ("a supporter base", "een achterban van gevers"),
    "local_partner": ("a local partner", "een lokale partner"),
    "consortium": ("consortium partners", "consortiumpartners"),
    "repayment_capacity": ("repayment capacity", "terugbetaalcapaciteit"),
    "business_capacity": ("business skills and capital", "ondernemersvaardigheden en kapitaal"),
    "board_approval": ("board approval", "goedkeuring van het bestuur"),
    "registered_nl": ("Dutch registration", "Nederlandse registratie"),
    "works_council_advice": ("works council advice", "advies van de ondernemingsraad"),
}
PHASE_LABELS: dict[str, tuple[str, str]] = {
    "this_week": ("This week", "Deze week"),
    "30_days": ("Within 30 days", "Binnen 30 dagen"),
    "90_days": ("Within 90 days", "Binnen 90 dagen"),
    "6_months": ("Within 6 months", "Binnen 6 maanden"),
}
OWNER_LABELS: dict[str, tuple[str, str]] = {
    "director": ("director", "directeur"),
    "board": ("board", "bestuur"),
    "works_council": ("works council", "ondernemingsraad"),
    "hr": ("HR", "HR"),
    "finance": ("finance", "financiën"),
}
SCENARIO_LABELS: dict[str, tuple[str, str]] = {
    "do_nothing": ("Do nothing", "Niets doen"),
    "cut_costs": (
        "Cut costs by {cut_pct}% from month {from_month}",
        "Kosten {cut_pct}% omlaag vanaf maand {from_month}",
    ),
    "raise_income": (
        "Raise {raise_eur_per_year} a year from month {from_month}",
        "{raise_eur_per_year} per jaar extra vanaf maand {from_month}",
    ),
    "cut_and_raise": (
        "Both: cut {cut_pct}% and raise {raise_eur_per_year} a year",
        "Beide: {cut_pct}% besparen en {raise_eur_per_year} per jaar extra",
    ),
}
RISK_LABELS: dict[str, tuple[str, str]] = {
    "low": ("low", "laag"),
    "medium": ("medium", "gemiddeld"),
    "high": ("high", "hoog"),
    "critical": ("critical", "kritiek"),
}

FORM_LABELS: dict[str, tuple[str, str]] = {
    "grant": ("grants", "giften"),
    "loan": ("loans", "leningen"),
    "equity": ("equity", "aandelenkapitaal"),
    "guarantee": ("guarantees", "garanties"),
    "matchfunding": ("matchfunding", "matchfunding (verdubbeling)"),
    "in_kind": ("in-kind support", "steun in natura"),
    "prize": ("prizes", "prijzen"),
    "crowdfunding": ("crowdfunding", "crowdfunding"),
}
ORG_TYPE_LABELS: dict[str, tuple[str, str]] = {
    "ngo": ("NGOs", "ngo's"),
    "grassroots": ("grassroots groups", "basisorganisaties"),
    "network": ("networks", "netwerken"),
    "research": ("research institutes", "onderzoeksinstellingen"),
    "social_enterprise": ("social enterprises", "sociale ondernemingen"),
    "foundation": ("foundations", "stichtingen/fondsen"),
    "consortium": ("consortia", "consortia"),
}
ORG_TYPE_SINGULAR: dict[str, tuple[str, str]] = {
    "ngo": ("NGO", "ngo"),
    "grassroots": ("grassroots group", "basisorganisatie"),
    "network": ("network", "netwerk"),
    "research": ("research institute", "onderzoeksinstelling"),
    "social_enterprise": ("social enterprise", "sociale onderneming"),
    "foundation": ("grant-making foundation", "vermogensfonds"),
    "consortium": ("consortium", "consortium"),
}
REQUIREMENT_LABELS: dict[str, tuple[str, str]] = {
    "anbi": ("ANBI status", "ANBI-status"),
    "cbf": ("CBF recognition", "CBF-erkenning"),
    "audited_accounts": ("audited accounts", "gecontroleerde jaarrekening"),
    "local_partner": ("a local partner", "een lokale partner"),
    "consortium": ("a consortium", "een consortium"),
    "iati_publishing": ("IATI publishing", "publicatie in IATI"),
    "eu_pic": ("an EU PIC registration", "een EU PIC-registratie"),
    "own_income_min_pct": ("a minimum share of own income", "een minimumaandeel eigen inkomsten"),
    "legal_entity": ("legal personality", "rechtspersoonlijkheid"),
    "cofinancing": ("co-financing", "cofinanciering"),
    "women_led": ("women-led leadership", "leiding door vrouwen"),
    "registered_charity": ("registered charity status", "geregistreerde goededoelenstatus"),
    "track_record": ("a track record", "een aantoonbaar trackrecord"),
    "own_fundraising": ("own fundraising income", "eigen fondsenwerving"),
    "invitation": ("an invitation", "een uitnodiging"),
}
TYPE_LABELS: dict[str, tuple[str, str]] = {
    "foundation": ("foundation", "vermogensfonds"),
    "lottery": ("lottery", "loterij"),
    "bilateral": ("bilateral donor", "bilaterale donor"),
    "multilateral": ("multilateral fund", "multilateraal fonds"),
    "eu": ("EU programme", "EU-programma"),
    "corporate": ("corporate funder", "bedrijfsfonds"),
    "crowdfunding": ("crowdfunding platform", "crowdfundingplatform"),
    "impact_investor": ("impact investor", "impactinvesteerder"),
    "women_fund": ("women's fund", "vrouwenfonds"),
    "regranter": ("regranter", "doorgever van fondsen"),
}
ACCESS_LABELS: dict[str, tuple[str, str]] = {
    "open_call": ("open call", "open oproep"),
    "rolling": ("rolling", "doorlopend"),
    "invitation_only": ("invitation only", "op uitnodiging"),
    "closed": ("closed", "gesloten"),
}
MONTHS_NL = (
    "jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec",
)  # fmt: skip
MONTHS_EN = (
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
)  # fmt: skip


def _pick(pair: tuple[str, str], lang: str) -> str:
    return pair[1] if lang == "nl" else pair[0]


def label(table: dict[str, tuple[str, str]], key: str | None, lang: str) -> str:
    if key is None:
        return "?"
    pair = table.get(key)
    return _pick(pair, lang) if pair else key


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


INCOME_LABELS: dict[str, tuple[str, str]] = {
    "government": ("government", "overheid"),
    "foundations": ("foundations", "vermogensfondsen"),
    "lotteries": ("lotteries", "loterijen"),
    "private_donors": ("private donors", "particuliere donateurs"),
    "corporate": ("companies", "bedrijven"),
    "earned": ("earned income", "eigen verdiensten"),
    "other": ("other", "overig"),
}


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
    pair = MESSAGES.get(reason.key)
    if pair is None:
        return reason.key
    params = {name: _format(name, value, lang, taxonomy) for name, value in reason.params}
    template = _pick(pair, lang)
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


UI: dict[str, tuple[str, str]] = {
    "title": ("Funding report: {name}", "Financieringsrapport: {name}"),
    "generated": (
        "Generated {date} by fundfinder {version} from {funders} funders (oldest entry checked {oldest}).",
        "Gemaakt op {date} door fundfinder {version} uit {funders} fondsen (oudste controle {oldest}).",
    ),
    "profile": ("Profile", "Profiel"),
    "registered_in": ("Registered in", "Geregistreerd in"),
    "org_type": ("Type", "Type"),
    "budget": ("Annual budget", "Jaarbegroting"),
    "staff": ("Staff (FTE)", "Personeel (fte)"),
    "legal_form": ("Legal form", "Rechtsvorm"),
    "check_ok": ("OK: {path} ({name})", "In orde: {path} ({name})"),
    "check_themes": ("Themes, as read:", "Thema's, zoals gelezen:"),
    "check_keywords": (
        "Kept as keywords (no theme): {words}",
        "Bewaard als trefwoorden (geen thema): {words}",
    ),
    "check_places": ("Places, as read:", "Plaatsen, zoals gelezen:"),
    "check_registered": ("  registered in {place}", "  geregistreerd in {place}"),
    "how_country": ("country", "land"),
    "how_region": ("region", "regio"),
    "how_subdivision": ("province or district", "provincie of district"),
    "how_city": ("city", "stad"),
    "how_typo": ("spelling corrected", "spelling verbeterd"),
    "how_none": ("not recognised", "niet herkend"),
    "card_type": ("Type", "Soort"),
    "card_based_in": ("Based in", "Gevestigd in"),
    "card_works_in": ("Works in", "Werkt in"),
    "card_forms": ("Forms", "Vormen"),
    "card_registered": ("Applicants registered in", "Aanvragers geregistreerd in"),
    "card_org_types": ("Who may apply", "Wie mag aanvragen"),
    "card_requires": ("Requires", "Vereist"),
    "card_call": ("Call", "Oproep"),
    "card_status": ("Status", "Status"),
    "card_notes": ("Notes", "Toelichting"),
    "card_notes_english": ("Notes", "Toelichting (in het Engels)"),
    "card_checked": ("Checked", "Gecontroleerd"),
    "card_grants": ("Known grants", "Bekende giften"),
    "range_unpublished": ("no amounts published", "geen bedragen gepubliceerd"),
    "core_yes": ("gives core support", "geeft kernfinanciering"),
    "core_no": ("projects only, no core support", "alleen projecten, geen kernfinanciering"),
    "anywhere": ("anywhere", "overal"),
    "recurs_yearly": ("every year", "elk jaar"),
    "recurs_quarterly": ("every quarter", "elk kwartaal"),
    "status_dormant": ("dormant", "slapend"),
    "status_closed": ("closed", "gesloten"),
    "cbf": ("CBF-recognised", "CBF-erkend"),
    "finances": ("Finances", "Financiën"),
    "no_finances": ("not given", "niet opgegeven"),
    "income": ("Yearly income", "Jaarlijkse inkomsten"),
    "lost_income": ("Income lost", "Weggevallen inkomsten"),
    "from_date": ("from {date}", "vanaf {date}"),
    "reserves": ("Reserves", "Reserves"),
    "expenses": ("Yearly expenses", "Jaarlijkse lasten"),
    "admin_costs": ("Management and administration costs", "Beheer- en administratiekosten"),
    "works_council_row": ("Works council", "Ondernemingsraad"),
    "positions_at_risk": ("Positions at risk (FTE)", "Functies op de tocht (fte)"),
    "themes": ("Themes", "Thema's"),
    "regions": ("Regions", "Regio's"),
    "need": ("Need", "Behoefte"),
    "need_value": ("{amount} a year", "{amount} per jaar"),
    "months": ("for {n} months", "voor {n} maanden"),
    "forms": ("Forms", "Vormen"),
    "any_form": ("any", "alle"),
    "core_sought": ("core support sought", "kernfinanciering gezocht"),
    "unknown": ("unknown", "onbekend"),
    "yes": ("yes", "ja"),
    "no": ("no", "nee"),
    "ranked": ("Ranked funders", "Gerangschikte fondsen"),
    "partners": (
        "Funders your partners can approach",
        "Fondsen die uw partners zelf kunnen benaderen",
    ),
    "partners_count": (
        "For your partners in {places}: top {shown} of {total} funders they can approach directly.",
        "Voor uw partners in {places}: top {shown} van {total} fondsen die zij zelf kunnen benaderen.",
    ),
    "ranked_count": ("Top {shown} of {total} matches.", "Top {shown} van {total} kandidaten."),
    "no_matches": (
        "No funder passed the eligibility rules.",
        "Geen enkel fonds voldoet aan de toelatingseisen.",
    ),
    "col_rank": ("#", "#"),
    "col_funder": ("Funder", "Fonds"),
    "col_type": ("Type", "Type"),
    "col_score": ("Score", "Score"),
    "col_grant": ("Grant", "Bedrag"),
    "col_access": ("Access", "Toegang"),
    "col_why": ("Why", "Waarom"),
    "details": ("Top matches in detail", "Beste kandidaten in detail"),
    "why": ("Why", "Waarom"),
    "watch": ("Watch out", "Let op"),
    "breakdown": ("Score breakdown", "Opbouw van de score"),
    "eligibility": ("Eligibility", "Toelating"),
    "applicants_from": (
        "applicants registered in {places}",
        "aanvragers geregistreerd in {places}",
    ),
    "applicants_anywhere": ("applicants registered anywhere", "aanvragers van overal"),
    "org_types_only": ("for {types}", "voor {types}"),
    "budget_bounds": ("applicant budget {range}", "begroting aanvrager {range}"),
    "sources": ("Sources", "Bronnen"),
    "checked": ("checked {as_of}", "gecontroleerd {as_of}"),
    "excluded": ("Excluded funders", "Uitgesloten fondsen"),
    "excluded_count": (
        "Ruled out by a hard rule: {n}.",
        "Uitgesloten door een harde eis: {n}.",
    ),
    "excluded_hint": (
        "Ruled out by a hard rule: {n} (add --excluded to see why).",
        "Uitgesloten door een harde eis: {n} (gebruik --excluded om te zien waarom).",
    ),
    "col_reason": ("Why excluded", "Reden van uitsluiting"),
    "excluded_more": (
        "And {n} more (a larger --top, or --top 0, shows them all).",
        "En nog {n} (een grotere --top, of --top 0, toont ze allemaal).",
    ),
    "part_themes": ("themes", "thema's"),
    "part_regions": ("regions", "regio's"),
    "part_size": ("size", "omvang"),
    "part_forms": ("forms", "vormen"),
    "part_timing": ("timing", "timing"),
    "part_access": ("who may apply", "wie mag aanvragen"),
    "read_as": ("Your words, read as", "Uw woorden, gelezen als"),
    "notes_in_english": (
        "more with: fundfinder funders show {id}",
        "toelichting (Engelstalig) met: fundfinder funders show {id}",
    ),
    "keywords": ("Kept as keywords", "Bewaard als trefwoorden"),
    "part_history": ("past grants", "eerdere bijdragen"),
    "not_judged": ("not judged", "niet beoordeeld"),
    "diagnosis": ("Diagnosis", "Diagnose"),
    "batch_title": ("Batch summary", "Overzicht van de batch"),
    "batch_intro": (
        "{n} profiles: {ok} reports written, {failed} could not be read. Generated {date} by fundfinder {version}.",
        "{n} profielen: {ok} rapporten gemaakt, {failed} niet te lezen. Gemaakt op {date} door fundfinder {version}.",
    ),
    "batch_members": ("Members", "Leden"),
    "batch_col_member": ("Member", "Lid"),
    "batch_col_file": ("Profile", "Profiel"),
    "batch_col_runway": ("Runway (months)", "Kas (maanden)"),
    "batch_col_gap": ("Yearly gap", "Jaartekort"),
    "batch_col_top": ("Top funders", "Beste fondsen"),
    "batch_contested": ("Contested funders", "Gedeelde fondsen"),
    "batch_contested_intro": (
        "Funders in the top {top} of at least {minimum} members: coordinate before they all apply at once.",
        "Fondsen in de top {top} van minstens {minimum} leden: stem af voordat ze allemaal tegelijk aanvragen.",
    ),
    "batch_none_contested": (
        "No funder is in the top list of several members.",
        "Geen fonds staat bij meerdere leden bovenaan.",
    ),
    "batch_col_count": ("Members", "Leden"),
    "batch_col_needs": ("Their needs together", "Hun behoefte samen"),
    "batch_col_members": ("Who (rank)", "Wie (positie)"),
    "batch_failed": ("Profiles that could not be read", "Profielen die niet te lezen waren"),
    "batch_wrote": (
        "Wrote {reports} and {summary} ({contested}).",
        "{reports} en {summary} geschreven ({contested}).",
    ),
    "n_report_one": ("report", "rapport"),
    "n_report_many": ("reports", "rapporten"),
    "n_contested_one": ("contested funder", "omstreden fonds"),
    "n_contested_many": ("contested funders", "omstreden fondsen"),
    "risk": ("Risk", "Risico"),
    "lost_share": ("Income lost", "Weggevallen inkomsten"),
    "runway": ("Cash runway once the loss hits", "Kas reikt na het verlies"),
    "runway_value": ("{months} months", "{months} maanden"),
    "no_shortfall": ("no shortfall", "geen tekort"),
    "gap": ("Yearly gap after the loss", "Jaarlijks tekort na het verlies"),
    "hhi": ("Revenue concentration (HHI)", "Concentratie van inkomsten (HHI)"),
    "top_source": ("Largest source", "Grootste bron"),
    "admin_ratio": ("Admin cost ratio", "Beheerkostenratio"),
    "margin": (
        "Operating margin before / after the loss",
        "Exploitatiemarge voor / na het verlies",
    ),
    "equity": ("Equity ratio (reserves / income)", "Reserveratio (reserves / inkomsten)"),
    "own_income": ("Own income after the loss", "Eigen inkomsten na het verlies"),
    "own_income_checks": (
        "{pct} (threshold 25%: {met25}; proposed 50%: {met50})",
        "{pct} (drempel 25%: {met25}; voorgesteld 50%: {met50})",
    ),
    "scenarios": ("Scenarios", "Scenario's"),
    "runs_out": (
        "money runs out in {month} ({months} months from now)",
        "geld op in {month} (over {months} maanden)",
    ),
    "runs_out_one": (
        "money runs out in {month} (1 month from now)",
        "geld op in {month} (over 1 maand)",
    ),
    "lasts": ("money lasts beyond 5 years", "geld reikt verder dan 5 jaar"),
    "why_risk": ("Why", "Waarom"),
    "forms_title": (
        "Forms of funding for this situation",
        "Financieringsvormen voor deze situatie",
    ),
    "col_form": ("Form", "Vorm"),
    "col_timing": ("In time?", "Op tijd?"),
    "timing_in_time": ("in time", "op tijd"),
    "timing_maybe": ("maybe", "misschien"),
    "timing_too_late": ("too late", "te laat"),
    "timing_unknown": ("unknown", "onbekend"),
    "timing_not_judged": ("not judged", "niet beoordeeld"),
    "checklist": ("Reorganisation checklist", "Checklist reorganisatie"),
    "checklist_more": (
        "Later: {later}. The full checklist: --format markdown, or `checklist` in the session.",
        "Later: {later}. De hele checklist: --format markdown, of `checklist` in de sessie.",
    ),
    "forms_more": (
        "{n} more forms: --format markdown, or `forms` in the session.",
        "Nog {n} vormen: --format markdown, of `forms` in de sessie.",
    ),
    "owner": ("owner", "eigenaar"),
    "legal_basis": ("legal basis", "wettelijke basis"),
    "positions_estimated": (
        "Positions at risk are estimated at {n} from the gap (staff x gap / expenses); give the real number to replace the estimate (the session asks for it; in a profile file: finances.positions_at_risk).",
        "Het aantal bedreigde functies is geschat op {n} uit het tekort (personeel x tekort / lasten); geef het werkelijke aantal op om de schatting te vervangen (de sessie vraagt ernaar; in een profielbestand: finances.positions_at_risk).",
    ),
}


def text_in(table: dict[str, tuple[str, str]], key: str, lang: str, **params: Any) -> str:
    """`key` of an (English, Dutch) table in `lang`, filled in; the key itself if unknown."""
    pair = table.get(key)
    if pair is None:
        return key
    text = _pick(pair, lang)
    return text.format(**params) if params else text


def ui(key: str, lang: str, **params: Any) -> str:
    return text_in(UI, key, lang, **params)


# Error messages in Dutch: each line of an English error is matched against
# these patterns (first match wins); quoted values, numbers and file names are
# carried over. Lines without a pattern stay English.
_ERROR_PATTERNS_NL: tuple[tuple[str, str], ...] = (
    (r"^(.*): 1 problem in the profile:$", r"\1: 1 probleem in het profiel:"),
    (r"^(.*): (\d+) problems in the profile:$", r"\1: \2 problemen in het profiel:"),
    (r"^(.*): 1 problem in the funder database:$", r"\1: 1 probleem in de fondsendatabase:"),
    (r"^(.*): (\d+) problems in the funder database:$", r"\1: \2 problemen in de fondsendatabase:"),
    (r"^invalid funder database:$", "ongeldige fondsendatabase:"),
    (r"^(\d+) of 1 profile could not be read: (.*) \(see (.*)\)$",
     r"\1 van 1 profiel niet te lezen: \2 (zie \3)"),
    (r"^(\d+) of (\d+) profiles could not be read: (.*) \(see (.*)\)$",
     r"\1 van \2 profielen niet te lezen: \3 (zie \4)"),
    (r"^is required \(with at least a name\)$", "is verplicht (met minstens een naam)"),
    (r"^is required$", "is verplicht"),
    (r"^needs at least a name$", "heeft minstens een naam nodig"),
    (r"^must not be empty$", "mag niet leeg zijn"),
    (r"^must list at least one item$", "moet minstens één waarde bevatten"),
    (r"^must be a finite number$", "moet een eindig getal zijn"),
    (r"^expected a whole number$", "verwacht een geheel getal"),
    (r"^is (.*); it must be at least (.*)$", r"is \1; het moet minstens \2 zijn"),
    (r"^is (.*); it must be more than 0$", r"is \1; het moet meer dan 0 zijn"),
    (r"^is (.*); at most (.*) is plausible$", r"is \1; hooguit \2 is aannemelijk"),
    (r"^is (.*); expected a whole number$", r"is \1; verwacht een geheel getal"),
    (r"^is (\d+) characters; at most (\d+)$", r"is \1 tekens; hooguit \2"),
    (r"^is longer than (\d+) characters$", r"is langer dan \1 tekens"),
    (r"^has (\d+) items; at most (\d+)$", r"heeft \1 waarden; hooguit \2"),
    (r"^expected text, got (.*)$", r"verwacht tekst, kreeg \1"),
    (r"^expected a number, got (.*)$", r"verwacht een getal, kreeg \1"),
    (r"^expected yes or no, got (.*)$", r"verwacht ja of nee, kreeg \1"),
    (r"^expected a list, got (.*)$", r"verwacht een lijst, kreeg \1"),
    (r"^expected a date like (\S+), got (.*)$", r"verwacht een datum als \1, kreeg \2"),
    (r"^expected a mapping \(key: value lines\), got (.*)$", r"verwacht regels 'sleutel: waarde', kreeg \1"),
    (r"^unknown key( \(did you mean '[^']*'\?\))?; valid keys: (.*)$", r"onbekende sleutel\1; geldige sleutels: \2"),
    (r"^unknown value (.*?)( \(did you mean '[^']*'\?\))?; valid: (.*)$", r"onbekende waarde \1\2; geldig: \3"),
    (r"^unknown theme (.*?); closest: (.*)$", r"onbekend thema \1; lijkt op: \2"),
    (r"^unknown theme (.*)$", r"onbekend thema \1"),
    (r"^unknown country or region (.*?); closest: (.*)$", r"onbekend land of onbekende regio \1; lijkt op: \2"),
    (r"^unknown country or region (.*)$", r"onbekend land of onbekende regio \1"),
    (r"^unknown country (.*?); closest: (.*)$", r"onbekend land \1; lijkt op: \2"),
    (r"^unknown country (.*)$", r"onbekend land \1"),
    (r"^unknown form (.*?); valid: (.*)$", r"onbekende financieringsvorm \1; geldig: \2"),
    (r"^at least one weight must be above 0$", "minstens één gewicht moet boven 0 liggen"),
    (r"^(.*): the file is empty; `fundfinder profile new` writes a template$",
     r"\1: het bestand is leeg; `fundfinder profile new` schrijft een sjabloon"),
    (r"^(.*): expected a mapping with organisation, themes and regions at the top$",
     r"\1: verwacht bovenaan organisation, themes en regions"),
    (r"^(.*): no such file$", r"\1: bestand bestaat niet"),
    (r"^(.*): is a folder, not a file$", r"\1: is een map, geen bestand"),
    (r"^(.*): permission denied(.*)$", r"\1: geen toegang\2"),
    (r"^(.*): the file is (.*) MiB; the limit is (.*) MiB$", r"\1: het bestand is \2 MiB; de grens is \3 MiB"),
    (r"^(.*): the file exists; use --force to overwrite it$", r"\1: het bestand bestaat al; gebruik --force om het te overschrijven"),
    (r"^(.*?)(line \d+(?:, column \d+)?): not valid YAML: (.*)$", r"\1\2: geen geldige YAML: \3"),
    (r"^(.*?)(line \d+): duplicate key (.*) \(first given on line (\d+)\)$", r"\1\2: dubbele sleutel \3 (eerst op regel \4)"),
    (r"^(.*?)(line \d+): not UTF-8 text \(byte (.*)\); save the file as UTF-8$",
     r"\1\2: geen UTF-8-tekst (byte \3); sla het bestand op als UTF-8"),
    (r"^(.*?)the YAML expands \(through aliases\) to more than (.*) nodes; refusing to read it$",
     r"\1de YAML groeit (via aliassen) uit tot meer dan \2 knopen; niet ingelezen"),
    (r"^(.*?)the YAML is nested more than (\d+) levels deep$", r"\1de YAML is dieper genest dan \2 niveaus"),
)  # fmt: skip
_LOCATED = None


def translate_error(message: str, lang: str) -> str:
    """An error message in `lang`: each line (after its 'file:line: field: ' prefix) translated."""
    if lang != "nl":
        return message
    import re

    global _LOCATED
    if _LOCATED is None:
        _LOCATED = [(re.compile(p), r) for p, r in _ERROR_PATTERNS_NL]
    prefix_re = re.compile(r"^(\s*\S+?:\d+: (?:[^\s:]+: )?)(.*)$")
    out = []
    for line in message.split("\n"):
        head, body = "", line
        located = prefix_re.match(line)
        if located:
            head, body = located.group(1), located.group(2)
        else:
            stripped = line.lstrip()
            head, body = line[: len(line) - len(stripped)], stripped
        for pattern, replacement in _LOCATED:
            if pattern.match(body):
                body = pattern.sub(replacement, body)
                break
        for english, dutch in _FRAGMENTS_NL:
            body = re.sub(english, dutch, body)
        if "lijkt op: " in body:
            start = body.index("lijkt op: ") + len("lijkt op: ")
            names = _dutch_labels()
            body = body[:start] + ", ".join(names.get(n, n) for n in body[start:].split(", "))
        out.append(head + body)
    return "\n".join(out)


_FRAGMENTS_NL: tuple[tuple[str, str], ...] = (
    (r" \(did you mean ", " (bedoelt u "),
    (r"kreeg text ", "kreeg tekst "),
    (r"kreeg a list", "kreeg een lijst"),
    (r"kreeg a mapping", "kreeg regels 'sleutel: waarde'"),
    (r"kreeg the number ", "kreeg het getal "),
    (r"kreeg the date ", "kreeg de datum "),
    (r"kreeg yes/no \(True\)", "kreeg ja/nee (ja)"),
    (r"kreeg yes/no \(False\)", "kreeg ja/nee (nee)"),
    (r"kreeg nothing", "kreeg niets"),
    (r"\bline (\d+)", r"regel \1"),
    (r"\bcolumn (\d+)", r"kolom \1"),
)


def _dutch_labels() -> dict[str, str]:
    """English display names of themes, regions and countries -> their Dutch names."""
    from fundfinder.taxonomy import load_taxonomy

    taxonomy = load_taxonomy()
    names = {t.en: t.nl for t in taxonomy.themes.values()}
    names.update({r.en: r.nl for r in taxonomy.regions.values()})
    names.update(
        {
            name: taxonomy.dutch_countries.get(code, name)
            for code, name in taxonomy.countries.items()
        }
    )
    return names
