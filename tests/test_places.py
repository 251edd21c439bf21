"""Places below country level: subdivisions in several languages, towns, and no wrong guesses."""

from __future__ import annotations

from pathlib import Path

import pytest

from fundfinder.taxonomy import Taxonomy
from fundfinder.understand import gazetteer as gz
from fundfinder.understand.places import read_place, read_place_list, suggest_place


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Nord-Kivu", "CD"),  # the subdivision's own name
        ("North Kivu", "CD"),  # its name in English: a direction word and the stem
        ("Noord-Kivu", "CD"),  # and in Dutch (pycountry's translation)
        ("Central Java", "ID"),  # 'Jawa Tengah'; known as 'Midden-Java' in Dutch
        ("Midden-Java", "ID"),
        ("Darfur", "SD"),  # North, South, East, West and Central Darfur all lie in Sudan
        ("Matabeleland", "ZW"),  # Matabeleland North and South
        ("Transkarpatië", "UA"),
        ("Samarkand", "UZ"),  # a city's English name, larger than any namesake elsewhere
        ("Rijnsburg", "NL"),  # a town of 8,000 people
        ("Aguacatán", "GT"),
        ("Gulu", "UG"),
        ("Southern Lebanon", "LB"),  # a direction word and a country, not Lebanon (Tennessee)
        ("northern and eastern provinces of Afghanistan", "AF"),
        ("de zuidelijke provincies van Kenia", "KE"),
        ("Peruvian Amazon", "PE"),
        ("Nigerian states", "NG"),  # Nigeria, not Niger
        ("Virunga National Park", "CD"),  # named features (data/places.yaml)
        ("Masai Mara", "KE"),
        ("Niger Delta", "NG"),
        ("Inner Niger Delta", "ML"),  # not Nigeria
        ("Pays Dogon", "ML"),
        ("Gulf of California", "MX"),  # the gulf, not the US state
        ("Gorkha District", "NP"),  # districts (data/districts.yaml)
        ("Walikale", "CD"),
        ("Federal Capital Territory", "NG"),  # not 'Federal Capital', a name of a US town
        ("Kwali", "NG"),  # an area council of the territory
        ("Misuku", "MW"),
        ("Kakuma refugee camp", "KE"),  # camps and settlements (data/places.yaml)
        ("Bidi Bidi", "UG"),
        ("Moria camp", "GR"),  # not Moria, a town in Israel
        ("Yida", "SS"),  # the camp, not a village in Saudi Arabia
        ("utviklingsland", "dac-list"),  # 'developing countries' in Norwegian
        ("Entwicklungsländer", "dac-list"),
    ],
)
def test_places_below_country_level(taxonomy: Taxonomy, text: str, code: str) -> None:
    readings = read_place_list(text, taxonomy)
    assert readings and all(r.place == code for r in readings), readings


@pytest.mark.parametrize(
    "text",
    [
        "Kono",  # a district of Sierra Leone; only an alternate name of a village elsewhere
        "Gulf of Aden",  # shared by Yemen and Somalia; not Aden, the city
        "Lake Victoria",  # shared by three countries; not Victoria (Hong Kong)
        "Atlantis Qwerty",
    ],
)
def test_no_wrong_guess(taxonomy: Taxonomy, text: str) -> None:
    reading = read_place(text, taxonomy)
    assert reading.place is None or (text, reading.place) == ("Kono", "SL"), reading


def test_gazetteer_lookups() -> None:
    places = gz.gazetteer()
    assert places.subdivision("sud kivu") == "CD"
    assert places.subdivision("no such place here") is None
    assert places.stem("kivu") == "CD"
    samarkand = places.city("samarkand")
    assert samarkand is not None and samarkand.country == "UZ" and samarkand.primary
    assert samarkand.population > 10 * samarkand.runner_up or samarkand.runner_up > 0
    assert places.city("zzzz qqqq") is None


def test_a_shared_subdivision_name_resolves_to_none() -> None:
    # 'Para' is a district of Suriname and (as 'Pará') a state of Brazil
    assert gz.gazetteer().subdivision("para") is None


def test_gazetteer_is_compiled_once_and_read_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FUNDFINDER_CACHE_DIR", str(tmp_path))
    gz.gazetteer.cache_clear()
    built = gz.gazetteer()
    assert len(list(tmp_path.glob("gazetteer-*.cache"))) == 1

    def refuse(source: Path) -> None:
        raise AssertionError("built again instead of read from the cache")

    monkeypatch.setattr(gz, "build", refuse)
    gz.gazetteer.cache_clear()
    again = gz.gazetteer()
    for key in ("nord kivu", "samarkand", "rijnsburg", "kivu"):
        assert again.subdivision(key) == built.subdivision(key)
        assert again.city(key) == built.city(key)
        assert again.stem(key) == built.stem(key)
    gz.gazetteer.cache_clear()


