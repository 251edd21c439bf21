"""Real phrases and places as organisations write them (tests/data/phrases.yaml)."""

from __future__ import annotations

from pathlib import Path

import yaml

from fundfinder.load.profile import parse_profile
from fundfinder.rank.evaluation import held_apart, score_phrases
from fundfinder.taxonomy import Taxonomy

DATA = yaml.safe_load((Path(__file__).parent / "data" / "phrases.yaml").read_text("utf-8"))
# The floor: measured shares (benchmarks/phrases.py) less a little; raise it as reading improves.
THEME_FLOOR = 0.95
PLACE_FLOOR = 0.96
HELD_APART_THEME_FLOOR = 0.885  # phrases never used to extend the lexicon


def test_the_set_is_large_and_sourced() -> None:
    assert len(DATA["themes"]) >= 300 and len(DATA["places"]) >= 100
    assert all(str(i["source"]).startswith("http") for i in DATA["themes"] + DATA["places"])


def test_reading_holds_the_floor(taxonomy: Taxonomy) -> None:
    s = score_phrases(DATA, taxonomy)
    assert s.themes_right / s.themes_total >= THEME_FLOOR
    assert s.places_right / s.places_total >= PLACE_FLOOR
    held = {"themes": [i for i in DATA["themes"] if held_apart(str(i["phrase"]))], "places": []}
    h = score_phrases(held, taxonomy)
    assert h.themes_right / h.themes_total >= HELD_APART_THEME_FLOOR


def test_every_phrase_runs_in_a_profile(taxonomy: Taxonomy) -> None:
    phrases = [str(i["phrase"]) for i in DATA["themes"]]
    for start in range(0, len(phrases), 40):
        chunk = phrases[start : start + 40]
        profile = parse_profile(
            {"organisation": {"name": "X"}, "themes": chunk, "regions": ["Uganda"]}, "p", taxonomy
        )
        assert profile.themes
