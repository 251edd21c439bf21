"""The interview's questions and how one answer is understood (no terminal I/O).

Each step writes one place in the draft profile (plain data). An answer is
checked with the same rules as a profile file (`parse_profile` on a small
probe), so the session can never accept what `match` would refuse; themes and
places are resolved here first to offer "did you mean ...?" in the session's
language.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from fundfinder.errors import Problem, ProfileError
from fundfinder.i18n import ORG_TYPE_SINGULAR
from fundfinder.load.fields import closest
from fundfinder.load.profile import FORM_SYNONYMS, parse_profile
from fundfinder.models import FORMS, INCOME_SOURCES, ORG_TYPES, Profile
from fundfinder.session.texts import t
from fundfinder.taxonomy import Taxonomy
from fundfinder.textnorm import fold

BACK_WORDS = frozenset({"back", "terug", "vorige"})
SKIP_WORDS = frozenset({"skip", "overslaan", "-"})
HELP_WORDS = frozenset({"help", "?", "hulp"})
QUIT_WORDS = frozenset({"quit", "exit", "stop", "stoppen"})
YES = frozenset({"yes", "y", "ja", "j", "true"})
NO = frozenset({"no", "n", "nee", "false"})
_SPLIT = re.compile(r"[,;]")


@dataclass(frozen=True)
class Step:
    key: str  # also the message key q_<key>
    path: tuple[str, ...]  # where the answer goes in the profile data ("" for none)
    # text | country | org_type | amount | number | themes | regions | forms | yesno | gate
    # | date
    kind: str
    required: bool = False
    default: Any = None
    finance: bool = False  # asked only when the adviser wants the finances part
    dutch_only: bool = False  # asked only of an organisation registered in the Netherlands


STEPS: tuple[Step, ...] = (
    Step("name", ("organisation", "name"), "text", required=True),
    Step("registered_in", ("organisation", "registered_in"), "country", default="NL"),
    Step("org_type", ("organisation", "org_type"), "org_type", default="ngo"),
    Step("budget", ("organisation", "annual_budget_eur"), "amount"),
    Step("staff", ("organisation", "staff_fte"), "number"),
    Step("anbi", ("organisation", "anbi"), "yesno", dutch_only=True),
    Step("cbf", ("organisation", "cbf_recognised"), "yesno", dutch_only=True),
    Step("themes", ("themes",), "themes", required=True),
    Step("regions", ("regions",), "regions", required=True),
    Step("need", ("need", "amount_eur"), "amount"),
    Step("forms", ("need", "forms"), "forms"),
    Step("duration", ("need", "duration_months"), "number"),
    Step("core", ("need", "core"), "yesno"),
    Step("finances", (), "gate", default=False),
    *(
        Step(f"income_{src}", ("finances", "income_eur", src), "amount", default=0, finance=True)
        for src in INCOME_SOURCES
    ),
    Step("lost_income", ("finances", "lost_income_eur"), "amount", finance=True),
    Step("lost_from", ("finances", "lost_from"), "date", finance=True),
    Step("reserves", ("finances", "reserves_eur"), "amount", finance=True),
    Step("expenses", ("finances", "expenses_eur"), "amount", finance=True),
    Step("admin_costs", ("finances", "admin_costs_eur"), "amount", finance=True),
    Step("works_council", ("finances", "works_council"), "yesno", finance=True),
    Step("positions_at_risk", ("finances", "positions_at_risk"), "number", finance=True),
)
STEP_KEYS = tuple(s.key for s in STEPS)


@dataclass(frozen=True)
class Outcome:
    """How one answer was understood: a value to store, or an error and a re-ask."""

    value: Any = None  # None with no error: leave the field open
    error: str | None = None
    notes: tuple[str, ...] = ()
    retry: str | None = None  # a corrected answer the adviser can take with Enter
    also: tuple[tuple[tuple[str, ...], Any], ...] = ()  # other fields the answer settles


# A suggestion is offered for Enter only from this fuzzy score (0-100) on; below it the
# question is simply asked again, so a poor guess never goes in by default.
CONFIDENT = 88.0

# Legal forms: they go to organisation.legal_form and never decide the type.
LEGAL_FORMS = {
    fold(w): w
    for w in (
        "stichting", "vereniging", "coöperatie", "cooperatie", "foundation", "charity",
        "registered charity", "CIC", "community interest company", "vzw", "asbl", "trust",
        "association", "charitable trust", "ANBI", "bv", "nv", "gGmbH", "e.V.",
    )
}  # fmt: skip
# What people call their organisation -> type.
ORG_TYPE_WORDS = {
    fold(w): ident
    for ident, words in {
        "ngo": ("NGO", "NGOs", "ngo", "non-governmental organisation", "nonprofit", "non-profit",
                "ontwikkelingsorganisatie", "hulporganisatie", "goededoelenorganisatie",
                "goed doel", "maatschappelijke organisatie", "ngo (stichting)",
                "women's rights organisation", "womens rights organisation", "human rights organisation",
                "civil society organisation", "CSO", "INGO", "international NGO", "charity organisation",
                "development organisation"),
        "grassroots": ("grassroots", "grassroots organisation", "community-based organisation",
                       "community based organisation", "CBO", "particulier initiatief", "PI",
                       "basisorganisatie", "vrijwilligersorganisatie", "burgerinitiatief",
                       "self-help group", "women's group", "youth group", "community group"),
        "network": ("network", "netwerk", "koepel", "koepelorganisatie", "federation", "alliance",
                    "platform", "coalition", "branchevereniging"),
        "research": ("research institute", "think tank", "university", "universiteit",
                     "kennisinstelling", "onderzoeksinstituut", "research"),
        "social_enterprise": ("social enterprise", "sociale onderneming", "social business",
                              "impact enterprise", "cooperative business"),
        "foundation": ("grant-making foundation", "grantmaking foundation", "vermogensfonds",
                       "fonds", "private foundation", "family foundation", "funder"),
        "consortium": ("consortium", "alliantie", "partnership", "samenwerkingsverband"),
    }.items()
    for w in words
}  # fmt: skip


# -- reading and writing the draft -------------------------------------------------------
def get_path(data: dict[str, Any], path: Sequence[str]) -> Any:
    node: Any = data
    for part in path:
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


def set_path(data: dict[str, Any], path: Sequence[str], value: Any) -> None:
    """Set (or, with None, remove) a value; empty sections are dropped."""
    if not path:
        return
    node = data
    parents: list[tuple[dict[str, Any], str]] = []
    for part in path[:-1]:
        child = node.get(part)
        if not isinstance(child, dict):
            if value is None:
                return
            child = {}
            node[part] = child
        parents.append((node, part))
        node = child
    if value is None:
        node.pop(path[-1], None)
        for parent, part in reversed(parents):
            if not parent[part]:
                parent.pop(part)
    else:
        node[path[-1]] = value


def shown(value: Any, lang: str) -> str:
    """A stored value as the answer that would give it (for [defaults])."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return t("yes_word", lang) if value else t("no_word", lang)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


