"""Controlled vocabularies: themes, places (countries and regions) and their hierarchy.

Profiles speak free text in English or Dutch ("SRHR", "kinderrechten", "Kenia",
"Oost-Afrika"); funder entries use ids. This module maps the first onto the
second: exact look-up on folded text first, then rapidfuzz for near misses,
and suggestions when nothing is close enough.
"""

from __future__ import annotations

import gettext
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

import yaml

from fundfinder.paths import data_file
from fundfinder.textnorm import fold

# Fuzzy scores (0-100) above which a near miss is accepted without asking.
ACCEPT_SCORE = 90.0
SUGGEST_SCORE = 60.0
ANY = "any"
GLOBAL = "global"

# Names in common use that ISO and its Dutch translation do not carry.
_EXTRA_COUNTRY_NAMES: dict[str, tuple[str, ...]] = {
    "CD": ("DRC", "DR Congo", "Congo-Kinshasa", "Democratic Republic of Congo", "Congo Kinshasa"),
    "CG": ("Congo-Brazzaville", "Republic of Congo", "Congo Brazzaville"),
    "CI": ("Ivory Coast", "Ivoorkust"),
    "PS": (
        "Palestine",
        "Palestina",
        "Gaza",
        "West Bank",
        "Westelijke Jordaanoever",
        "Palestinian territories",
        "occupied Palestinian territories",
        "occupied Palestinian territory",
        "Palestijnse gebieden",
        "bezette Palestijnse gebieden",
    ),
    "GB": ("UK", "Britain", "Great Britain", "England", "Verenigd Koninkrijk", "Engeland"),
    "US": ("USA", "United States", "America", "Verenigde Staten", "VS", "Amerika"),
    "NL": ("Holland", "The Netherlands", "Nederland"),
    "XK": ("Kosovo",),
    "SZ": ("Swaziland",),
    "MK": ("Macedonia", "Noord-Macedonie"),
    "MM": ("Burma",),
    "TR": ("Turkey", "Turkije"),
    "CZ": ("Czech Republic", "Tsjechie"),
    "KR": ("South Korea", "Zuid-Korea"),
    "KP": ("North Korea", "Noord-Korea"),
    "LA": ("Laos",),
    "SY": ("Syria", "Syrie"),
    "RU": ("Russia", "Rusland"),
    "IR": ("Iran",),
    "VN": ("Vietnam",),
    "TZ": ("Tanzania",),
    "BO": ("Bolivia",),
    "VE": ("Venezuela",),
    "MD": ("Moldova", "Moldavie"),
    "TW": ("Taiwan",),
}


class Theme(NamedTuple):
    id: str
    en: str
    nl: str
    synonyms: tuple[str, ...]
    sdg: tuple[int, ...]
    dac: tuple[int, ...]
    broader: tuple[str, ...] = ()

    def label(self, lang: str = "en") -> str:
        return self.nl if lang == "nl" else self.en


class Region(NamedTuple):
    id: str
    en: str
    nl: str
    synonyms: tuple[str, ...]
    countries: frozenset[str]
    parent: str | None
    is_continent: bool
    note: str | None = None

    def label(self, lang: str = "en") -> str:
        return self.nl if lang == "nl" else self.en


class Resolution(NamedTuple):
    """The outcome of mapping one free-text value onto the vocabulary."""

    text: str
    id: str | None
    score: float
    suggestions: tuple[str, ...] = ()


