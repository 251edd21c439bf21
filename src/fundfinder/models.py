"""Plain, immutable data: funders, profiles, matches and the report built from them.

Records are NamedTuples: immutable, hashable, picklable and, unlike frozen
dataclasses, cheap to define, which matters for a command that starts dozens
of times in a conversation.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:  # types only: the records below are filled by the parts above
    from fundfinder.advise.advice import ChecklistItem, FormAdvice
    from fundfinder.advise.diagnosis import Diagnosis
    from fundfinder.load.history import PastGrant

FUNDER_TYPES = (
    "foundation",
    "lottery",
    "bilateral",
    "multilateral",
    "eu",
    "corporate",
    "crowdfunding",
    "impact_investor",
    "women_fund",
    "regranter",
)
ORG_TYPES = (
    "ngo",
    "grassroots",
    "network",
    "research",
    "social_enterprise",
    "foundation",
    "consortium",
)
FORMS = ("grant", "loan", "equity", "guarantee", "matchfunding", "in_kind", "prize", "crowdfunding")
ACCESS = ("open_call", "rolling", "invitation_only", "closed")
STATUSES = ("active", "dormant", "closed")
RECURS = ("once", "yearly", "quarterly")
REQUIREMENTS = (
    "anbi",
    "cbf",
    "audited_accounts",
    "local_partner",
    "consortium",
    "iati_publishing",
    "eu_pic",
    "own_income_min_pct",
    "legal_entity",
    "cofinancing",
    "women_led",
    "registered_charity",
    "track_record",
    "own_fundraising",
    "invitation",
)
PREREQUISITES = (  # what a funding form or checklist item may ask of an organisation
    "anbi",
    "cbf",
    "own_fundraising",
    "audited_accounts",
    "cofinancing",
    "fundraising_staff",
    "supporter_base",
    "local_partner",
    "consortium",
    "repayment_capacity",
    "business_capacity",
    "board_approval",
    "registered_nl",
    "works_council_advice",
)
INCOME_SOURCES = (
    "government",
    "foundations",
    "lotteries",
    "private_donors",
    "corporate",
    "earned",
    "other",
)
LANGS = ("en", "nl")


class Eligibility(NamedTuple):
    """Who may apply. `None` means the database does not say (unknown, never 'met')."""

    registered_in: tuple[str, ...] | None = None
    org_types: tuple[str, ...] | None = None
    budget_min_eur: float | None = None
    budget_max_eur: float | None = None
    requires: tuple[str, ...] = ()
    notes: str | None = None
    own_income_min_eur: float | None = None  # yearly income other than government grants
    notes_nl: str | None = None  # the notes in Dutch, where written


class Grant(NamedTuple):
    min_eur: float | None = None
    max_eur: float | None = None
    stated: str | None = None
    typical_months: int | None = None
    multi_year: bool | None = None
    cofinancing_pct: float | None = None
    core_support: bool | None = None
    range_published: bool | None = None  # False: the funder publishes no amounts (known)


class Call(NamedTuple):
    """A call for proposals or a yearly window: stated dates, or usual ones that recur."""

    name: str
    closes: str | None = None  # "YYYY-MM-DD" (a dated call) or "MM-DD" (a recurring one)
    opens: str | None = None
    recurs: str = "once"  # once | yearly | quarterly
    confirmed: int | None = None  # the last year a page showed it
    source: str | None = None


class Funder(NamedTuple):
    id: str
    name: str
    type: str
    based_in: str
    themes: tuple[str, ...]
    regions: tuple[str, ...]
    sources: tuple[str, ...]
    as_of: str
    aliases: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    eligibility: Eligibility = Eligibility()
    grant: Grant = Grant()
    forms: tuple[str, ...] = ()
    access: str | None = None
    deadlines: tuple[date, ...] = ()
    url: str | None = None
    iati_org_id: str | None = None
    summary_en: str | None = None
    summary_nl: str | None = None
    origin: str = ""  # file:line the entry was read from
    keywords_folded: tuple[str, ...] = ()  # `keywords` normalised for matching (textnorm.fold)
    calls: tuple[Call, ...] = ()
    status: str | None = None  # active | dormant | closed
    replaced_by: str | None = None
    parent: str | None = None  # the id of the body this is an instrument of

    def folded_keywords(self) -> tuple[str, ...]:
        if len(self.keywords_folded) == len(self.keywords):
            return self.keywords_folded
        from fundfinder.textnorm import fold

        return tuple(fold(k) for k in self.keywords)

    def summary(self, lang: str = "en") -> str | None:
        if lang == "nl" and self.summary_nl:
            return self.summary_nl
        return self.summary_en or self.summary_nl


class Organisation(NamedTuple):
    name: str
    registered_in: str | None = None
    org_type: str | None = None
    legal_form: str | None = None
    annual_budget_eur: float | None = None
    staff_fte: float | None = None
    anbi: bool | None = None
    cbf_recognised: bool | None = None


class Need(NamedTuple):
    amount_eur: float | None = None
    duration_months: int | None = None
    forms: tuple[str, ...] = ()
    core: bool | None = None


class Finances(NamedTuple):
    income_eur: tuple[tuple[str, float], ...] = ()
    lost_income_eur: float | None = None
    lost_from: date | None = None
    reserves_eur: float | None = None
    expenses_eur: float | None = None
    admin_costs_eur: float | None = None
    works_council: bool | None = None

    def income(self, source: str) -> float:
        return dict(self.income_eur).get(source, 0.0)

    @property
    def total_income(self) -> float:
        return sum(v for _k, v in self.income_eur)

    @property
    def own_income(self) -> float | None:
        """Yearly income other than government grants, after the loss (None: not stated)."""
        if not self.income_eur:
            return None
        lost = self.lost_income_eur or 0.0
        government = self.income("government")
        rest = self.total_income - government
        # the lost income is taken from government income first (as the diagnosis does)
        return max(0.0, rest - max(0.0, lost - government))


class Weights(NamedTuple):
    """Relative weight of each part of the score; normalised when used."""

    themes: float = 0.10
    regions: float = 0.10
    size: float = 0.10
    forms: float = 0.05
    timing: float = 0.05
    access: float = 0.10
    history: float = 0.30

    def as_dict(self) -> dict[str, float]:
        return dict(self._asdict())


class ThemeInput(NamedTuple):
    """A theme as the profile wrote it, a taxonomy id it was read as, and how surely (0-1)."""

    text: str
    id: str
    confidence: float = 1.0


class Profile(NamedTuple):
    organisation: Organisation
    themes: tuple[ThemeInput, ...]
    regions: tuple[str, ...]
    need: Need = Need()
    finances: Finances | None = None
    exclude: tuple[str, ...] = ()
    weights: Weights = Weights()
    lang: str = "en"
    source: str = ""
    partners_abroad: bool | None = None
    positions_at_risk: int | None = None
    keywords: tuple[str, ...] = ()  # words of the theme phrases that no theme explains
    places: tuple[
        tuple[str, str, str], ...
    ] = ()  # (as written, place id, how read) below country level

    def theme_confidences(self) -> dict[str, float]:
        """Each theme id the profile was read as, with its surest confidence."""
        best: dict[str, float] = {}
        for t in self.themes:
            best[t.id] = max(best.get(t.id, 0.0), t.confidence)
        return best

    @property
    def theme_ids(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for t in self.themes:
            seen.setdefault(t.id, None)
        return tuple(seen)


class Reason(NamedTuple):
    """A sentence in the making: a message key and its parameters (see i18n)."""

    key: str
    params: tuple[tuple[str, Any], ...] = ()

    @staticmethod
    def of(key: str, **params: Any) -> Reason:
        return Reason(key, tuple(params.items()))


class Match(NamedTuple):
    rank: int
    funder: Funder
    score: float
    breakdown: tuple[tuple[str, float | None], ...]
    reasons: tuple[Reason, ...]
    flags: tuple[Reason, ...] = ()
    history: tuple[PastGrant, ...] = ()  # past grants to organisations like yours


class Excluded(NamedTuple):
    funder: Funder
    reasons: tuple[Reason, ...]


class DatabaseInfo(NamedTuple):
    funders: int
    files: tuple[str, ...]
    oldest_as_of: str | None
    grants: int = 0


class Report(NamedTuple):
    profile: Profile
    matches: Sequence[Match]  # ranked; a lazy view for large databases (see fastrank)
    excluded: Sequence[Excluded]
    database: DatabaseInfo
    today: date
    lang: str = "en"
    diagnosis: Diagnosis | None = None
    funding_forms: tuple[FormAdvice, ...] = ()
    checklist: tuple[ChecklistItem, ...] = ()
    checklist_note: int | None = None  # estimated positions at risk, when estimated
    partners: Sequence[Match] = ()  # funders the organisation's partners abroad can approach
    partner_places: tuple[str, ...] = ()  # where those partners are taken to be registered


# -- the age of an entry -------------------------------------------------------------
STALE_AFTER_MONTHS = 18


def months_between(earlier: date, later: date) -> int:
    return (later.year - earlier.year) * 12 + later.month - earlier.month


def as_of_date(as_of: str) -> date:
    year, month = as_of.split("-")[:2]
    return date(int(year), int(month), 1)


def is_stale(funder: Funder, today: date) -> bool:
    return months_between(as_of_date(funder.as_of), today) > STALE_AFTER_MONTHS