# -- understanding one answer -------------------------------------------------------------
def understand(step: Step, text: str, taxonomy: Taxonomy, lang: str) -> Outcome:
    """The value an answer gives for a step (never raises for bad input)."""
    text = text.strip()
    kind = step.kind
    if kind == "gate" or kind == "yesno":
        folded = text.casefold()
        if folded in YES:
            return Outcome(True)
        if folded in NO:
            return Outcome(False)
        return Outcome(error=t("not_yes_no", lang))
    if kind == "themes":
        return _resolve_list(step, text, taxonomy, lang, places=False)
    if kind == "regions":
        return _resolve_list(step, text, taxonomy, lang, places=True)
    if kind == "forms":
        return _forms(step, text, taxonomy, lang)
    if kind == "country":
        return _country(step, text, taxonomy, lang)
    if kind == "org_type":
        return _org_type(step, text, taxonomy, lang)
    if kind == "date":
        return _date(text, lang)
    return _checked(step, text, taxonomy, lang)


_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")


def _date(text: str, lang: str) -> Outcome:
    """A date as 2027-01-31, or written day first as the Dutch do (31-1-2027, 31/01/2027)."""
    from datetime import date

    found = _DAY_MONTH_YEAR.match(text)
    try:
        if found:
            day, month, year = (int(g) for g in found.groups())
            value = date(year, month, day)
        else:
            value = date.fromisoformat(text)
    except ValueError:
        return Outcome(error=t("not_date", lang, text=text))
    if not 1990 <= value.year <= 2200:
        return Outcome(error=t("not_date", lang, text=text))
    return Outcome(value.isoformat())


