"""Reading a theme phrase in an organisation's own words (English and Dutch)."""

from __future__ import annotations

import pytest

from fundfinder.understand.reading import Reader, load_reader


def themes(phrase: str) -> dict[str, float]:
    return dict(load_reader().read(phrase).themes)


@pytest.mark.parametrize(
    "phrase, expected",
    [
        ("water and sanitation", {"wash"}),
        ("schoolmaaltijden", {"nutrition", "education"}),
        ("vrouwenrechten", {"gender-equality"}),
        ("kinderhuwelijken", {"children"}),
        ("gender and climate", {"gender-equality", "climate"}),
        ("democratic values", {"democracy"}),  # democrat / democraci: one word family
        ("parliamentary monitoring", {"democracy"}),
        ("community development", {"economic-development"}),
        ("desarrollo local", {"economic-development"}),
        ("dak- en thuislozen", {"poverty"}),
    ],
)
def test_phrases_read_as_themes(phrase: str, expected: set[str]) -> None:
    assert set(themes(phrase)) >= expected


def test_the_surest_reading_comes_first_and_the_rest_are_keywords() -> None:
    reading = load_reader().read("land and water rights")
    found = dict(reading.themes)
    assert found["land-rights"] > found["wash"]
    assert reading.themes[0][0] == "land-rights"
    assert load_reader().read("blockchain pilots").keywords == ("blockchain", "pilots")
    assert load_reader().read("blockchain pilots").themes == ()


def test_compounds_need_two_known_parts() -> None:
    reader = Reader({"lgbtiq": ["trans"], "education": ["school"], "nutrition": ["maaltijd"]})
    assert dict(reader.read("schoolmaaltijden").themes).keys() == {"education", "nutrition"}
    assert reader.read("transparency").themes == ()  # 'parency' is no word: no compound


def test_free_keywords_are_found_in_funders_own_words(taxonomy) -> None:  # type: ignore[no-untyped-def]
    from fundfinder.i18n import say_all
    from fundfinder.load.catalog import load_catalog
    from fundfinder.load.profile import parse_profile
    from fundfinder.rank.retrieval import matched, query_tokens
    from fundfinder.rank.scoring import theme_part

    funders = {f.id: f for f in load_catalog(taxonomy=taxonomy).funders}
    query = query_tokens(["droomfonds"])
    hit, found = matched(query, ["droomfonds"], funders["nationale-postcode-loterij"])
    miss, _none = matched(query, ["droomfonds"], funders["mama-cash"])
    assert 0 < hit <= 1 and miss == 0 and found == ["droomfonds"]
    profile = parse_profile(
        {"organisation": {"name": "X"}, "themes": ["culture", "droomfonds"], "regions": ["Kenya"]},
        "p",
        taxonomy,
    )
    assert profile.keywords == ("droomfonds",)
    part = theme_part(profile, funders["nationale-postcode-loterij"], taxonomy)
    assert (part.fit or 0) > 0  # no shared theme, but its own words mention the keyword
    assert say_all(part.reasons, "en", taxonomy) == ["its own description mentions droomfonds"]


def test_a_narrow_theme_comes_before_the_broad_one_it_belongs_to() -> None:
    """'HIV health promotion' is about HIV first: the broader 'health' (read from more of
    the phrase's words) is not surer than the narrower theme named beside it."""
    from fundfinder.understand.reading import load_reader

    themes = dict(load_reader().read("HIV health promotion").themes)
    assert "hiv-aids" in themes and "health" in themes
    assert themes["health"] <= themes["hiv-aids"]
    alone = dict(load_reader().read("health promotion").themes)
    assert max(alone, key=lambda t: alone[t]) == "health"  # on its own, still health
