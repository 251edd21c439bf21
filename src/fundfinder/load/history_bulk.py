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
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, overload

import numpy as np

from fundfinder.models import ORG_TYPES

if TYPE_CHECKING:
    from fundfinder.load.history import Evidence, Features, History, PastGrant
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
    return {
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
        "t_conf": np.asarray([c for _t, c in themes], dtype=np.float64),
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


def similarities(columns: dict[str, Any], mine: Features, taxonomy: Taxonomy) -> Any:
    """Every recipient's similarity to the applicant (`history.similarity`, in columns)."""
    from fundfinder.load.history import (
        SIM_CONTEXT_FLOOR,
        SIM_WEIGHTS,
        SIZE_BANDS,
        _places_alike,
        registration_similarity,
    )

    theme_list = list(taxonomy.themes)
    t_ptr, t_id, t_conf = columns["t_ptr"], columns["t_id"], columns["t_conf"]
    n = len(t_ptr) - 1
    if not mine.themes or n == 0:
        return np.zeros(n)
    # which recipients touch a theme related to the applicant's at all (else 0, as there)
    related = {t for t, _c in mine.themes}
    for want, _c in mine.themes:
        related.update(taxonomy.theme_ancestors(want))
        related.update(t for t in taxonomy.themes if want in taxonomy.theme_ancestors(t))
    near = np.array([t in related for t in theme_list], dtype=bool)
    touches = _segment_max(near[t_id].astype(float), t_ptr) > 0
    # cover(mine, theirs): for each of the applicant's themes, its best credit among theirs
    total_mine = sum(c for _t, c in mine.themes)
    cover_ab = np.zeros(n)
    boost = np.minimum(1.0, t_conf + 0.2)
    for ta, ca in mine.themes:
        credit = np.array([taxonomy.theme_credit(ta, tb) for tb in theme_list])
        cover_ab += ca * _segment_max(credit[t_id] * boost, t_ptr)
    cover_ab = cover_ab / total_mine if total_mine > 0 else np.zeros(n)
    # cover(theirs, mine): each of their themes at its best credit against the applicant's
    best = np.zeros(len(theme_list))
    for ta, ca in mine.themes:
        credit = np.array([taxonomy.theme_credit(tb, ta) for tb in theme_list])
        best = np.maximum(best, credit * min(1.0, ca + 0.2))
    weight = _segment_sum(t_conf, t_ptr)
    got = _segment_sum(t_conf * best[t_id], t_ptr)
    with np.errstate(invalid="ignore", divide="ignore"):
        cover_ba = np.where(weight > 0, got / np.where(weight > 0, weight, 1.0), 0.0)
    themes = np.where(touches, 0.5 * cover_ab + 0.5 * cover_ba, 0.0)
    # the context: places, registration, kind and size, each where both sides know it
    parts: list[tuple[float, Any, Any]] = []  # (weight, value, known)
    p_ptr, p_id = columns["p_ptr"], columns["p_id"]
    if mine.places:
        value_of = np.array([_places_alike(mine.places, (p,), taxonomy) for p in columns["places"]])
        has = p_ptr[1:] > p_ptr[:-1]
        parts.append((SIM_WEIGHTS["regions"], _segment_max(value_of[p_id], p_ptr), has))
    r_reg = columns["r_reg"]
    if mine.registered_in is not None:
        reg_value = np.array(
            [registration_similarity(mine.registered_in, r, taxonomy) for r in columns["regs"]]
            + [0.0]
        )
        parts.append((SIM_WEIGHTS["registration"], reg_value[r_reg], r_reg >= 0))
    r_type = columns["r_type"]
    if mine.org_type is not None:
        same = (r_type == ORG_TYPES.index(mine.org_type)).astype(float)
        parts.append((SIM_WEIGHTS["org_type"], same, r_type >= 0))
    r_band = columns["r_band"]
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
    return np.where(themes > 0, sim, 0.0)


def evidence(history: History, mine: Features, own_key: str) -> dict[str, Evidence]:
    """Every funder's evidence for one applicant, as `History._compute` gives it."""
    from fundfinder.load.history import EVIDENCE_TOP, LIKE_YOURS, Evidence, registration_similarity

    cols = history.columns
    assert cols is not None
    taxonomy = history.taxonomy
    sim_r = similarities(cols, mine, taxonomy)
    g_funder, g_rec, g_year = cols["g_funder"], cols["g_rec"], cols["g_year"]
    keys = cols["keys"]
    r_key = cols["r_key"]
    g_key = r_key[g_rec]
    own = keys.index(own_key) if own_key in keys else -1
    shown = np.flatnonzero(g_key != own)  # grants not to the applicant itself, in file order
    if not len(shown):
        return {}
    sims = sim_r[g_rec[shown]]
    funder_of = g_funder[shown]
    n_funders = len(cols["funders"])
    known = np.bincount(funder_of, minlength=n_funders)
    # best first within each funder: (-sim, -year, file order), as there
    order = np.lexsort((shown, -g_year[shown], -sims, funder_of))
    s_funder, s_key, s_sim = funder_of[order], g_key[shown][order], sims[order]
    pair = s_funder.astype(np.int64) * (len(keys) + 1) + s_key
    _u, first = np.unique(pair, return_index=True)
    first.sort()  # the best grant of each (funder, recipient), in sorted order
    d_funder, d_sim, d_grant = s_funder[first], s_sim[first], shown[order][first]
    starts = np.searchsorted(d_funder, np.arange(n_funders))
    rank = np.arange(len(d_funder)) - starts[d_funder]
    top = rank < EVIDENCE_TOP
    miss = np.ones(n_funders)
    np.multiply.at(miss, d_funder[top], 1.0 - d_sim[top])
    is_like = d_sim >= LIKE_YOURS
    count_like = np.bincount(d_funder[is_like], minlength=n_funders)
    # where its recipients are registered: the first grant of each recipient that says so
    has_reg = cols["r_reg"][g_rec[shown]] >= 0
    f_order = np.lexsort((shown[has_reg], funder_of[has_reg]))
    in_file = shown[has_reg][f_order]
    reg_of = funder_of[has_reg][f_order]
    pair_file = reg_of.astype(np.int64) * (len(keys) + 1) + g_key[in_file]
    _u, first_file = np.unique(pair_file, return_index=True)
    reg_rows = cols["r_reg"][g_rec[in_file[first_file]]]
    reg_funder = reg_of[first_file]
    with_reg = reg_rows >= 0
    regs = cols["regs"]
    near_reg = np.zeros(len(regs) + 1, dtype=bool)
    if mine.registered_in is not None:
        for i, code in enumerate(regs):
            s = registration_similarity(mine.registered_in, code, taxonomy)
            near_reg[i] = s is not None and s >= 0.6
    reg_known = np.bincount(reg_funder[with_reg], minlength=n_funders)
    near = np.bincount(reg_funder[with_reg & near_reg[reg_rows]], minlength=n_funders)
    reg_pairs = reg_funder[with_reg].astype(np.int64) * (len(regs) + 1) + reg_rows[with_reg]
    pairs, counts = np.unique(reg_pairs, return_counts=True)
    registered: dict[int, list[tuple[str, int]]] = {}
    for p, c in zip(pairs.tolist(), counts.tolist(), strict=True):
        f, r = divmod(p, len(regs) + 1)
        registered.setdefault(f, []).append((regs[r], c))
    # the size of its recipients: the last known band of each recipient, as there
    sizes = _sizes(cols, shown, funder_of, g_key, mine.size_band, n_funders)
    like_rows: dict[int, list[int]] = {}
    for f, g in zip(d_funder[is_like].tolist(), d_grant[is_like].tolist(), strict=True):
        held = like_rows.setdefault(f, [])
        if len(held) < 3:
            held.append(g)
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
            tuple(history.grants[g] for g in like_rows.get(f, ())),
            int(count_like[f]),
            tuple(sorted(registered.get(f, ()), key=lambda kv: (-kv[1], kv[0]))),
            same,
            size_near,
            lean,
        )
    return result