def probe(
    path: Sequence[str], value: Any, taxonomy: Taxonomy, lang: str = "en"
) -> tuple[Profile | None, str | None]:
    """Run the profile rules on one value: the parsed profile, or the first problem."""
    profile, problem = probe_problem(path, value, taxonomy)
    return profile, None if problem is None else problem.message.text(lang)


def probe_problem(
    path: Sequence[str], value: Any, taxonomy: Taxonomy
) -> tuple[Profile | None, Problem | None]:
    """`probe`, with the whole problem (its kind as well as its message)."""
    data: dict[str, Any] = {
        "organisation": {"name": "probe"},
        "themes": ["srhr"],
        "regions": ["global"],
    }
    set_path(data, path, value)
    try:
        return parse_profile(data, "answer", taxonomy), None
    except ProfileError as exc:
        wanted = ".".join(path)
        for problem in exc.problems:
            if problem.field.startswith(wanted) or wanted.startswith(problem.field):
                return None, problem
        first = exc.problems[0] if exc.problems else Problem("answer", None, "", exc.message)
        return None, first


def _checked(step: Step, text: str, taxonomy: Taxonomy, lang: str) -> Outcome:
    profile, problem = probe_problem(step.path, text, taxonomy)
    if profile is None:
        if (
            step.kind in ("amount", "number")
            and problem is not None
            and problem.kind == "not_number"
        ):
            return Outcome(error=t("not_number", lang, text=text))
        return Outcome(
            error=t("invalid", lang, detail=problem.message.text(lang) if problem else "")
        )
    if step.kind == "text":
        return Outcome(get_path(_as_data(profile), step.path))
    value = get_path(_as_data(profile), step.path)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return Outcome(value)


def _as_data(profile: Profile) -> dict[str, Any]:
    """The parts of a parsed profile the interview writes, as plain data."""
    org = profile.organisation
    data: dict[str, Any] = {
        "organisation": {
            "name": org.name,
            "annual_budget_eur": org.annual_budget_eur,
            "staff_fte": org.staff_fte,
        },
        "need": {
            "amount_eur": profile.need.amount_eur,
            "duration_months": profile.need.duration_months,
        },
    }
    fin = profile.finances
    if fin is not None:
        data["finances"] = {
            "income_eur": dict(fin.income_eur),
            "lost_income_eur": fin.lost_income_eur,
            "reserves_eur": fin.reserves_eur,
            "expenses_eur": fin.expenses_eur,
            "works_council": fin.works_council,
            "admin_costs_eur": fin.admin_costs_eur,
            "positions_at_risk": profile.positions_at_risk,
        }
    return data


def _options(labels: Sequence[str], lang: str) -> str:
    quoted = [f"'{x}'" for x in labels]
    if len(quoted) <= 1:
        return "".join(quoted)
    return ", ".join(quoted[:-1]) + f" {t('or', lang)} " + quoted[-1]


def _suggested_ids(suggestions: Sequence[str], taxonomy: Taxonomy, places: bool) -> list[str]:
    """Suggestions come as English display names; map them back to ids."""
    ids: list[str] = []
    for name in suggestions:
        hit = taxonomy.resolve_place(name) if places else taxonomy.resolve_theme(name)
        if hit.id and hit.id not in ids:
            ids.append(hit.id)
    return ids


def _label(ident: str, taxonomy: Taxonomy, lang: str, places: bool) -> str:
    return taxonomy.place_label(ident, lang) if places else taxonomy.theme_label(ident, lang)


