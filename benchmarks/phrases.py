"""How well organisations' own words are understood: real theme phrases and places.

    python benchmarks/phrases.py            # shares, and the first misses
    python benchmarks/phrases.py --misses   # every miss

Reads tests/data/phrases.yaml (phrases and places as organisations write them, each
labelled by hand with what it means and the page it was found on) and prints the
share that fundfinder reads right, overall and on the third of the set that was
never looked at while the lexicon was extended (chosen by a hash of the text).
A theme phrase is right when its surest theme is one of the labelled ones; a place
when it resolves to the labelled country or region.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import yaml

from fundfinder.rank.evaluation import held_apart, score_phrases
from fundfinder.taxonomy import load_taxonomy

DATA = Path(__file__).resolve().parents[1] / "tests" / "data" / "phrases.yaml"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--misses", action="store_true", help="list every miss")
    args = parser.parse_args()
    data = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    taxonomy = load_taxonomy()
    s = score_phrases(data, taxonomy)
    parts = {}
    for name, held in (("fitting part (2/3)", False), ("held-apart part (1/3)", True)):
        subset = {
            "themes": [i for i in data["themes"] if held_apart(str(i["phrase"])) == held],
            "places": [i for i in data["places"] if held_apart(str(i["place"])) == held],
        }
        parts[name] = score_phrases(subset, taxonomy)
    shown = None if args.misses else 15
    print("theme phrases missed (phrase: expected / read):")
    for phrase, expected, read in s.theme_misses[:shown]:
        print(f"  {phrase!r}: {', '.join(expected)} / {', '.join(read) or '-'}")
    print("places missed (place: expected / read):")
    for place, expected, found in s.place_misses[:shown]:
        print(f"  {place!r}: {expected} / {', '.join(found) or '-'}")
    for name, p in parts.items():
        print(
            f"{name}: themes {p.themes_right / p.themes_total:.3f}, "
            f"places {p.places_right / p.places_total:.3f}"
        )
    print(
        f"themes {s.themes_right}/{s.themes_total} = {s.themes_right / s.themes_total:.3f}; "
        f"places {s.places_right}/{s.places_total} = {s.places_right / s.places_total:.3f}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