class _Index:
    """Folded names -> ids; rapidfuzz searches the same names for near misses."""

    def __init__(self) -> None:
        self.exact: dict[str, str] = {}
        self.display: dict[str, str] = {}
        self._choices: tuple[list[str], list[str]] | None = None

    def __getstate__(self) -> dict[str, Any]:
        return {"exact": self.exact, "display": self.display, "_choices": None}

    def add(self, name: str, ident: str, display: str) -> None:
        key = fold(name)
        if not key:
            return
        self.exact.setdefault(key, ident)
        self.display.setdefault(ident, display)
        self._choices = None

    def _rank(self, key: str, scorer: Any) -> list[tuple[str, float]]:
        from rapidfuzz import process

        if self._choices is None:  # built on the first near miss, not at every start
            self._choices = (list(self.exact), list(self.exact.values()))
        choices, choice_ids = self._choices
        best: dict[str, float] = {}
        for _choice, score, index in process.extract(key, choices, scorer=scorer, limit=12):
            ident = choice_ids[index]
            best[ident] = max(best.get(ident, 0.0), float(score))
        return sorted(best.items(), key=lambda kv: (-kv[1], kv[0]))

    def resolve(self, text: str) -> Resolution:
        from rapidfuzz import fuzz

        key = fold(text)
        if key in self.exact:
            return Resolution(text, self.exact[key], 100.0)
        if not key:
            return Resolution(text, None, 0.0)
        strict = self._rank(key, fuzz.token_sort_ratio)
        loose = self._rank(key, fuzz.WRatio)
        suggestions = tuple(self.display[i] for i, s in loose[:3] if s >= SUGGEST_SCORE)
        if strict and len(key) >= 4 and strict[0][1] >= ACCEPT_SCORE:
            # Accept only an unambiguous near miss.
            if len(strict) == 1 or strict[1][1] < strict[0][1] - 3:
                return Resolution(text, strict[0][0], strict[0][1], suggestions)
        best = strict[0][1] if strict else 0.0
        return Resolution(text, None, best, suggestions)


class Taxonomy:
    """Themes and places, loaded once from the shipped data."""

    def __init__(self, themes: list[Theme], regions: list[Region]) -> None:
        self.key = ""  # content key of the data it was built from (see load_taxonomy)
        self.themes: dict[str, Theme] = {t.id: t for t in themes}
        self.regions: dict[str, Region] = {r.id: r for r in regions}
        self.countries: dict[str, str] = _country_names()
        self.dutch_countries: dict[str, str] = {c: _dutch_country_name(c) for c in self.countries}
        self._theme_index = _Index()
        for t in themes:
            for name in (t.id, t.en, t.nl, *t.synonyms):
                self._theme_index.add(name, t.id, t.en)
        self._place_index = _Index()
        for code, name in self.countries.items():
            self._place_index.add(code, code, name)
        for code, names in _all_country_names().items():
            for name in names:
                self._place_index.add(name, code, self.countries[code])
        for r in regions:
            for name in (r.id, r.en, r.nl, *r.synonyms):
                self._place_index.add(name, r.id, r.en)
        self._ancestors: dict[str, dict[str, int]] = {}
        self._credit: dict[tuple[str, str], float] = {}
        self._contains: dict[tuple[str, str], bool] = {}
        self._overlaps: dict[tuple[str, str], bool] = {}

    # -- themes -----------------------------------------------------------------
    def resolve_theme(self, text: str) -> Resolution:
        return self._theme_index.resolve(text)

    def theme_ancestors(self, theme_id: str) -> dict[str, int]:
        """Every broader theme of a theme, with its distance (1: the parent)."""
        found = self._ancestors.get(theme_id)
        if found is None:
            found = {}
            frontier = [theme_id]
            depth = 0
            while frontier:
                depth += 1
                nxt: list[str] = []
                for tid in frontier:
                    theme = self.themes.get(tid)
                    for parent in theme.broader if theme else ():
                        if parent not in found and parent != theme_id:
                            found[parent] = depth
                            nxt.append(parent)
                frontier = nxt
            self._ancestors[theme_id] = found
        return found

    def theme_credit(self, want: str, have: str) -> float:
        """How far theme `have` covers theme `want`: the same 1, a broader theme 0.6 (its
        parent 0.4), a narrower one 0.5 (0.3 two steps down), an unrelated one 0."""
        key = (want, have)
        found = self._credit.get(key)
        if found is None:
            found = 0.0
            if want == have:
                found = 1.0
            elif (up := self.theme_ancestors(want).get(have)) is not None:
                found = 0.6 if up == 1 else 0.4
            elif (down := self.theme_ancestors(have).get(want)) is not None:
                found = 0.5 if down == 1 else 0.3
            self._credit[key] = found
        return found

    def theme_label(self, theme_id: str, lang: str = "en") -> str:
        theme = self.themes.get(theme_id)
        return theme.label(lang) if theme else theme_id

    # -- places -----------------------------------------------------------------
    def resolve_place(self, text: str) -> Resolution:
        return self._place_index.resolve(text)

    def exact_place(self, text: str) -> str | None:
        """A country or region by one of its names or codes, exactly (no near misses)."""
        return self._place_index.exact.get(fold(text))

    def near_place(self, key: str) -> str | None:
        """A place whose name is one or two letters off a folded name ("guatamala"), if unique."""
        return _near(self._place_index, key)

    def near_theme(self, key: str) -> str | None:
        """A theme whose name or synonym is a letter or two off ("youht"), if unique."""
        return _near(self._theme_index, key)

    def is_country(self, code: str) -> bool:
        return code in self.countries

    def is_place(self, code: str) -> bool:
        return code in self.countries or code in self.regions

    def place_label(self, code: str, lang: str = "en") -> str:
        if code in self.regions:
            return self.regions[code].label(lang)
        if code in self.countries:
            return self.dutch_countries[code] if lang == "nl" else self.countries[code]
        return code

    def countries_of(self, place: str) -> frozenset[str]:
        """Every country a place stands for (a country stands for itself)."""
        if place in self.regions:
            region = self.regions[place]
            return frozenset(self.countries) if place == GLOBAL else region.countries
        return frozenset({place})

    def contains(self, outer: str, inner: str) -> bool:
        """True when place `outer` covers all of place `inner`."""
        if outer in (inner, GLOBAL):
            return True
        key = (outer, inner)
        found = self._contains.get(key)
        if found is None:
            inner_set = self.countries_of(inner)
            found = bool(inner_set) and inner_set <= self.countries_of(outer)
            self._contains[key] = found
        return found

    def overlaps(self, a: str, b: str) -> bool:
        key = (a, b)
        found = self._overlaps.get(key)
        if found is None:
            found = bool(self.countries_of(a) & self.countries_of(b))
            self._overlaps[key] = found
        return found

    def is_continent(self, place: str) -> bool:
        region = self.regions.get(place)
        return bool(region and region.is_continent)