def _resolve_list(step: Step, text: str, taxonomy: Taxonomy, lang: str, places: bool) -> Outcome:
    items = [item.strip() for item in _SPLIT.split(text) if item.strip()]
    if not items:
        return Outcome(error=t("required", lang))
    kept: list[str] = []
    retry: list[str] = []
    errors: list[str] = []
    notes: list[str] = []
    can_retry = True
    for item in items:
        hit = taxonomy.resolve_place(item) if places else taxonomy.resolve_theme(item)
        if hit.id:
            label = _label(hit.id, taxonomy, lang, places)
            if hit.score < 100:
                notes.append(t("understood", lang, text=item, label=label))
                kept.append(label)
            else:
                kept.append(item)
            retry.append(kept[-1])
            continue
        read = _read_place(item, taxonomy, lang) if places else _read_theme(item, lang)
        if read is not None:
            kept.append(item)
            retry.append(item)
            notes.append(read)
            continue
        key = "unknown_place" if places else "unknown_theme"
        message = t(key, lang, text=item)
        nearby = _near_place(item, taxonomy, lang) if places else None
        if nearby:  # offered, never taken by Enter: see `suggest_place`
            errors.append(message + " " + t("did_you_mean", lang, options=nearby))
            can_retry = False
            continue
        ids = _suggested_ids(hit.suggestions, taxonomy, places)
        if ids:
            labels = [_label(i, taxonomy, lang, places) for i in ids]
            message += " " + t("did_you_mean", lang, options=_options(labels, lang))
        near = (taxonomy.near_place if places else taxonomy.near_theme)(fold(item))
        if near is not None:
            retry.append(_label(near, taxonomy, lang, places))
        elif ids and hit.score >= CONFIDENT:
            retry.append(labels[0])
        else:
            can_retry = False
        errors.append(message)
    if errors:
        answer = ", ".join(retry) if can_retry else None
        if answer:
            errors.append(t("accept_hint", lang, answer=answer))
        return Outcome(error=" ".join(errors), retry=answer)
    _profile, problem = probe(step.path, kept, taxonomy, lang)
    if problem:
        return Outcome(error=t("invalid", lang, detail=problem))
    return Outcome(kept, notes=tuple(notes))


def _near_place(item: str, taxonomy: Taxonomy, lang: str) -> str | None:
    """'Jariiban (Somalia)' for 'Jariibin': a place one letter off, to be typed if meant."""
    from fundfinder.understand.places import suggest_place

    near = suggest_place(item, taxonomy)
    if near is None:
        return None
    return f"{near[0]} ({taxonomy.place_label(near[1], lang)})"


def _read_theme(item: str, lang: str) -> str | None:
    """A phrase read as themes (with confidences), as the profile will read it; or None."""
    from fundfinder.i18n import decimal
    from fundfinder.taxonomy import load_taxonomy
    from fundfinder.understand.reading import load_reader

    reading = load_reader().read(item)
    if not reading.themes:
        return None
    taxonomy = load_taxonomy()
    labels = [
        f"{taxonomy.theme_label(tid, lang)} ({decimal(conf, lang)})" for tid, conf in reading.themes
    ]
    note = t("read_as", lang, text=item, labels=_options(labels, lang).replace("'", ""))
    if reading.keywords:
        note += " " + t("kept_keywords", lang, words=", ".join(reading.keywords))
    return note


def _read_place(item: str, taxonomy: Taxonomy, lang: str) -> str | None:
    """A place below country level or misspelt, read as the profile will read it; or None."""
    from fundfinder.understand.places import read_place_list

    readings = read_place_list(item, taxonomy)
    if not readings or any(r.place is None for r in readings):
        return None
    labels = [
        f"{r.text} ({taxonomy.place_label(r.place, lang)})" if r.how in ("subdivision", "feature", "city")
        else taxonomy.place_label(r.place, lang)
        for r in readings
        if r.place is not None
    ]  # fmt: skip
    return t("understood", lang, text=item, label=", ".join(labels))


def _country(step: Step, text: str, taxonomy: Taxonomy, lang: str) -> Outcome:
    from fundfinder.understand.places import read_place

    hit = taxonomy.resolve_place(text)
    if hit.id is None:
        reading = read_place(text, taxonomy)
        if reading.how == "typo" and reading.place and taxonomy.is_country(reading.place):
            label = taxonomy.place_label(reading.place, lang)
            return Outcome(reading.place, notes=(t("understood", lang, text=text, label=label),))
    if hit.id and taxonomy.is_country(hit.id):
        notes: tuple[str, ...] = ()
        if hit.score < 100:
            label = taxonomy.place_label(hit.id, lang)
            notes = (t("understood", lang, text=text, label=label),)
        return Outcome(hit.id, notes=notes)
    if hit.id:
        return Outcome(error=t("not_a_country", lang, label=taxonomy.place_label(hit.id, lang)))
    ids = [i for i in _suggested_ids(hit.suggestions, taxonomy, True) if taxonomy.is_country(i)]
    message = t("unknown_country", lang, text=text)
    if ids:
        labels = [taxonomy.place_label(i, lang) for i in ids]
        message += " " + t("did_you_mean", lang, options=_options(labels, lang))
        if hit.score >= CONFIDENT or taxonomy.near_place(fold(text)) == ids[0]:
            message += " " + t("accept_hint", lang, answer=labels[0])
            return Outcome(error=message, retry=labels[0])
    return Outcome(error=message)


