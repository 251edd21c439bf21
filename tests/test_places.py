"""Places below country level: subdivisions in several languages, towns, and no wrong guesses."""

from __future__ import annotations

from pathlib import Path

import pytest

from fundfinder.taxonomy import Taxonomy
from fundfinder.understand import gazetteer as gz
from fundfinder.understand.places import read_place, read_place_list


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
        "Federal Capital Territory",  # not 'Federal Capital', an alternate name in the US
        "Gulf of California",  # not California
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
