"""Large databases: funders stored compactly, scored in bulk, materialised on demand.

A database file of thousands of funders is compiled once (see `cache`) into a
`LargePart`: each funder encoded on its own (`datacodec`, so a run decodes
only the ones it shows) plus numpy columns of exactly the fields scoring needs, with
normalised vocabularies (themes as a 0/1 matrix, places, keywords and
registration rules as ids). `fastrank` scores every funder with these columns
in a few vectorised steps, then re-scores the few candidates for the top of
the list with the ordinary scorer, so what is shown is exactly what
`scoring.rank` would show, with its reasons.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, fields
from itertools import pairwise
from typing import Any

import numpy as np

from fundfinder.datacodec import Blob, decode, encode
from fundfinder.models import FORMS, ORG_TYPES, Funder
from fundfinder.taxonomy import Taxonomy

ACCESS_CODES = {None: 0, "open_call": 1, "rolling": 2, "invitation_only": 3, "closed": 4}


def _csr(groups: Sequence[Sequence[str]], vocab: dict[str, int]) -> tuple[Any, Any]:
    ptr = np.zeros(len(groups) + 1, dtype=np.int64)
    ids: list[int] = []
    for i, group in enumerate(groups):
        for item in group:
            ids.append(vocab.setdefault(item, len(vocab)))
        ptr[i + 1] = len(ids)
    return ptr, np.asarray(ids, dtype=np.int64)


def _bits(values: Sequence[str] | None, order: Sequence[str]) -> int:
    return sum(1 << order.index(v) for v in values or () if v in order)


def _nan(value: float | None) -> float:
    return float("nan") if value is None else float(value)


@dataclass
class LargePart:
    """One compiled database file."""

    source: str
    ids: list[str]
    names: Sequence[str]  # read back from the cache as `Joined`: split only when read
    blob_data: Blob  # every funder encoded, one after the other (memory-mapped when cached)
    blob_ptr: Any  # int64 offsets into blob_data
    theme_ids: list[str]
    theme_mat: Any  # uint8 (n, themes)
    theme_list: Any  # int8 (most themes of a funder, n): each funder's theme numbers, padded
    theme_count: Any  # float32: each funder's number of themes
    id_order: Any  # int64: the funders in the order of their ids (to find one by id)
    name_rank: Any  # int64: each funder's place in the order of (name casefolded, id)
    as_of_dates: list[str]  # the distinct dates of `as_of`
    as_of_code: Any  # int32: each funder's date, as an index into as_of_dates
    keywords: list[str]  # folded (textnorm.fold)
    kw_ptr: Any
    kw_ids: Any
    places: list[str]
    reg_ptr: Any
    reg_ids: Any
    rule_groups: list[tuple[str, ...] | None]
    rule_group: Any  # int64 index into rule_groups
    org_known: Any
    org_mask: Any
    budget_min: Any
    budget_max: Any
    forms_mask: Any
    req_anbi: Any
    req_cbf: Any
    req_women: Any
    access: Any
    grant_min: Any
    grant_max: Any
    months: Any
    core: Any  # int8: -1 unknown, 0 no, 1 yes
    dl_ptr: Any
    dl_vals: Any  # proleptic ordinals, ascending per funder
    call_ptr: Any  # int64 (n+1): each funder's calls with a closing date, CSR
    call_kind: Any  # int8: 0 a dated call, 1 yearly, 2 quarterly
    call_ord: Any  # int64: a dated call's closing date (proleptic ordinal)
    dormant: Any  # bool: status dormant
    tok_vocab: dict[str, int]  # stemmed words of funders' own text (retrieval.funder_tokens)
    tok_ptr: Any  # int64 (n+1)
    tok_ids: Any  # int32
    closed: Any  # bool: status closed
    own_income_min: Any  # float, NaN where not stated
    _cache: dict[int, Funder] = field(default_factory=dict, repr=False)

    def __len__(self) -> int:
        return len(self.ids)

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state["_cache"] = {}
        for memo in ("_positions", "_memo"):  # worked out once a run
            state.pop(memo, None)
        # ids and names as one string each (ids are slugs: no line breaks), far quicker to
        # read back than a list of a hundred thousand strings; the names are rarely read
        state["ids"] = "\n".join(self.ids)
        names = list(self.names)
        state["names"] = "".join(names)
        state["name_ptr"] = np.cumsum([0, *map(len, names)], dtype=np.int64)
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        from fundfinder.datacodec import FormatError

        try:
            ids, names, ptr = state.pop("ids"), state.pop("names"), state.pop("name_ptr")
        except KeyError:
            raise FormatError("a large part without its ids or names") from None
        if not (isinstance(ids, str) and isinstance(names, str) and isinstance(ptr, np.ndarray)):
            raise FormatError("a large part's ids or names are malformed")
        if any(f.name not in state for f in fields(self) if f.name not in ("ids", "names")):
            raise FormatError("a large part without all its columns (another version's)")
        self.__dict__.update(state)
        self.ids = ids.split("\n") if ids else []
        self.names = Joined(names, ptr)
        if len(self.names) != len(self.ids):
            raise FormatError("a large part's ids and names differ in number")

    def funder(self, i: int) -> Funder:
        found = self._cache.get(i)
        if found is None:
            start, stop = int(self.blob_ptr[i]), int(self.blob_ptr[i + 1])
            found = decode(self.blob_data.read(start, stop))
            self._cache[i] = found
        return found


class Joined(Sequence[str]):
    """Strings kept as one, with their offsets; split the first time one is read."""

    def __init__(self, text: str, ptr: Any) -> None:
        self._text, self._ptr = text, ptr
        self._split: list[str] | None = None

    def __len__(self) -> int:
        return max(0, len(self._ptr) - 1)

    def _all(self) -> list[str]:
        if self._split is None:
            bounds = self._ptr.tolist()
            self._split = [self._text[a:b] for a, b in pairwise(bounds)]
        return self._split

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, int) and self._split is None:  # one string: no need to split all
            if index < 0:
                index += len(self)
            if not 0 <= index < len(self):
                raise IndexError(index)
            return self._text[int(self._ptr[index]) : int(self._ptr[index + 1])]
        return self._all()[index]

    def __iter__(self) -> Iterator[str]:
        return iter(self._all())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sequence):
            return self._all() == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]


def _name_rank(funders: Sequence[Funder]) -> Any:
    order = sorted(range(len(funders)), key=lambda i: (funders[i].name.casefold(), funders[i].id))
    rank = np.empty(len(funders), dtype=np.int64)
    rank[order] = np.arange(len(funders))
    return rank


_RECUR = {"once": 0, "yearly": 1, "quarterly": 2}


def _token_columns(funders: Sequence[Funder]) -> dict[str, Any]:
    from fundfinder.understand.reading import funder_tokens

    vocab: dict[str, int] = {}
    ptr = [0]
    ids: list[int] = []
    for f in funders:
        for token in funder_tokens(f):
            ids.append(vocab.setdefault(token, len(vocab)))
        ptr.append(len(ids))
    return {
        "tok_vocab": vocab,
        "tok_ptr": np.asarray(ptr, dtype=np.int64),
        "tok_ids": np.asarray(ids, dtype=np.int32),
    }


def _calls_columns(funders: Sequence[Funder]) -> dict[str, Any]:
    """Each funder's calls with a closing date: their kind, and a dated call's date."""
    from datetime import date

    ptr = [0]
    kind: list[int] = []
    ordinal: list[int] = []
    for f in funders:
        for call in f.calls:
            if call.closes is None:
                continue
            code = _RECUR.get(call.recurs, 0)
            kind.append(code)
            ordinal.append(date.fromisoformat(call.closes).toordinal() if code == 0 else 0)
        ptr.append(len(kind))
    return {
        "call_ptr": np.asarray(ptr, dtype=np.int64),
        "call_kind": np.asarray(kind, dtype=np.int8),
        "call_ord": np.asarray(ordinal, dtype=np.int64),
    }


def compile_part(funders: Sequence[Funder], source: str, taxonomy: Taxonomy) -> LargePart:
    theme_ids = list(taxonomy.themes)
    theme_pos = {t: i for i, t in enumerate(theme_ids)}
    n = len(funders)
    theme_mat = np.zeros((n, len(theme_ids)), dtype=np.uint8)
    for i, f in enumerate(funders):
        for t in f.themes:
            theme_mat[i, theme_pos[t]] = 1
    kw_vocab: dict[str, int] = {}
    kw_ptr, kw_ids = _csr([f.folded_keywords() for f in funders], kw_vocab)
    place_vocab: dict[str, int] = {}
    reg_ptr, reg_ids = _csr([f.regions for f in funders], place_vocab)
    groups: dict[tuple[str, ...] | None, int] = {}
    rule_group = np.asarray(
        [groups.setdefault(f.eligibility.registered_in, len(groups)) for f in funders],
        dtype=np.int64,
    )
    counts = theme_mat.sum(axis=1, dtype=np.int64)
    theme_list = np.full((max(1, int(counts.max(initial=0))), n), len(theme_ids), dtype=np.int8)
    for i, f in enumerate(funders):
        numbers = sorted({theme_pos[t] for t in f.themes})
        theme_list[: len(numbers), i] = numbers
    dates = sorted({f.as_of for f in funders})
    date_pos = {d: i for i, d in enumerate(dates)}
    deadlines = [[d.toordinal() for d in f.deadlines] for f in funders]
    blobs = [encode(f)[0] for f in funders]
    dl_ptr = np.zeros(n + 1, dtype=np.int64)
    dl_ptr[1:] = np.cumsum([len(d) for d in deadlines])
    return LargePart(
        source=source,
        ids=[f.id for f in funders],
        names=[f.name for f in funders],
        blob_data=Blob(b"".join(blobs)),
        blob_ptr=np.concatenate(([0], np.cumsum([len(b) for b in blobs]))).astype(np.int64),
        theme_ids=theme_ids,
        theme_mat=theme_mat,
        theme_list=theme_list,
        theme_count=counts.astype(np.float32),
        id_order=np.asarray(sorted(range(n), key=lambda i: funders[i].id), dtype=np.int64),
        name_rank=_name_rank(funders),
        as_of_dates=dates,
        as_of_code=np.asarray([date_pos[f.as_of] for f in funders], dtype=np.int32),
        keywords=list(kw_vocab),
        kw_ptr=kw_ptr,
        kw_ids=kw_ids,
        places=list(place_vocab),
        reg_ptr=reg_ptr,
        reg_ids=reg_ids,
        rule_groups=list(groups),
        rule_group=rule_group,
        org_known=np.asarray([f.eligibility.org_types is not None for f in funders], dtype=bool),
        org_mask=np.asarray(
            [_bits(f.eligibility.org_types, ORG_TYPES) for f in funders], dtype=np.int64
        ),
        budget_min=np.asarray([_nan(f.eligibility.budget_min_eur) for f in funders]),
        budget_max=np.asarray([_nan(f.eligibility.budget_max_eur) for f in funders]),
        forms_mask=np.asarray([_bits(f.forms, FORMS) for f in funders], dtype=np.int64),
        req_anbi=np.asarray(["anbi" in f.eligibility.requires for f in funders], dtype=bool),
        req_cbf=np.asarray(["cbf" in f.eligibility.requires for f in funders], dtype=bool),
        req_women=np.asarray(["women_led" in f.eligibility.requires for f in funders], dtype=bool),
        access=np.asarray([ACCESS_CODES[f.access] for f in funders], dtype=np.int8),
        grant_min=np.asarray([_nan(f.grant.min_eur) for f in funders]),
        grant_max=np.asarray([_nan(f.grant.max_eur) for f in funders]),
        months=np.asarray([_nan(f.grant.typical_months) for f in funders]),
        core=np.asarray(
            [-1 if f.grant.core_support is None else int(f.grant.core_support) for f in funders],
            dtype=np.int8,
        ),
        dl_ptr=dl_ptr,
        dl_vals=np.asarray([d for ds in deadlines for d in ds], dtype=np.int64),
        **_calls_columns(funders),
        dormant=np.asarray([f.status == "dormant" for f in funders], dtype=bool),
        **_token_columns(funders),
        closed=np.asarray([f.status == "closed" for f in funders], dtype=bool),
        own_income_min=np.asarray([_nan(f.eligibility.own_income_min_eur) for f in funders]),
    )


def kept_funders(source: Sequence[Funder] | LargePart, keep: Any) -> Iterator[Funder]:
    """The funders of one part whose `keep` flag is set."""
    if isinstance(source, LargePart):
        for i in np.flatnonzero(keep).tolist():
            yield source.funder(i)
    else:
        for funder, kept in zip(source, keep, strict=True):
            if kept:
                yield funder
