"""Measuring the ranking: do an organisation's real funders rank high for it?

Leave one recipient out: its profile is made from its own words (its themes and
places as the grant records write them, its registration, type and size band),
its grants are hidden from the history, every funder is ranked, and the ranks
of the funders that really funded it are recorded. Summed over all recipients
this gives recall@10, recall@20 (share of (recipient, funder) pairs whose funder
lands in the top 10 or 20) and the mean reciprocal rank (per recipient, of its
best-placed real funder).

The scores are computed once per recipient, part by part; re-weighting the
parts (for the ablation and for fitting the weights) then only re-ranks.
"""

from __future__ import annotations

import math
import zlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from typing import Any, NamedTuple

from fundfinder.errors import ProfileError
from fundfinder.load.history import History, PastGrant, Recipient
from fundfinder.load.profile import parse_profile
from fundfinder.models import Funder, Profile, Weights
from fundfinder.rank.scoring import (
    STALE_FACTOR,
    calibrate,
    exclusions,
    is_penalised,
    score_funder,
)
from fundfinder.taxonomy import Taxonomy
from fundfinder.understand.reading import words

PARTS = ("themes", "regions", "size", "forms", "timing", "access", "history")
BAND_BUDGET = {"xs": 50_000, "s": 400_000, "m": 3_000_000, "l": 20_000_000, "xl": 80_000_000}
EUROPE = "europe"


class Case(NamedTuple):
    """One recipient, its profile made from its own words, and its real funders."""

    key: str
    recipient: Recipient
    profile: Profile
    funders: frozenset[str]
    home: str  # "NL", "Europe" or "elsewhere"
    held_out: bool  # in the half kept apart from fitting


class Scores(NamedTuple):
    """Every funder's parts for one case (NaN where the profile leaves a part open)."""

    parts: Any  # float (funders, parts)
    excluded: Any  # bool (funders,)
    stale: Any  # bool (funders,)
    confirmed: Any  # bool (funders,)
    far: Any  # bool (funders,)
    names: Sequence[str]


class Result(NamedTuple):
    recall10: float
    recall20: float
    mrr: float
    pairs: int
    cases: int


def merge_recipients(grants: Iterable[PastGrant]) -> dict[str, tuple[Recipient, set[str]]]:
    """Each recipient once (themes and places merged across its grants) with its funders."""
    found: dict[str, tuple[Recipient, set[str]]] = {}
    for g in grants:
        r = g.recipient
        held = found.get(r.key)
        if held is None:
            found[r.key] = (r, {g.funder})
            continue
        old, funders = held
        merged = old._replace(
            themes=tuple(dict.fromkeys((*old.themes, *r.themes))),
            regions=tuple(dict.fromkeys((*old.regions, *r.regions))),
            registered_in=old.registered_in or r.registered_in,
            org_type=old.org_type or r.org_type,
            size_band=old.size_band or r.size_band,
        )
        funders.add(g.funder)
        found[r.key] = (merged, funders)
    return found


def profile_of(r: Recipient, taxonomy: Taxonomy) -> Profile | None:
    """A profile as the recipient would write it; places nobody knows are left out."""
    from fundfinder.understand.places import read_place_list

    regions = [t for t in r.regions if all(p.place for p in read_place_list(t, taxonomy))]
    org: dict[str, Any] = {"name": r.name}
    if r.registered_in:
        org["registered_in"] = r.registered_in
    if r.org_type:
        org["org_type"] = r.org_type
    if r.size_band:
        org["annual_budget_eur"] = BAND_BUDGET[r.size_band]
    data = {"organisation": org, "themes": list(r.themes), "regions": regions or ["global"]}
    try:
        return parse_profile(data, r.name, taxonomy)
    except ProfileError:
        return None


def home_of(country: str | None, taxonomy: Taxonomy) -> str:
    if country == "NL":
        return "NL"
    if country and EUROPE in taxonomy.regions and taxonomy.contains(EUROPE, country):
        return "Europe"
    return "elsewhere"