def _near(index: _Index, key: str) -> str | None:
    """The one id whose folded name is within 1 edit (2 from 8 letters) of `key`, if unique.

    Edits count a swap of two letters as one (Damerau-Levenshtein), so "youht" is one
    step from "youth"; names shorter than 5 letters are never guessed.
    """
    from rapidfuzz import process
    from rapidfuzz.distance import DamerauLevenshtein

    if len(key) < 5:
        return None
    allowed = 1 if len(key) < 8 else 2
    hits = process.extract(
        key, list(index.exact), scorer=DamerauLevenshtein.distance, score_cutoff=allowed, limit=8
    )
    ids = {index.exact[name] for name, _d, _i in hits}
    if len(ids) != 1:
        return None
    return next(iter(ids))


@cache
def _dutch() -> gettext.NullTranslations:
    import pycountry

    try:
        return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["nl"])
    except OSError:  # pragma: no cover - pycountry always ships its locales
        return gettext.NullTranslations()


def _dutch_country_name(code: str) -> str:
    if code == "XK":
        return "Kosovo"
    import pycountry

    if code in _READABLE_NL:
        return _READABLE_NL[code]
    country = pycountry.countries.get(alpha_2=code)
    return _uncomma(_dutch().gettext(country.name)) if country else code


@cache
def _country_names() -> dict[str, str]:
    import pycountry

    names: dict[str, str] = {}
    for country in pycountry.countries:
        name = getattr(country, "common_name", None) or country.name
        names[country.alpha_2] = _READABLE.get(country.alpha_2) or _uncomma(name)
    names["XK"] = "Kosovo"
    return names