def _sizes(
    cols: dict[str, Any],
    shown: Any,
    funder_of: Any,
    g_key: Any,
    band: str | None,
    n_funders: int,
) -> dict[int, tuple[float | None, int]]:
    """`History._sizes` for every funder: how near its recipients are to the applicant's
    size band (the last band given for each recipient), and which way off."""
    from fundfinder.load.history import SIZE_BANDS, SIZE_MIN_KNOWN

    if band is None:
        return {}
    mine = SIZE_BANDS.index(band)
    bands = cols["r_band"][cols["g_rec"][shown]].astype(np.int64)
    has = bands >= 0
    if not has.any():
        return {}
    rows = np.flatnonzero(has)
    # the last grant of each (funder, recipient) with a band, in file order
    pair = funder_of[rows].astype(np.int64) * (len(cols["keys"]) + 1) + g_key[shown][rows]
    _u, last_rev = np.unique(pair[::-1], return_index=True)
    last = rows[len(rows) - 1 - last_rev]
    f_of, gaps = funder_of[last], bands[last] - mine
    counts = np.bincount(f_of, minlength=n_funders)
    out: dict[int, tuple[float | None, int]] = {}
    order = np.lexsort((gaps, f_of))
    f_sorted, g_sorted = f_of[order], gaps[order]
    starts = np.searchsorted(f_sorted, np.arange(n_funders))
    close = np.bincount(f_of[np.abs(gaps) <= 1], minlength=n_funders)
    for f in np.flatnonzero(counts >= SIZE_MIN_KNOWN).tolist():
        total = int(counts[f])
        middle = int(g_sorted[starts[f] + total // 2])
        lean = 0 if abs(middle) <= 1 else (1 if middle > 0 else -1)
        out[f] = (round(int(close[f]) / total, 4), lean)
    return out


def pack_grants(grants: Sequence[PastGrant]) -> tuple[Any, Any]:
    """Every grant as a line of JSON in one byte array, with the offsets of the lines."""
    lines = [
        json.dumps(
            [g.funder, list(g.recipient), g.year, list(g.sources), g.amount_eur,
             g.amount_stated, g.origin],
            ensure_ascii=False,
            separators=(",", ":"),
        ).encode("utf-8")
        for g in grants
    ]  # fmt: skip
    ptr = np.zeros(len(lines) + 1, dtype=np.int64)
    np.cumsum([len(x) for x in lines], out=ptr[1:])
    from fundfinder.datacodec import Blob

    return Blob(b"".join(lines)), ptr


class PackedGrants(Sequence["PastGrant"]):
    """The grants of a large history, each decoded only when read."""

    def __init__(self, blob: Any, ptr: Any) -> None:
        self.blob = blob
        self.ptr = ptr

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
        from fundfinder.load.history import PastGrant, Recipient

        raw = self.blob.read(int(self.ptr[index]), int(self.ptr[index + 1]))
        funder, rec, year, sources, amount, stated, origin = json.loads(raw)
        name, registered, org_type, band, themes, regions = rec
        recipient = Recipient(name, registered, org_type, band, tuple(themes), tuple(regions))
        return PastGrant(funder, recipient, year, tuple(sources), amount, stated, origin)


def grants_of(columns: dict[str, Any], funder_id: str) -> list[int]:
    """The indices of one funder's grants, in file order."""
    try:
        which = columns["funders"].index(funder_id)
    except ValueError:
        return []
    return np.flatnonzero(columns["g_funder"] == which).tolist()