def build_cases(
    history: History,
    funder_ids: Iterable[str],
    taxonomy: Taxonomy,
    closed: Iterable[str] = (),
) -> tuple[list[Case], int]:
    """Every recipient with a real funder in the database; and how many could not be read.

    Funders that are `closed` (no longer take applications) are no prospect: a grant
    from one is left out of the cases.
    """
    known = set(funder_ids)
    closed = set(closed)
    cases: list[Case] = []
    unread = 0
    for key, (recipient, funders) in sorted(merge_recipients(history.grants).items()):
        real = frozenset(f for f in funders if f in known and f not in closed)
        if not real:
            continue
        profile = profile_of(recipient, taxonomy)
        if profile is None:
            unread += 1
            continue
        held_out = zlib.crc32(key.encode()) % 3 == 0
        home = home_of(recipient.registered_in, taxonomy)
        cases.append(Case(key, recipient, profile, real, home, held_out))
    return cases, unread


def score_case(
    case: Case, funders: Sequence[Funder], history: History, taxonomy: Taxonomy, today: date
) -> Scores:
    evidence = history.evidence(case.profile, hide=case.key)
    n = len(funders)
    import numpy as np

    parts = np.full((n, len(PARTS)), np.nan)
    excluded = np.zeros(n, dtype=bool)
    stale = np.zeros(n, dtype=bool)
    confirmed = np.zeros(n, dtype=bool)
    far = np.zeros(n, dtype=bool)
    for i, funder in enumerate(funders):
        stale[i] = is_penalised(funder, today)
        if exclusions(case.profile, funder, taxonomy):
            excluded[i] = True
            continue
        scored = score_funder(case.profile, funder, taxonomy, today, evidence)
        for j, (_key, fit) in enumerate(scored.breakdown):
            if fit is not None:
                parts[i, j] = fit
        confirmed[i] = scored.confirmed
        far[i] = scored.held
    return Scores(parts, excluded, stale, confirmed, far, [f.name.casefold() for f in funders])


def ranks(scores: Scores, weights: Mapping[str, float]) -> Any:
    """Rank (1 = best) of every funder under `weights`; excluded funders get a huge rank."""
    import numpy as np

    w = np.asarray([weights.get(p, 0.0) for p in PARTS])
    known = ~np.isnan(scores.parts)
    total = (known * w).sum(axis=1)
    earned = (np.nan_to_num(scores.parts) * w).sum(axis=1)
    score = np.where(total > 0, 100.0 * earned / np.where(total > 0, total, 1), 0.0)
    score = np.where(scores.stale, score * STALE_FACTOR, score)
    history = np.nan_to_num(scores.parts[:, PARTS.index("history")])
    theme = np.nan_to_num(scores.parts[:, PARTS.index("themes")])
    gate = theme if weights.get("themes", 0.0) > 0 else 1.0
    score = np.round(calibrate(score, history, scores.confirmed, scores.far, gate), 1)
    score = np.where(scores.excluded, -1.0, score)
    order = np.lexsort((np.asarray(scores.names), -theme, -score))
    result = np.empty(len(order), dtype=np.int64)
    result[order] = np.arange(1, len(order) + 1)
    return np.where(scores.excluded, 10**9, result)


def measure(
    cases: Sequence[Case],
    ranked: Callable[[int], Any],
    funder_index: Mapping[str, int],
    keep: Callable[[Case], bool] = lambda c: True,
    funder_keep: Callable[[str], bool] = lambda f: True,
) -> Result:
    """Recall@10, recall@20 and MRR over the cases `keep` selects."""
    hit10 = hit20 = pairs = 0
    rr: list[float] = []
    for i, case in enumerate(cases):
        if not keep(case):
            continue
        order = ranked(i)
        real = [f for f in case.funders if funder_keep(f)]
        if not real:
            continue
        positions = [int(order[funder_index[f]]) for f in real]
        pairs += len(positions)
        hit10 += sum(p <= 10 for p in positions)
        hit20 += sum(p <= 20 for p in positions)
        best = min(positions)
        rr.append(0.0 if best >= 10**9 else 1.0 / best)
    if not pairs:
        return Result(math.nan, math.nan, math.nan, 0, 0)
    return Result(hit10 / pairs, hit20 / pairs, sum(rr) / len(rr), pairs, len(rr))


