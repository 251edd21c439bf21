"""The grant history in columns, compared with a profile all at once (numpy).

A large history (`history.BULK_GRANTS` grants or more) is compiled, once per content, into
numeric columns: per grant its funder, recipient, year and its place in the file
order; per distinct recipient its themes and places (as CSR lists of ids with
confidences), registration, kind and size band. `evidence` then gives every funder the
same `Evidence` as `History._compute` does one grant at a time (the same formulas,
the same order of ties), so the ranking is the same at any size; a property test
compares the two.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any, overload

import numpy as np

from fundfinder.models import ORG_TYPES

if TYPE_CHECKING:
    from fundfinder.load.history import Evidence, Features, History, PastGrant, ThemeReads
    from fundfinder.taxonomy import Taxonomy


def _csr(rows: list[list[Any]]) -> tuple[Any, list[Any]]:
    ptr = np.zeros(len(rows) + 1, dtype=np.int64)
    flat: list[Any] = []
    for i, row in enumerate(rows):
        flat += row
        ptr[i + 1] = len(flat)
    return ptr, flat


def compile_columns(history: History) -> dict[str, Any]:
    """The columns of a history (its grants and their recipients' features)."""
    from fundfinder.load.history import SIZE_BANDS

    taxonomy = history.taxonomy
    theme_ids = {t: i for i, t in enumerate(taxonomy.themes)}
    rows: dict[tuple[Features, str], int] = {}
    features: list[Features] = []
    keys: dict[str, int] = {}
    r_key: list[int] = []
    funders: dict[str, int] = {}
    g_funder = np.empty(len(history.grants), dtype=np.int32)
    g_rec = np.empty(len(history.grants), dtype=np.int32)
    g_year = np.empty(len(history.grants), dtype=np.int32)
    for i, grant in enumerate(history.grants):
        feats = history._features[i]
        key = history._keys[i]
        row = rows.get((feats, key))
        if row is None:
            row = rows[(feats, key)] = len(features)
            features.append(feats)
            r_key.append(keys.setdefault(key, len(keys)))
        g_funder[i] = funders.setdefault(grant.funder, len(funders))
        g_rec[i] = row
        g_year[i] = grant.year
    places: dict[str, int] = {}
    regs: dict[str, int] = {}
    t_ptr, themes = _csr([[(theme_ids[t], c) for t, c in f.themes] for f in features])
    p_ptr, p_flat = _csr([[places.setdefault(p, len(places)) for p in f.places] for f in features])
    r_reg = [
        -1 if f.registered_in is None else regs.setdefault(f.registered_in, len(regs))
        for f in features
    ]
    columns = {
        "funders": list(funders),
        "keys": list(keys),
        "places": list(places),
        "regs": list(regs),
        "g_funder": g_funder,
        "g_rec": g_rec,
        "g_year": g_year,
        "r_key": np.asarray(r_key, dtype=np.int32),
        "t_ptr": t_ptr,
        "t_id": np.asarray([t for t, _c in themes], dtype=np.int32),
        **_coded([c for _t, c in themes]),
        "p_ptr": p_ptr,
        "p_id": np.asarray(p_flat, dtype=np.int32),
        "r_reg": np.asarray(r_reg, dtype=np.int32),
        "r_type": np.asarray(
            [-1 if f.org_type is None else ORG_TYPES.index(f.org_type) for f in features],
            dtype=np.int8,
        ),
        "r_band": np.asarray(
            [-1 if f.size_band is None else SIZE_BANDS.index(f.size_band) for f in features],
            dtype=np.int8,
        ),
    }
    columns.update(_aggregates(columns, -1))
    columns.update(_theme_tables(columns, taxonomy))
    return columns


def _theme_tables(columns: dict[str, Any], taxonomy: Taxonomy) -> dict[str, Any]:
    """What the theme similarity takes from each recipient whatever the applicant's themes:
    for every theme of the taxonomy, how well the recipient's themes cover it (the best
    credit x confidence boost among them, as a code into `t_cover_values`, the few values
    that product takes), and the sum of the recipient's confidences."""
    theme_list = list(taxonomy.themes)
    confs = np.asarray(columns["t_confs"], dtype=np.float64)
    boost = np.minimum(1.0, confs + 0.2)
    ptr, codes = columns["t_ptr"], columns["t_conf_code"]
    pair = columns["t_id"].astype(np.int32) * len(confs) + codes
    credits = [np.array([taxonomy.theme_credit(a, b) for b in theme_list]) for a in theme_list]
    products = [np.outer(credit, boost).ravel() for credit in credits]
    values = np.unique(np.concatenate([[0.0], *products]))
    kind = np.uint8 if len(values) <= 256 else np.uint16
    cover = np.zeros((len(theme_list), len(ptr) - 1), dtype=kind)
    for a, product in enumerate(products):
        # the largest value is the one of the largest rank: worked out on ranks, it is exact
        rank = np.searchsorted(values, product)
        cover[a] = _segment_max(rank[pair], ptr).astype(kind)
    return {
        "t_cover": cover,
        "t_cover_values": values,
        "t_weight": _segment_sum(confs[codes], ptr),
    }


def _coded(confidences: list[float]) -> dict[str, Any]:
    """The confidences of the recipients' themes as codes into their few distinct values."""
    values = sorted(set(confidences))
    code = {v: i for i, v in enumerate(values)}
    kind = np.uint8 if len(values) <= 256 else np.int32
    return {
        "t_confs": values,
        "t_conf_code": np.asarray([code[c] for c in confidences], dtype=kind),
    }


def _segment_max(values: Any, ptr: Any) -> Any:
    """Per segment of a CSR list, the largest value (0 for an empty segment)."""
    out = np.zeros(len(ptr) - 1)
    filled = ptr[1:] > ptr[:-1]
    if len(values):
        starts = ptr[:-1][filled]
        out[filled] = np.maximum.reduceat(values, starts)
    return out


def _segment_sum(values: Any, ptr: Any) -> Any:
    """Per segment, the sum of its values added in order (as Python's `sum` does)."""
    out = np.zeros(len(ptr) - 1)
    filled = ptr[1:] > ptr[:-1]
    if len(values):
        out[filled] = np.add.reduceat(values, ptr[:-1][filled])
    return out


def _sums_of(table: Any, index: Any, ptr: Any, rows: Any) -> Any:
    """The sums of `table[index]` over segments `rows` of a CSR list, added in order; each
    of `rows` must be non-empty (an empty segment would take its neighbour's first value)."""
    values = np.empty(len(index) + 1)  # one 0 past the end: every start is a valid index
    np.take(table, index, out=values[:-1])
    values[-1] = 0.0
    return np.add.reduceat(values, ptr[:-1])[rows]


def _memo(history: History) -> dict[Any, Any]:
    """What one run works out once per history and reuses for every profile it compares
    (the organisation, then its partners in each country of work)."""
    memo: dict[Any, Any] | None = history.__dict__.get("_bulk_memo")
    if memo is None:
        memo = history.__dict__["_bulk_memo"] = {}
    return memo


def _subset(ptr: Any, values: Sequence[Any], rows: Any) -> tuple[Any, list[Any]]:
    """The CSR lists of `rows` only (each row's values in order)."""
    lengths = np.diff(ptr)
    keep = np.zeros(len(lengths), dtype=bool)
    keep[rows] = True
    entries = np.repeat(keep, lengths)
    sub_ptr = np.zeros(len(rows) + 1, dtype=np.int64)
    np.cumsum(lengths[rows], out=sub_ptr[1:])
    return sub_ptr, [v[entries] for v in values]


def _theme_part(history: History, mine_themes: ThemeReads) -> tuple[Any, Any]:
    """The recipients touching a theme related to the applicant's (the others are 0, as in
    `history.similarity`), and their theme similarity; the same for every profile with
    these themes, so worked out once."""
    memo = _memo(history)
    found = memo.get(("themes", mine_themes))
    if found is not None:
        return found  # type: ignore[no-any-return]
    taxonomy = history.taxonomy
    columns = history.columns
    assert columns is not None
    theme_list = list(taxonomy.themes)
    position = {t: i for i, t in enumerate(theme_list)}
    cover, values = columns["t_cover"], columns["t_cover_values"]
    # cover(mine, theirs): for each of the applicant's themes, its best credit among theirs
    # (compiled per theme); only recipients with a theme related to the applicant's have any
    total_mine = sum(c for _t, c in mine_themes)
    cover_all = np.zeros(cover.shape[1])
    for ta, ca in mine_themes:
        cover_all += ca * values[cover[position[ta]]]
    rows = np.flatnonzero(cover_all > 0)
    cover_ab = cover_all[rows] / total_mine if total_mine > 0 else np.zeros(len(rows))
    # cover(theirs, mine): each of their themes at its best credit against the applicant's;
    # each entry is a theme with one of a few confidences, so what depends on both is looked
    # up in a small table (theme x confidence) instead of worked out per entry
    confs = np.asarray(columns["t_confs"], dtype=np.float64)
    best = np.zeros(len(theme_list))
    for ta, ca in mine_themes:
        credit = np.array([taxonomy.theme_credit(tb, ta) for tb in theme_list])
        best = np.maximum(best, credit * min(1.0, ca + 0.2))
    weight = columns["t_weight"][rows]
    # every entry looked up and summed in one pass: cheaper than picking out the rows first
    pair = columns["t_id"] * np.int32(len(confs))
    pair += columns["t_conf_code"]
    got = _sums_of(np.outer(best, confs).ravel(), pair, columns["t_ptr"], rows)
    with np.errstate(invalid="ignore", divide="ignore"):
        cover_ba = np.where(weight > 0, got / np.where(weight > 0, weight, 1.0), 0.0)
    themes = 0.5 * cover_ab + 0.5 * cover_ba
    kept = themes > 0
    found = memo[("themes", mine_themes)] = (rows[kept], themes[kept])
    return found


def _similar(history: History, mine: Features) -> tuple[Any, Any]:
    """The recipients with any similarity to the applicant, and their similarity."""
    from fundfinder.load.history import (
        SIM_CONTEXT_FLOOR,
        SIM_WEIGHTS,
        SIZE_BANDS,
        registration_similarity,
    )

    columns = history.columns
    assert columns is not None
    taxonomy = history.taxonomy
    if not mine.themes or len(columns["t_ptr"]) == 1:
        return np.zeros(0, dtype=np.int64), np.zeros(0)
    rows, themes = _theme_part(history, mine.themes)
    n = len(rows)
    # the context: places, registration, kind and size, each where both sides know it
    parts: list[tuple[float, Any, Any]] = []  # (weight, value, known)
    if mine.places:
        parts.append((SIM_WEIGHTS["regions"], *_place_part(history, mine.themes, mine.places)))
    r_reg = columns["r_reg"][rows]
    if mine.registered_in is not None:
        reg_value = np.array(
            [registration_similarity(mine.registered_in, r, taxonomy) for r in columns["regs"]]
            + [0.0]
        )
        parts.append((SIM_WEIGHTS["registration"], reg_value[r_reg], r_reg >= 0))
    r_type = columns["r_type"][rows]
    if mine.org_type is not None:
        same = (r_type == ORG_TYPES.index(mine.org_type)).astype(float)
        parts.append((SIM_WEIGHTS["org_type"], same, r_type >= 0))
    r_band = columns["r_band"][rows]
    if mine.size_band is not None:
        gap = np.minimum(np.abs(r_band.astype(int) - SIZE_BANDS.index(mine.size_band)), 2)
        parts.append((SIM_WEIGHTS["size"], np.array([1.0, 0.6, 0.25])[gap], r_band >= 0))
    total = np.zeros(n)
    earned = np.zeros(n)
    for w, value, known in parts:
        total = total + np.where(known, w, 0.0)
        earned = earned + np.where(known, w * value, 0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        context = np.where(total > 0, earned / np.where(total > 0, total, 1.0), 0.5)
    sim = themes * (SIM_CONTEXT_FLOOR + (1 - SIM_CONTEXT_FLOOR) * context)
    return rows, sim


def _place_part(history: History, themes: ThemeReads, places: tuple[str, ...]) -> tuple[Any, Any]:
    """How alike the places of the recipients `_theme_part` keeps are to the applicant's, and
    which of them name any place: the same for the organisation and its partners (who differ
    only in where they are registered), so worked out once."""
    from fundfinder.load.history import _places_alike

    memo = _memo(history)
    found = memo.get(("places", themes, places))
    if found is not None:
        return found  # type: ignore[no-any-return]
    columns = history.columns
    assert columns is not None
    rows, _themes = _theme_part(history, themes)
    p_ptr, (p_id,) = _subset(columns["p_ptr"], (columns["p_id"],), rows)
    value_of = np.array([_places_alike(places, (p,), history.taxonomy) for p in columns["places"]])
    has = p_ptr[1:] > p_ptr[:-1]
    found = memo[("places", themes, places)] = (_segment_max(value_of[p_id], p_ptr), has)
    return found


def _own_index(history: History, own_key: str) -> int:
    assert history.columns is not None
    keys: list[str] = history.columns["keys"]
    return keys.index(own_key) if own_key in keys else -1


BASE = ("known", "reg_funder", "reg_rows", "reg_known", "reg_pairs", "reg_counts", "bands")


def _base(history: History, own: int) -> dict[str, Any]:
    """What the evidence of every profile shares, given which recipient is hidden: stored
    with the columns for none hidden, else worked out once a run."""
    cols = history.columns
    assert cols is not None
    if own < 0 and all(f"base_{k}" in cols for k in BASE):
        return {k: cols[f"base_{k}"] for k in BASE}
    memo = _memo(history)
    found = memo.get(("base", own))
    if found is None:
        found = memo[("base", own)] = {
            k[len("base_") :]: v for k, v in _aggregates(cols, own).items()
        }
    return found


def _aggregates(cols: dict[str, Any], own: int) -> dict[str, Any]:
    """Each funder's known grants, where its recipients are registered (the first grant of
    each recipient that says so), and how many of its recipients are of each size band (the
    last band given for each), leaving out the grants to recipient `own`."""
    from fundfinder.load.history import SIZE_BANDS

    g_funder, g_rec = cols["g_funder"], cols["g_rec"]
    keys = cols["keys"]
    g_key = cols["r_key"][g_rec]
    n_funders = len(cols["funders"])
    shown = np.flatnonzero(g_key != own) if own >= 0 else np.arange(len(g_rec))
    funder_of = g_funder[shown]
    known = np.bincount(funder_of, minlength=n_funders)
    reg_of_grant = cols["r_reg"][g_rec[shown]]
    has_reg = reg_of_grant >= 0
    f_order = np.lexsort((shown[has_reg], funder_of[has_reg]))
    in_file = shown[has_reg][f_order]
    reg_of = funder_of[has_reg][f_order]
    pair_file = reg_of.astype(np.int64) * (len(keys) + 1) + g_key[in_file]
    _u, first_file = np.unique(pair_file, return_index=True)
    reg_rows = cols["r_reg"][g_rec[in_file[first_file]]]
    reg_funder = reg_of[first_file]
    regs = cols["regs"]
    reg_known = np.bincount(reg_funder, minlength=n_funders)
    reg_pairs, reg_counts = np.unique(
        reg_funder.astype(np.int64) * (len(regs) + 1) + reg_rows, return_counts=True
    )
    bands = cols["r_band"][g_rec[shown]].astype(np.int64)
    rows = np.flatnonzero(bands >= 0)
    pair = funder_of[rows].astype(np.int64) * (len(keys) + 1) + g_key[shown][rows]
    _u, last_rev = np.unique(pair[::-1], return_index=True)
    last = rows[len(rows) - 1 - last_rev]
    band_count = np.zeros((n_funders, len(SIZE_BANDS)), dtype=np.int64)
    np.add.at(band_count, (funder_of[last], bands[last]), 1)
    found = {
        "known": known,
        "reg_funder": reg_funder,
        "reg_rows": reg_rows,
        "reg_known": reg_known,
        "reg_pairs": reg_pairs,
        "reg_counts": reg_counts,
        "bands": band_count,
    }
    return {f"base_{k}": v for k, v in found.items()}


def _registered(
    history: History, base: dict[str, Any], own: int
) -> dict[int, tuple[tuple[str, int], ...]]:
    """Where each funder's recipients are registered, most often first (then by code), with
    recipient `own` left out (`base` is `_base(history, own)`)."""
    memo = _memo(history)
    found = memo.get(("registered", own))
    if found is not None:
        return found  # type: ignore[no-any-return]
    assert history.columns is not None
    regs = history.columns["regs"]
    pairs, counts = base["reg_pairs"], base["reg_counts"]
    funder, reg = np.divmod(pairs, len(regs) + 1)
    by_code = np.argsort(np.argsort(np.asarray(regs, dtype=object)))  # each code's place
    order = np.lexsort((by_code[reg], -counts, funder))
    funder = funder[order]
    codes = np.asarray(regs, dtype=object)[reg[order]].tolist()
    pairs = list(zip(codes, counts[order].tolist(), strict=True))
    starts = np.flatnonzero(np.diff(funder, prepend=-1)).tolist()
    found = {
        int(funder[a]): tuple(pairs[a:b])  # one funder's pairs at a time
        for a, b in zip(starts, [*starts[1:], len(pairs)], strict=True)
    }
    memo[("registered", own)] = found
    return found


def evidence(history: History, mine: Features, own_key: str) -> dict[str, Evidence]:
    """Every funder's evidence for one applicant, as `History._compute` gives it.

    Only the grants to recipients with any similarity are sorted: the others add nothing
    to a funder's fit or to its recipients like the applicant (what does not depend on the
    profile, such as where a funder's recipients are registered, is worked out once)."""
    from fundfinder.load.history import EVIDENCE_TOP, LIKE_YOURS, Evidence, registration_similarity

    cols = history.columns
    assert cols is not None
    taxonomy = history.taxonomy
    own = _own_index(history, own_key)
    base = _base(history, own)
    known = base["known"]
    if not known.any():
        return {}
    n_funders = len(cols["funders"])
    keys = cols["keys"]
    g_funder, g_rec, g_year = cols["g_funder"], cols["g_rec"], cols["g_year"]
    rows, sim_rows = _similar(history, mine)
    sim_r = np.zeros(len(cols["t_ptr"]) - 1)
    sim_r[rows] = sim_rows
    g_sim = sim_r[g_rec]
    # A funder's fit takes its closest three recipients, and those like the applicant are
    # named: where a funder has three recipients like the applicant, its others can change
    # nothing, so only the grants of the funders with fewer are sorted in full.
    like = g_sim >= LIKE_YOURS
    if own >= 0:
        like &= cols["r_key"][g_rec] != own
    like_at = np.flatnonzero(like)
    pairs = g_funder[like_at].astype(np.int64) * (len(keys) + 1) + cols["r_key"][g_rec[like_at]]
    distinct = np.bincount(np.unique(pairs) // (len(keys) + 1), minlength=n_funders)
    short = distinct < EVIDENCE_TOP
    cand = np.flatnonzero(like | ((g_sim > 0) & short[g_funder]))  # in file order
    c_key = cols["r_key"][g_rec[cand]]
    if own >= 0:
        mask = c_key != own
        cand, c_key = cand[mask], c_key[mask]
    sims = g_sim[cand]
    funder_of = g_funder[cand]
    # best first within each funder: (-sim, -year, file order), as there
    order = np.lexsort((cand, -g_year[cand], -sims, funder_of))
    s_funder, s_key, s_sim = funder_of[order], c_key[order], sims[order]
    pair = s_funder.astype(np.int64) * (len(keys) + 1) + s_key
    _u, first = np.unique(pair, return_index=True)
    first.sort()  # the best grant of each (funder, recipient), in sorted order
    d_funder, d_sim, d_grant = s_funder[first], s_sim[first], cand[order][first]
    starts = np.searchsorted(d_funder, np.arange(n_funders))
    rank = np.arange(len(d_funder)) - starts[d_funder]
    top = rank < EVIDENCE_TOP
    miss = np.ones(n_funders)
    np.multiply.at(miss, d_funder[top], 1.0 - d_sim[top])
    is_like = d_sim >= LIKE_YOURS
    count_like = np.bincount(d_funder[is_like], minlength=n_funders)
    regs = cols["regs"]
    near_reg = np.zeros(len(regs) + 1, dtype=bool)
    if mine.registered_in is not None:
        for i, code in enumerate(regs):
            s = registration_similarity(mine.registered_in, code, taxonomy)
            near_reg[i] = s is not None and s >= 0.6
    reg_funder, reg_known = base["reg_funder"], base["reg_known"]
    near = np.bincount(reg_funder[near_reg[base["reg_rows"]]], minlength=n_funders)
    registered = _registered(history, base, own)
    sizes = _sizes(base["bands"], mine.size_band)
    like_rows: dict[int, list[int]] = {}
    l_funder, l_grant = d_funder[is_like], d_grant[is_like]
    l_first = np.searchsorted(l_funder, l_funder)  # each funder's first grant like yours
    named = np.arange(len(l_funder)) - l_first < 3  # the first three are named
    for f, g in zip(l_funder[named].tolist(), l_grant[named].tolist(), strict=True):
        like_rows.setdefault(f, []).append(g)
    result: dict[str, Evidence] = {}
    names = cols["funders"]
    for f in np.flatnonzero(known).tolist():
        same = None
        if reg_known[f] and mine.registered_in:
            same = int(near[f]) / int(reg_known[f])
        size_near, lean = sizes.get(f, (None, 0))
        result[names[f]] = Evidence(
            round(1.0 - float(miss[f]), 4),
            int(known[f]),
            Deferred(history.grants, like_rows.get(f, ())),
            int(count_like[f]),
            registered.get(f, ()),
            same,
            size_near,
            lean,
        )
    return result


def _sizes(band_count: Any, band: str | None) -> dict[int, tuple[float | None, int]]:
    """`History._sizes` for every funder, from how many of its recipients are of each size
    band: how near they are to the applicant's band, and which way off."""
    from fundfinder.load.history import SIZE_BANDS, SIZE_MIN_KNOWN

    if band is None:
        return {}
    mine = SIZE_BANDS.index(band)
    counts = band_count.sum(axis=1)
    close = band_count[:, max(0, mine - 1) : mine + 2].sum(axis=1)
    running = np.cumsum(band_count, axis=1)
    out: dict[int, tuple[float | None, int]] = {}
    for f in np.flatnonzero(counts >= SIZE_MIN_KNOWN).tolist():
        total = int(counts[f])
        # the middle of the gaps in order: the band where the running count passes total // 2
        middle = int(np.searchsorted(running[f], total // 2, side="right")) - mine
        lean = 0 if abs(middle) <= 1 else (1 if middle > 0 else -1)
        out[f] = (round(int(close[f]) / total, 4), lean)
    return out


class Deferred(Sequence["PastGrant"]):
    """Some grants of a large history, decoded when first read: a funder's grants to
    organisations like the applicant are named only for the funders a report shows, and
    each profile compares with hundreds of funders. Equal to the tuple of the same grants."""

    def __init__(self, grants: Sequence[PastGrant], indices: Sequence[int]) -> None:
        self._grants = grants
        self._indices = tuple(indices)
        self._read: tuple[PastGrant, ...] | None = None

    def _all(self) -> tuple[PastGrant, ...]:
        if self._read is None:
            self._read = tuple(self._grants[i] for i in self._indices)
        return self._read

    def __len__(self) -> int:
        return len(self._indices)

    @overload
    def __getitem__(self, index: int) -> PastGrant: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[PastGrant, ...]: ...
    def __getitem__(self, index: int | slice) -> PastGrant | tuple[PastGrant, ...]:
        return self._all()[index]

    def __iter__(self) -> Iterator[PastGrant]:
        return iter(self._all())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (tuple, Deferred)):
            return self._all() == tuple(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._all())

    def __repr__(self) -> str:
        return repr(self._all())

    def __reduce__(self) -> tuple[Any, ...]:
        return tuple, (self._all(),)  # as the tuple it stands for


def pack_grants(grants: Sequence[PastGrant]) -> tuple[Any, Any]:
    """Every grant as a line of JSON in one byte array, with the offsets of the lines."""
    from fundfinder.load.history import grant_row

    lines = [
        json.dumps(grant_row(g), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        for g in grants
    ]
    ptr = np.zeros(len(lines) + 1, dtype=np.int64)
    np.cumsum([len(x) for x in lines], out=ptr[1:])
    from fundfinder.datacodec import Blob

    return Blob(b"".join(lines)), ptr


class PackedGrants(Sequence["PastGrant"]):
    """The grants of a large history, each decoded only when read."""

    def __init__(self, blob: Any, ptr: Any) -> None:
        self.blob = blob
        self.ptr = ptr
        self._read: dict[int, PastGrant] = {}  # decoded once a run (each profile names some)

    def __len__(self) -> int:
        return len(self.ptr) - 1

    @overload
    def __getitem__(self, index: int) -> PastGrant: ...
    @overload
    def __getitem__(self, index: slice) -> list[PastGrant]: ...
    def __getitem__(self, index: int | slice) -> PastGrant | list[PastGrant]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        found = self._read.get(index)
        if found is None:
            from fundfinder.load.history import grant_from_row

            raw = self.blob.read(int(self.ptr[index]), int(self.ptr[index + 1]))
            found = self._read[index] = grant_from_row(json.loads(raw))
        return found


def grants_of(columns: dict[str, Any], funder_id: str) -> list[int]:
    """The indices of one funder's grants, in file order."""
    try:
        which = columns["funders"].index(funder_id)
    except ValueError:
        return []
    return np.flatnonzero(columns["g_funder"] == which).tolist()