def test_stems_need_one_country() -> None:
    stems = gz._stems({"north x land": {"AA"}, "south x land": {"BB"}, "upper y": {"CC"}})
    assert stems == {"x land": {"AA", "BB"}}  # 'y' is too short to stand alone


def test_a_misshapen_cache_entry_is_not_used() -> None:
    good = dict(gz.gazetteer()._t)  # as read back from the cache
    assert gz.valid(good)
    assert not gz.valid({"countries": ("UG",)})
    short = dict(good, city_pop=good["city_pop"][:-1])
    assert not gz.valid(short)
    wrong_code = dict(good, sub_code=good["sub_code"].copy())
    wrong_code["sub_code"][0] = len(good["countries"]) + 5
    assert not gz.valid(wrong_code)
    assert not gz.valid(dict(good, countries=["UG"]))
    assert not gz.valid(dict(good, near_names=good["near_names"][:-1]))
    assert not gz.valid(dict(good, near_keys=list(good["near_keys"])))


def test_a_place_one_letter_off_is_suggested_and_not_read(taxonomy: Taxonomy) -> None:
    assert gz.gazetteer().near("jariibin") == ("Jariiban", "SO")  # a district of Mudug
    assert suggest_place("Jariibin district", taxonomy) == ("Jariiban", "SO")
    assert suggest_place("Mayan Biosphere Reserve", taxonomy) == ("Maya Biosphere Reserve", "GT")
    assert suggest_place("Gorkah", taxonomy) == ("Gorkha", "NP")  # two letters swapped
    assert read_place("Jariibin", taxonomy).place is None  # offered, never taken


@pytest.mark.parametrize(
    "text",
    [
        "Samarkand",  # a town's own name is never 'corrected' into another place
        "Para",  # a district of Suriname and a state of Brazil: known, so no suggestion
        "Gorka",  # too short to guess from
        "Caldana",  # a village in Italy, one letter from Aldana in Colombia and others
    ],
)
def test_no_suggestion_for_a_known_short_or_contested_name(taxonomy: Taxonomy, text: str) -> None:
    assert suggest_place(text, taxonomy) is None


PLACES = """\
places:
  - id: zwartwater-park
    name: Zwartwater Nature Park
    also: [Zwartwaterpark]
    country: KE
    kind: park
    sources: [https://example.org/zwartwater]
  - id: qarawi-refugee-settlement
    name: Qarawi refugee settlement
    also: [Qarawi]
    country: UG
    kind: camp
    sources: [https://example.org/qarawi]
  - id: shared-lake-north
    name: Lake Quentara
    country: UG
    kind: lake
    sources: [https://example.org/quentara-ug]
  - id: shared-lake-south
    name: Lake Quentara
    country: TZ
    kind: lake
    sources: [https://example.org/quentara-tz]
"""