# ISO's inverted names ("Congo, The Democratic Republic of the") as people write them.
_READABLE = {"CD": "DR Congo", "KR": "South Korea", "KP": "North Korea", "VG": "British Virgin Islands",
             "VI": "US Virgin Islands"}  # fmt: skip
_READABLE_NL = {"CD": "DR Congo", "KR": "Zuid-Korea", "KP": "Noord-Korea",
                "VG": "Britse Maagdeneilanden", "VI": "Amerikaanse Maagdeneilanden"}  # fmt: skip


def _uncomma(name: str) -> str:
    """'Iran, Islamic Republic of' -> 'Iran'; names without a comma stay as they are."""
    return name.split(", ")[0] if ", " in name else name


def _all_country_names() -> dict[str, list[str]]:
    import pycountry

    result: dict[str, list[str]] = {}
    nl = _dutch()
    for country in pycountry.countries:
        names = [country.alpha_3, country.name]
        for attr in ("common_name", "official_name"):
            value = getattr(country, attr, None)
            if value:
                names.append(value)
        names.append(nl.gettext(country.name))
        result[country.alpha_2] = names
    result["XK"] = ["XKX", "Kosovo"]
    for code, extra in _EXTRA_COUNTRY_NAMES.items():
        result.setdefault(code, []).extend(extra)
    return result


def _expand(raw: dict[str, dict[str, Any]], rid: str, seen: tuple[str, ...] = ()) -> set[str]:
    if rid in seen:
        raise ValueError(f"region {rid!r} includes itself")
    entry = raw[rid]
    members = set(entry.get("countries") or ())
    for child in entry.get("includes") or ():
        members |= _expand(raw, child, (*seen, rid))
    return members


def parse_taxonomy(themes_data: Any, regions_data: Any) -> Taxonomy:
    """Build a Taxonomy from the plain data of taxonomy.yaml and regions.yaml."""
    themes = [
        Theme(
            id=t["id"],
            en=t["en"],
            nl=t["nl"],
            synonyms=tuple(t.get("synonyms") or ()),
            sdg=tuple(t.get("sdg") or ()),
            dac=tuple(t.get("dac") or ()),
            broader=tuple(t.get("broader") or ()),
        )
        for t in themes_data["themes"]
    ]
    raw = {r["id"]: r for r in regions_data["regions"]}
    regions = [
        Region(
            id=rid,
            en=r["en"],
            nl=r["nl"],
            synonyms=tuple(r.get("synonyms") or ()),
            countries=frozenset(_expand(raw, rid)),
            parent=r.get("parent"),
            is_continent=bool(r.get("includes")),
            note=r.get("note"),
        )
        for rid, r in raw.items()
    ]
    return Taxonomy(themes, regions)


def _pycountry_stamp() -> bytes:
    """Changes when pycountry (and so the country names) changes, without importing it."""
    import importlib.util

    spec = importlib.util.find_spec("pycountry")
    if spec is None or spec.origin is None:
        return b""
    stat = Path(spec.origin).stat()
    return f"{spec.origin}:{stat.st_mtime_ns}:{stat.st_size}".encode()


@cache
def load_taxonomy() -> Taxonomy:
    """The shipped taxonomy (read once per process, compiled once per content)."""
    from fundfinder.cache import cached, content_key

    themes_path, regions_path = data_file("taxonomy.yaml"), data_file("regions.yaml")
    themes_raw, regions_raw = themes_path.read_bytes(), regions_path.read_bytes()
    stamp = _pycountry_stamp()

    def build() -> Taxonomy:
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        taxonomy = parse_taxonomy(
            yaml.load(themes_raw, Loader=loader), yaml.load(regions_raw, Loader=loader)
        )
        taxonomy.key = content_key(themes_raw, regions_raw, stamp)
        return taxonomy

    return cached(
        "taxonomy",
        themes_path,
        themes_raw + regions_raw,
        build,
        stamp,
        lambda v: isinstance(v, Taxonomy),
    )
