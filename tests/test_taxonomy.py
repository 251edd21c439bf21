"""Themes and places in English and Dutch, fuzzy matching and the region hierarchy."""

from __future__ import annotations

import pytest

from fundfinder.taxonomy import Taxonomy


@pytest.mark.parametrize(
    ("text", "theme"),
    [
        ("SRHR", "srhr"),
        ("WASH", "wash"),
        ("GBV", "gbv"),
        ("LGBTIQ+", "lgbtiq"),
        ("armoedebestrijding", "poverty"),
        ("kinderrechten", "children"),
        ("mensenrechten", "human-rights"),
        ("klimaatadaptatie", "climate-adaptation"),
        ("voedselzekerheid", "food-security"),
        ("onderwijs", "education"),
        ("Youth", "youth"),
        ("womens right", "gender-equality"),  # near miss accepted
    ],
)
def test_themes_resolve(taxonomy: Taxonomy, text: str, theme: str) -> None:
    assert taxonomy.resolve_theme(text).id == theme


def test_unknown_theme_gives_suggestions(taxonomy: Taxonomy) -> None:
    hit = taxonomy.resolve_theme("foodd sekurity stuff")
    assert hit.id is None
    assert "Food security" in hit.suggestions


def test_taxonomy_size_and_codes(taxonomy: Taxonomy) -> None:
    assert 30 <= len(taxonomy.themes) <= 50
    for theme in taxonomy.themes.values():
        assert theme.en and theme.nl and theme.sdg and theme.dac


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Kenia", "KE"),
        ("Oeganda", "UG"),
        ("Nederland", "NL"),
        ("KE", "KE"),
        ("Ivoorkust", "CI"),
        ("DRC", "CD"),
        ("Oost-Afrika", "east-africa"),
        ("Hoorn van Afrika", "horn-of-africa"),
        ("Midden-Oosten", "middle-east"),
        ("Latijns-Amerika", "latin-america"),
        ("Sahel", "sahel"),
        ("Great Lakes", "great-lakes"),
        ("MENA", "mena"),
        ("global", "global"),
        ("Uganada", "UG"),  # typo accepted
    ],
)
def test_places_resolve(taxonomy: Taxonomy, text: str, code: str) -> None:
    assert taxonomy.resolve_place(text).id == code


def test_unknown_place_suggests(taxonomy: Taxonomy) -> None:
    hit = taxonomy.resolve_place("Atlantis")
    assert hit.id is None


def test_hierarchy(taxonomy: Taxonomy) -> None:
    assert taxonomy.contains("east-africa", "UG")
    assert taxonomy.contains("africa", "east-africa")
    assert taxonomy.contains("global", "BD")
    assert not taxonomy.contains("asia", "UG")
    assert taxonomy.contains("dac-list", "UG")
    assert not taxonomy.contains("dac-list", "NL")
    assert taxonomy.contains("eu", "NL")
    assert taxonomy.contains("great-lakes", "UG")
    assert taxonomy.is_continent("africa") and not taxonomy.is_continent("sahel")


def test_dutch_labels(taxonomy: Taxonomy) -> None:
    assert taxonomy.place_label("KE", "nl") == "Kenia"
    assert taxonomy.place_label("east-africa", "nl") == "Oost-Afrika"
    assert taxonomy.theme_label("poverty", "nl") == "Armoedebestrijding"