def org_type_names() -> dict[str, str]:
    """Every accepted way to write an organisation type -> its id."""
    names: dict[str, str] = {}
    for ident in ORG_TYPES:
        names[fold(ident)] = ident
        names[fold(ident.replace("_", " "))] = ident
        for label in ORG_TYPE_SINGULAR.get(ident, ()):
            names.setdefault(fold(label), ident)
    return names


def _org_type(step: Step, text: str, taxonomy: Taxonomy, lang: str) -> Outcome:
    key = fold(text)
    if key in LEGAL_FORMS:
        message = t("legal_form_noted", lang, text=text, types=", ".join(ORG_TYPES))
        return Outcome(error=message, also=((("organisation", "legal_form"), text.strip()),))
    names = {**org_type_names(), **ORG_TYPE_WORDS}
    ident = names.get(key)
    if ident:
        return Outcome(ident)
    from rapidfuzz import fuzz, process

    message = t("unknown_org_type", lang, text=text)
    found = process.extractOne(key, list(names), scorer=fuzz.ratio)
    if found and found[1] >= CONFIDENT:
        best = names[found[0]]
        message += " " + t("did_you_mean", lang, options=_options([best], lang))
        message += " " + t("accept_hint", lang, answer=best)
        return Outcome(error=message, retry=best)
    return Outcome(error=message + " " + ", ".join(ORG_TYPES))


def form_names() -> dict[str, str]:
    names = {f: f for f in FORMS}
    names.update(FORM_SYNONYMS)
    names["gift"] = "grant"
    names["giften"] = "grant"
    return names


def normal_form(text: str) -> str | None:
    key = text.strip().casefold().replace("-", "_").replace(" ", "_")
    return form_names().get(key)


def _forms(step: Step, text: str, taxonomy: Taxonomy, lang: str) -> Outcome:
    items = [item.strip() for item in _SPLIT.split(text) if item.strip()]
    if not items or (len(items) == 1 and items[0].casefold() in {"any", "all", "alle"}):
        return Outcome(None)
    found: list[str] = []
    errors: list[str] = []
    retry: list[str] | None = []
    for item in items:
        form = normal_form(item)
        if form:
            if form not in found:
                found.append(form)
            if retry is not None:
                retry.append(form)
            continue
        message = t("unknown_form", lang, text=item)
        best = closest(item.casefold(), list(form_names()), cutoff=70.0)
        if best:
            message += " " + t("did_you_mean", lang, options=_options([form_names()[best]], lang))
            if retry is not None:
                retry.append(form_names()[best])
        else:
            retry = None
        errors.append(message + " (" + ", ".join(FORMS) + ")")
    if errors:
        answer = ", ".join(dict.fromkeys(retry)) if retry else None
        if answer:
            errors.append(t("accept_hint", lang, answer=answer))
        return Outcome(error=" ".join(errors), retry=answer)
    return Outcome(found)


def completions(step: Step, taxonomy: Taxonomy, lang: str) -> list[str]:
    """Words offered for Tab completion at a step."""
    words: list[str] = []
    if step.kind == "themes":
        for theme in taxonomy.themes.values():
            words += [theme.label(lang), theme.en, theme.nl, *theme.synonyms]
    elif step.kind == "regions":
        for region in taxonomy.regions.values():
            words += [region.en, region.nl, *region.synonyms]
        words += [taxonomy.place_label(c, x) for c in taxonomy.countries for x in ("en", "nl")]
    elif step.kind == "country":
        words += [taxonomy.place_label(c, x) for c in taxonomy.countries for x in ("en", "nl")]
    elif step.kind == "org_type":
        words += list(ORG_TYPES)
    elif step.kind == "forms":
        words += list(FORMS)
    elif step.kind in ("yesno", "gate"):
        words += ["ja", "nee"] if lang == "nl" else ["yes", "no"]
    words += ["terug", "overslaan"] if lang == "nl" else ["back", "skip"]
    return sorted(dict.fromkeys(words), key=str.casefold)