def baseline_ranks(case: Case, funders: Sequence[Funder], taxonomy: Taxonomy) -> Any:
    """Shared words: the profile's words against a funder's themes, keywords and regions."""
    import numpy as np

    mine = set(words(" ".join((*case.recipient.themes, *case.recipient.regions))))
    counts = []
    for f in funders:
        text = [taxonomy.theme_label(t, lang) for t in f.themes for lang in ("en", "nl")]
        text += list(f.keywords)
        text += [taxonomy.place_label(p, lang) for p in f.regions for lang in ("en", "nl")]
        counts.append(len(mine & set(words(" ".join(text)))))
    names = np.asarray([f.name.casefold() for f in funders])
    order = np.lexsort((names, -np.asarray(counts)))
    result = np.empty(len(order), dtype=np.int64)
    result[order] = np.arange(1, len(order) + 1)
    return result


def default_weights() -> dict[str, float]:
    return Weights().as_dict()


def fit_weights(
    cases: Sequence[Case],
    scored: Sequence[Scores],
    funder_index: Mapping[str, int],
    start: Mapping[str, float],
    steps: Sequence[float] = (0.0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4),
    rounds: int = 3,
) -> tuple[dict[str, float], float]:
    """Coordinate search on the fitting half: each weight in turn, best objective kept.

    Objective: recall@10 + recall@20 + MRR on the cases that are not held out.
    """
    weights = dict(start)

    def objective(w: Mapping[str, float]) -> float:
        r = measure(
            cases, lambda i: ranks(scored[i], w), funder_index, keep=lambda c: not c.held_out
        )
        return r.recall10 + r.recall20 + r.mrr

    best = objective(weights)
    for _round in range(rounds):
        improved = False
        for part in PARTS:
            for step in steps:
                trial = dict(weights)
                trial[part] = step
                if sum(trial.values()) <= 0:
                    continue
                value = objective(trial)
                if value > best + 1e-9:
                    best, weights, improved = value, trial, True
        if not improved:
            break
    return weights, best


# -- reading organisations' own words -----------------------------------------------------
def held_apart(text: str) -> bool:
    """The third of the phrases never used to extend the lexicon (by a hash of the text)."""
    return zlib.crc32(text.encode()) % 3 == 0


class PhraseScore(NamedTuple):
    themes_right: int
    themes_total: int
    places_right: int
    places_total: int
    theme_misses: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...]
    place_misses: tuple[tuple[str, str, tuple[str, ...]], ...]


def theme_reading_right(
    phrase: str, expected: Sequence[str], taxonomy: Taxonomy
) -> tuple[bool, tuple[str, ...]]:
    """A phrase is read right when its surest theme is one of those expected (and it is read
    as a theme at all), exactly as a profile reads it."""
    from fundfinder.understand.reading import load_reader

    hit = taxonomy.resolve_theme(phrase)
    if hit.id is not None:
        return hit.id in expected, (hit.id,)
    reading = load_reader().read(phrase)
    read = tuple(t for t, _c in reading.themes)
    if not read:
        return False, ()
    best = max(c for _t, c in reading.themes)
    top = {t for t, c in reading.themes if c >= best}
    return bool(top & set(expected)), read


def place_reading_right(
    place: str, expected: str, taxonomy: Taxonomy
) -> tuple[bool, tuple[str, ...]]:
    from fundfinder.understand.places import read_place_list

    readings = read_place_list(place, taxonomy)
    found = tuple(r.place for r in readings if r.place is not None)
    if len(found) != len(readings):
        return False, found
    return expected in found, found


def score_phrases(data: Mapping[str, Any], taxonomy: Taxonomy) -> PhraseScore:
    """Share of real phrases and places read as a careful adviser reads them."""
    theme_misses = []
    right_t = 0
    for item in data.get("themes") or ():
        ok, read = theme_reading_right(str(item["phrase"]), tuple(item["themes"]), taxonomy)
        right_t += ok
        if not ok:
            theme_misses.append((str(item["phrase"]), tuple(item["themes"]), read))
    place_misses = []
    right_p = 0
    for item in data.get("places") or ():
        ok, found = place_reading_right(str(item["place"]), str(item["country"]), taxonomy)
        right_p += ok
        if not ok:
            place_misses.append((str(item["place"]), str(item["country"]), found))
    return PhraseScore(
        right_t,
        len(data.get("themes") or ()),
        right_p,
        len(data.get("places") or ()),
        tuple(theme_misses),
        tuple(place_misses),
    )
