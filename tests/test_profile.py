"""Profiles: validation with lines, Dutch values, resolution onto the taxonomy."""

from __future__ import annotations

from pathlib import Path

import pytest

from fundfinder.errors import ProfileError
from fundfinder.load.profile import load_profile, parse_profile
from fundfinder.load.yamlsafe import parse_yaml

from .conftest import make_profile, profile_data


def test_minimal_profile() -> None:
    p = parse_profile({"organisation": {"name": "X"}, "themes": ["WASH"], "regions": ["Kenia"]})
    assert p.theme_ids == ("wash",)
    assert p.regions == ("KE",)
    assert p.organisation.registered_in is None
    assert p.lang == "en"


def test_dutch_values_understood() -> None:
    p = make_profile(
        organisation={"name": "Stichting", "registered_in": "Nederland", "anbi": "ja"},
        themes=["armoedebestrijding", "kinderrechten"],
        regions=["Oost-Afrika", "Hoorn van Afrika"],
        need={"amount_eur": "€ 450.000", "forms": ["subsidie", "lening"]},
        lang="nl",
    )
    assert p.organisation.registered_in == "NL"
    assert p.organisation.anbi is True
    assert p.theme_ids == ("poverty", "children")
    assert p.regions == ("east-africa", "horn-of-africa")
    assert p.need.amount_eur == 450_000
    assert p.need.forms == ("grant", "loan")
    assert p.lang == "nl"


def test_missing_themes_names_the_line() -> None:
    text = "organisation:\n  name: X\nregions: [Kenya]\n"
    with pytest.raises(ProfileError, match=r"profile.yaml:1: themes: is required"):
        parse_profile(parse_yaml(text), "profile.yaml")


def test_unknown_theme_and_place_suggest() -> None:
    text = "organisation: {name: X}\nthemes: [qqqq wwww]\nregions: [Keniya, Xyzzyland]\n"
    with pytest.raises(ProfileError) as err:
        parse_profile(parse_yaml(text), "p.yaml")
    message = str(err.value)
    assert "p.yaml:2: themes[0]: unknown theme 'qqqq wwww'" in message
    assert "p.yaml:3: regions[1]: unknown country or region 'Xyzzyland'" in message
    assert "Keniya" not in message  # a near miss is accepted


def test_a_district_one_letter_off_is_suggested_not_read() -> None:
    text = "organisation: {name: X}\nthemes: [water]\nregions: [Kenya, Jariibin]\n"
    with pytest.raises(ProfileError) as err:
        parse_profile(parse_yaml(text), "p.yaml")
    assert (
        "p.yaml:3: regions[1]: unknown country or region 'Jariibin'; did you mean Jariiban"
        " (Somalia)?" in str(err.value)
    )


def test_phrases_are_read_as_themes_and_keywords() -> None:
    text = (
        "organisation: {name: X}\n"
        "themes: [SRHR, land and water rights, schoolmaaltijden, blockchain pilots]\n"
        "regions: [Gulu, Guatamala, East and Southern Africa]\n"
    )
    profile = parse_profile(parse_yaml(text), "p.yaml")
    read = {(t.text, t.id) for t in profile.themes}
    assert ("land and water rights", "land-rights") in read
    assert ("land and water rights", "wash") in read
    assert ("schoolmaaltijden", "nutrition") in read and ("schoolmaaltijden", "education") in read
    assert "blockchain" in profile.keywords  # nothing matched: kept as a keyword, no error
    confidence = {t.id: t.confidence for t in profile.themes if t.text == "land and water rights"}
    assert confidence["land-rights"] > confidence["wash"]
    assert profile.regions == ("UG", "GT", "east-africa", "southern-africa")
    assert ("Gulu", "UG", "subdivision") in profile.places


def test_bad_numbers_and_unknown_keys() -> None:
    data = profile_data(
        organisation={"name": "X", "annual_budget_eur": -5, "staff": 3},
        need={"amount_eur": float("nan")},
    )
    with pytest.raises(ProfileError) as err:
        parse_profile(data, "p.yaml")
    message = str(err.value)
    assert "organisation.annual_budget_eur: is -5; it must be at least 0" in message
    assert "organisation.staff: unknown key (did you mean 'staff_fte'?)" in message
    assert "need.amount_eur: must be a finite number" in message


def test_weights_and_exclusions() -> None:
    p = make_profile(preferences={"exclude": ["x"], "weights": {"themes": 1, "regions": 0}})
    assert p.exclude == ("x",)
    assert p.weights.themes == 1 and p.weights.regions == 0
    with pytest.raises(ProfileError, match="at least one weight"):
        make_profile(
            preferences={
                "weights": {
                    "themes": 0,
                    "regions": 0,
                    "size": 0,
                    "forms": 0,
                    "timing": 0,
                    "access": 0,
                    "history": 0,
                }
            }
        )


def test_registration_must_be_a_country() -> None:
    with pytest.raises(ProfileError, match="unknown country 'East Africa'"):
        make_profile(organisation={"name": "X", "registered_in": "East Africa"})


def test_load_profile_reports_file(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text("organisation: [\n")
    with pytest.raises(ProfileError, match=r"p\.yaml: line \d+, column \d+: not valid YAML"):
        load_profile(path)
    path.write_text("")
    with pytest.raises(ProfileError, match="the file is empty"):
        load_profile(path)
    path.write_text("- a\n- b\n")
    with pytest.raises(ProfileError, match="expected a mapping"):
        load_profile(path)