@pytest.fixture
def own_places(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "places.yaml"
    path.write_text(PLACES, encoding="utf-8")
    monkeypatch.setattr(gz, "features_file", lambda: path)
    gz.gazetteer.cache_clear()
    yield path
    gz.gazetteer.cache_clear()


def test_named_features_resolve_to_their_country(own_places: Path, taxonomy: Taxonomy) -> None:
    assert read_place("Zwartwater Nature Park", taxonomy)[1:] == (
        "KE",
        "feature",
        "Zwartwater Nature Park",
    )
    assert read_place("Zwartwaterpark", taxonomy).place == "KE"
    # a name two entries give to different countries resolves to none
    assert read_place("Lake Quentara", taxonomy).place is None
    # camps and settlements, under their names with or without the word for what they are
    for text in ("Qarawi refugee settlement", "Qarawi camp", "vluchtelingenkamp Qarawi"):
        assert read_place(text, taxonomy).place == "UG", text
    # a camp's name less 'camp' is never read as a town that shares it
    assert read_place("Rijnsburg camp", taxonomy).place is None
    assert read_place("Rijnsburg", taxonomy).place == "NL"


def test_an_edited_places_file_is_read_again(own_places: Path, taxonomy: Taxonomy) -> None:
    assert read_place("Zwartwaterpark", taxonomy).place == "KE"
    own_places.write_text(PLACES.replace("country: KE", "country: MW"), encoding="utf-8")
    gz.gazetteer.cache_clear()
    assert read_place("Zwartwaterpark", taxonomy).place == "MW"


def test_places_file_problems_name_line_and_field(taxonomy: Taxonomy) -> None:
    import yaml

    from fundfinder.load.datafiles import check_places
    from fundfinder.load.yamlsafe import parse_yaml

    text = PLACES + (
        "  - id: bad\n"  # line 24
        "    name: Kenya\n"
        "    also: [Zwartwaterpark]\n"
        "    country: XQ\n"
        "    kind: parc\n"
        "    sources: [not a url]\n"
        "  - id: unsourced\n"
        "    name: Unsourced Hills\n"
        "    country: UG\n"
        "    kind: mountains\n"
    )
    assert yaml.safe_load(text)
    problems = check_places(parse_yaml(text), "places.yaml", taxonomy)
    said = {(p.line, p.field, p.message.text("en")) for p in problems}
    assert (25, "places[4](bad)", "'Kenya' is already the name of a country or region") in said
    assert (26, "places[4](bad)", "'Zwartwaterpark' also names the entry on line 4") in said
    assert (27, "places[4](bad).country", "unknown country code 'XQ'") in said
    assert (28, "places[4](bad).kind", "unknown kind 'parc' (did you mean 'park'?)") in said
    assert any(p.field == "places[4](bad).sources[0]" for p in problems)
    assert any(p.field == "places[5](unsourced).sources" for p in problems)
    # the shared name of two lakes is reported too: one name, one entry
    shared = "'Lake Quentara' also names the entry on line 15"
    assert (20, "places[3](shared-lake-south)", shared) in said


def test_build_reads_places_by_name_and_alternate_name(tmp_path: Path) -> None:
    import json

    def place(name: str, country: str, population: int, *alternates: str) -> dict[str, object]:
        return {
            "name": name,
            "countrycode": country,
            "population": population,
            "alternatenames": list(alternates),
        }

    cities = {
        "1": place("Bigtown", "KE", 900_000, "Grandeville", "bigtaun", "Bgt"),
        "2": place("Bigtown", "UG", 20_000),
        "3": place("Smallham", "TZ", 4_000, "Grandeville"),
        "4": place("Sainte-Élise", "CD", 30_000, "Sainte Elise"),
        "5": place("Twinford", "GH", 50_000),
        "6": place("Twinford", "TG", 40_000),
    }
    source = tmp_path / "cities.json"
    source.write_text(json.dumps(cities), encoding="utf-8")
    places = gz.Gazetteer(gz.build(source))
    assert places.city("bigtown") == gz.City("KE", 900_000, 20_000, True)
    # an alternate name: the largest place that has it, not its own name there
    assert places.city("grandeville") == gz.City("KE", 900_000, 4_000, False)
    assert places.city("bigtaun") is None  # a lower-case romanisation is not a name
    assert places.city("bgt") is None  # too short to look up
    assert places.city("sainte elise") == gz.City("CD", 30_000, 0, True)
    assert places.city("twinford") == gz.City("GH", 50_000, 40_000, True)


DISTRICTS = """\
countries:
  NP:
    unit: district
    sources: [https://example.org/np]
    names: [Qwertypur, Sharedname]
  SL:
    unit: district
    sources: [https://example.org/sl]
    names: [Sharedname]
"""


def test_districts_resolve_to_their_country(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, taxonomy: Taxonomy
) -> None:
    path = tmp_path / "districts.yaml"
    path.write_text(DISTRICTS, encoding="utf-8")
    monkeypatch.setattr(gz, "districts_file", lambda: path)
    gz.gazetteer.cache_clear()
    try:
        assert read_place("Qwertypur District", taxonomy)[1:3] == ("NP", "subdivision")
        assert read_place("Sharedname", taxonomy).place is None  # in two countries: none
    finally:
        gz.gazetteer.cache_clear()


def test_districts_file_problems_name_line_and_field(taxonomy: Taxonomy) -> None:
    from fundfinder.load.datafiles import check_districts
    from fundfinder.load.yamlsafe import parse_yaml

    text = DISTRICTS + (
        "  XQ:\n"  # line 10
        "    unit: district\n"
        "    sources: [https://example.org/xq]\n"
        "    names: [Somewhere]\n"
        "  KE:\n"
        "    unit: sub-county\n"
        "    names: [Westlands, Westlands]\n"
    )
    said = {
        (p.line, p.field, p.message.text("en"))
        for p in check_districts(parse_yaml(text), "d.yaml", taxonomy)
    }
    assert (10, "countries.XQ", "unknown country code 'XQ'") in said
    assert any(field == "countries.KE.sources" for _line, field, _text in said)
    assert (16, "countries.KE.names[1]", "'Westlands' is listed twice (also on line 16)") in said
    assert check_districts(parse_yaml(DISTRICTS), "d.yaml", taxonomy) == []
