"""Places below country level: provinces, states, districts and towns, resolved to their country.

Countries and regions come from the taxonomy (English and Dutch names, codes,
near misses). A place it does not know is looked up in the gazetteer
(`gazetteer`: ISO 3166-2 subdivisions in several languages, named places and
districts from `data/`, and populated places of 1,000 people or more); a name
that several countries share resolves to the country of its largest namesake
only when that one is clearly the largest, and a subdivision name found in
several countries resolves to none. The gazetteer is read only when a place is
not a country or region.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING, NamedTuple

from fundfinder.taxonomy import Taxonomy
from fundfinder.textnorm import fold

if TYPE_CHECKING:
    from fundfinder.understand.gazetteer import City

_SPLIT = re.compile(r"\s*(?:,|;|/|\band\b|\ben\b|&|\+)\s*", re.I)
_FILLER = re.compile(
    r"^(?:the|de|het|rural|urban|greater|northern|southern|eastern|western|central|vluchtelingenkamp|"
    r"north|south|east|west|north-?western|north-?eastern|south-?western|south-?eastern|"
    r"northwest|northeast|southwest|southeast|noord|zuid|oost|midden|lake|mount|upper|lower)"
    r"(?:\s+|-)",
    re.I,
)
_SUFFIX = re.compile(
    r"\s+(?:province|provincie|region|regio|district|county|state|department|departamento|"
    r"municipality|gemeente|city|stad|governorate|prefecture|division|valley|river|basin|"
    r"highlands|coast|area|areas|territory|regional state|sub-?region|states|"
    r"(?:refugee |idp |vluchtelingen)?(?:camps?|settlements?|kampen|kamp))$",
    re.I,
)
_FEATURE_WORD = re.compile(
    r"\b(?:lake|lakes|mount|mountains|gulf|bay|island|islands|meer|berg|bergen|golf|baai|"
    r"eiland|eilanden|camps?|settlements?|kampen|kamp|vluchtelingenkamp)\b",
    re.I,
)
_POSSESSIVE = re.compile(r"^(.+?)'s\s+.+$")
# "the northern provinces of Afghanistan", "de zuidelijke provincies van Kenia"
_PART_OF = re.compile(
    r"^(?:(?:the|de|het|northern|southern|eastern|western|central|noordelijke|zuidelijke|"
    r"oostelijke|westelijke|centrale)\s+)*(?:provinces?|regions?|districts?|states?|parts?|"
    r"areas?|counties|county|provincies|provincie|regio's|regio|districten|delen|deel)\s+"
    r"(?:of|in|van)\s+(.+)$",
    re.I,
)


_DIRECTIONS = frozenset(
    {"north", "south", "east", "west", "northern", "southern", "eastern", "western", "central"}
    | {"noord", "zuid", "oost", "midden", "centraal"}
)


class PlaceReading(NamedTuple):
    text: str
    place: str | None  # a country code or region id
    how: str  # "country", "region", "subdivision", "feature", "city", "typo", "none"
    name: str | None = None  # the subdivision or city as found


# A place name found in several countries resolves only when its largest namesake is this
# many times larger than any other; when it is that place's own name (not one of its
# alternate names), this many times.
CITY_MARGIN = 10
OWN_NAME_MARGIN = 3
# A place of fewer people is known only by its own name: alternate names of villages
# ("Kono" for a village in Côte d'Ivoire) would shadow the districts people mean.
SMALL_PLACE = 15_000


def read_place(text: str, taxonomy: Taxonomy) -> PlaceReading:
    """One place as written: a country or region, or a subdivision or city in its country.

    Tried as written first, then without words around the name ("northwestern",
    "Greater", "province", "River valley"), then as "<country>'s ..." or
    "<Brazilian> ...", and last as a misspelt country or region name.
    """
    exact = taxonomy.exact_place(text)
    if exact is not None:
        return PlaceReading(text, exact, "country" if taxonomy.is_country(exact) else "region")
    # "Lake Victoria", "Mount Elgon", "Moria camp": the name of a lake, mountain or camp, not
    # of a town that may share it, so a shortened form is no town's name (a river or valley
    # often is: "Tana River", "Jaguaribe valley")
    towns = _FEATURE_WORD.search(text) is None
    for candidate in _variants(text.strip()):
        shortened = candidate != text.strip()
        found = _lookup(candidate, taxonomy, exact_only=shortened, towns=towns or not shortened)
        if found is not None:
            return found._replace(text=text)
    owner = _POSSESSIVE.match(text.strip()) or _PART_OF.match(text.strip())
    if owner:  # "Colombia's Pacific coast", "northern provinces of Afghanistan"
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


def suggest_place(text: str, taxonomy: Taxonomy) -> tuple[str, str] | None:
    """A province, district or named place one letter from an unread place ("Jariibin":
    Jariiban, Somalia), as a suggestion to confirm, never as a reading.

    Only names of 6 letters or more, and only when every name within two edits lies in
    that one country; never for a name that is itself some place's name. Even so, among
    villages too small for the gazetteer, most such near names are another place
    altogether ("Caldana", a village in Italy, is one letter from Aldana, Colombia), which
    is why it is offered and not taken.
    """
    from fundfinder.understand.gazetteer import gazetteer

    places = gazetteer()
    for candidate in _variants(text.strip()):
        key = fold(candidate)
        if places.known(key):
            return None
        hit = places.near(key)
        if hit is not None and taxonomy.is_country(hit[1]):
            return hit
    return None


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


def _lookup(
    text: str, taxonomy: Taxonomy, exact_only: bool, towns: bool = True
) -> PlaceReading | None:
    if exact_only:
        again = taxonomy.exact_place(text)
        if again is not None:
            how = "country" if taxonomy.is_country(again) else "region"
            return PlaceReading(text, again, how)
    key = fold(text)
    if not key or key in _DIRECTIONS:
        return None
    from fundfinder.understand.gazetteer import DIRECTIONS, gazetteer

    places = gazetteer()
    code = places.subdivision(key) or places.stem(key)
    if code is None:
        feature = places.feature(key)
        if feature is not None and taxonomy.is_country(feature):
            return PlaceReading(text, feature, "feature", text)
        code = places.district(key)
    words = key.split()
    if code is None and len(words) >= 2:  # "North Kivu", "Central Java", "Tonj North"
        if words[0] in DIRECTIONS:
            rest = " ".join(words[1:])
        elif words[-1] in DIRECTIONS:
            rest = " ".join(words[:-1])
        else:
            rest = ""
        if rest:
            code = taxonomy.exact_place(rest) or places.subdivision(rest) or places.stem(rest)
            if code is None and not exact_only:
                return _city(places.city(rest), text, taxonomy, own_only=True) if towns else None
    if code is not None and taxonomy.is_country(code):
        return PlaceReading(text, code, "subdivision", text)
    return _city(places.city(key), text, taxonomy, own_only=exact_only) if towns else None


def _city(city: City | None, text: str, taxonomy: Taxonomy, own_only: bool) -> PlaceReading | None:
    """A populated place, when its name points to one country clearly enough.

    `own_only`: the name was found by leaving words out ("Lake Victoria" -> "Victoria"),
    so it must be a place's own name and its largest namesake by the full margin."""
    if city is None or not taxonomy.is_country(city.country):
        return None
    if (own_only or city.population < SMALL_PLACE) and not city.primary:
        return None
    margin = OWN_NAME_MARGIN if city.primary and not own_only else CITY_MARGIN
    if city.population >= margin * city.runner_up:
        return PlaceReading(text, city.country, "city", text)
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
    """'brazilian' -> BR, 'kenyan' -> KE, 'peruvian' -> PE, 'nigerian' -> NG (not Niger).

    The country whose name the word continues furthest; none when two are equally close."""
    if len(word) < 5 or not word.endswith(("an", "ian", "ese", "i")):
        return None
    hits = [
        (len(name), code)
        for name, code in _country_words().items()
        if word.startswith(name[:-1]) and len(word) - len(name) <= 4
    ]
    if not hits:
        return None
    hits.sort(reverse=True)
    if len(hits) > 1 and hits[0][0] == hits[1][0] and hits[0][1] != hits[1][1]:
        return None
    return hits[0][1]


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
