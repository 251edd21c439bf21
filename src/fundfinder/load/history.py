"""Past grants: who funded whom, read from `data/grants/*.yaml`, as evidence for a ranking.

A funder that has funded organisations like the applicant (same themes, same
places, registered in the same country or part of the world, of the same kind
and size) is more likely to fund it too: prospect researchers lean on this more
than on any other signal. `History.evidence` scores every funder's known grants
against one profile and keeps the closest ones, to be named in the report.

Each grant records the recipient in its own words (themes and places as it
writes them); they are read with the same reader and gazetteer as a profile.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from fundfinder.errors import CatalogError, ProblemGatherer, problems_heading
from fundfinder.load.fields import Checker
from fundfinder.load.yamlsafe import DATABASE_MAX_BYTES, YMap, line_of, read_yaml_file
from fundfinder.messages import msg, table
from fundfinder.models import ORG_TYPES, Profile
from fundfinder.taxonomy import Taxonomy
from fundfinder.textnorm import fold

SIZE_BANDS = ("xs", "s", "m", "l", "xl")
# Upper bounds of the annual-budget bands (EUR): xs < 100k <= s < 1m <= m < 10m <= l < 50m <= xl.
BAND_LIMITS = (100_000.0, 1_000_000.0, 10_000_000.0, 50_000_000.0)
GRANT_KEYS = ("funder", "recipient", "year", "amount_eur", "amount_stated", "sources", "note")
RECIPIENT_KEYS = ("name", "registered_in", "org_type", "size_band", "themes", "regions")

GRANTS = table(
    "grants",
    {
        "not_list": "{path}: expected a list of grants",
        "unknown_funder": "unknown funder id '{value}'{hint}",
        "unknown_country": "unknown country '{value}'; expected an ISO code such as NL or KE",
    },
)

# How much each aspect of a recipient counts when compared with the applicant.
SIM_CONTEXT_FLOOR = 0.35  # a grant on the same themes counts this much even in another context
SIM_WEIGHTS = {"regions": 0.35, "registration": 0.35, "org_type": 0.1, "size": 0.2}
LIKE_YOURS = 0.5  # similarity from which a recipient is "an organisation like yours"
EVIDENCE_TOP = 3  # closest grants combined into the evidence (noisy-or)


def size_band(budget_eur: float | None) -> str | None:
    if budget_eur is None:
        return None
    for band, limit in zip(SIZE_BANDS, BAND_LIMITS, strict=False):
        if budget_eur < limit:
            return band
    return SIZE_BANDS[-1]


class Recipient(NamedTuple):
    name: str
    registered_in: str | None = None
    org_type: str | None = None
    size_band: str | None = None
    themes: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        """The recipient's identity across grants and files (its folded name)."""
        return fold(self.name)


class PastGrant(NamedTuple):
    funder: str
    recipient: Recipient
    year: int
    sources: tuple[str, ...]
    amount_eur: float | None = None
    amount_stated: str | None = None
    origin: str = ""


def grant_row(grant: PastGrant) -> list[Any]:
    """A grant as plain lists, as the compiled cache stores it."""
    return [
        grant.funder,
        list(grant.recipient),
        grant.year,
        list(grant.sources),
        grant.amount_eur,
        grant.amount_stated,
        grant.origin,
    ]


def grant_from_row(row: Any) -> PastGrant:
    """The grant `grant_row` made; FormatError for anything else."""
    from fundfinder.datacodec import FormatError

    try:
        funder, rec, year, sources, amount, stated, origin = row
        name, registered, org_type, band, themes, regions = rec
        recipient = Recipient(name, registered, org_type, band, tuple(themes), tuple(regions))
        return PastGrant(funder, recipient, year, tuple(sources), amount, stated, origin)
    except (TypeError, ValueError):
        raise FormatError("a grant row is malformed") from None


ThemeReads = tuple[tuple[str, float], ...]  # theme ids with confidence, sorted


class Features(NamedTuple):
    """What is compared: theme ids with confidence, places, registration, type and size."""

    themes: tuple[tuple[str, float], ...]
    places: tuple[str, ...]
    registered_in: str | None
    org_type: str | None
    size_band: str | None


# -- reading grant files ----------------------------------------------------------------
def grant_files(folder: Path) -> list[Path]:
    if folder.is_file():
        return [folder]
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml"))


def history_files(folder: Path, extra: Sequence[Path] = ()) -> list[Path]:
    """The grant files of the shipped folder, then of each extra file or folder given; an
    extra path that is neither stays in the list, to be reported as missing when read."""
    files = grant_files(folder)
    for path in extra:
        files += grant_files(path) if path.is_dir() else [path]
    return files


def parse_grants(
    data: Any, source: str, taxonomy: Taxonomy, funder_ids: Iterable[str] | None = None
) -> list[PastGrant]:
    """Validate one grants file's plain data; raise CatalogError listing every problem."""
    from fundfinder.load.schema import _sources

    known = set(funder_ids) if funder_ids is not None else None
    check = Checker(source)
    if data is None:
        return []
    if not isinstance(data, list):
        raise CatalogError(msg("grants.not_list", path=source))
    grants: list[PastGrant] = []
    for index, raw in enumerate(data):
        line = line_of(data, index)
        prefix = f"grants[{index}]"
        entry = check.mapping(raw, prefix, line)
        if entry is None:
            continue
        before = len(check.problems)
        check.unknown_keys(entry, GRANT_KEYS, prefix)
        funder = check.text(entry, "funder", prefix, required=True, max_len=80)
        if funder is not None and known is not None and funder not in known:
            from fundfinder.load.fields import did_you_mean

            check.problem(
                entry.line_of("funder"),
                f"{prefix}.funder",
                msg("grants.unknown_funder", value=funder, hint=did_you_mean(funder, known)),
            )
        recipient = _recipient(entry, prefix, check, taxonomy)
        year = check.number(entry, "year", prefix, minimum=1950, maximum=2100, integer=True)
        if "year" not in entry:
            check.problem(entry.line, f"{prefix}.year", msg("field.required"))
        amount = check.number(entry, "amount_eur", prefix, allow_zero=False)
        stated = check.text(entry, "amount_stated", prefix, max_len=200)
        check.text(entry, "note", prefix, max_len=500)
        sources = _sources(entry, prefix, check)
        if len(check.problems) > before or funder is None or recipient is None or year is None:
            continue
        grants.append(
            PastGrant(funder, recipient, int(year), sources, amount, stated, f"{source}:{line}")
        )
    if check.problems:
        raise CatalogError.from_problems(
            problems_heading("problems_in_grants", source, len(check.problems)), check.problems
        )
    return grants


def _recipient(entry: YMap, prefix: str, check: Checker, taxonomy: Taxonomy) -> Recipient | None:
    field = f"{prefix}.recipient"
    if "recipient" not in entry:
        check.problem(entry.line, field, msg("field.required"))
        return None
    m = check.mapping(entry["recipient"], field, entry.line_of("recipient"))
    if m is None:
        return None
    check.unknown_keys(m, RECIPIENT_KEYS, field)
    name = check.text(m, "name", field, required=True, max_len=200)
    registered = None
    raw_reg = check.text(m, "registered_in", field, max_len=80)
    if raw_reg is not None:
        hit = taxonomy.resolve_place(raw_reg)
        if hit.id is None or not taxonomy.is_country(hit.id):
            check.problem(
                m.line_of("registered_in"),
                f"{field}.registered_in",
                msg("grants.unknown_country", value=raw_reg),
            )
        else:
            registered = hit.id
    org_type = check.choice(m, "org_type", field, ORG_TYPES)
    band = check.choice(m, "size_band", field, SIZE_BANDS)
    themes = tuple(t for t, _ in check.text_list(m, "themes", field, required=True) or [])
    regions = tuple(t for t, _ in check.text_list(m, "regions", field) or [])
    if name is None:
        return None
    return Recipient(name, registered, org_type, band, themes, regions)


def load_grants(
    folder: Path,
    taxonomy: Taxonomy,
    funder_ids: Iterable[str] | None = None,
    extra: Sequence[Path] = (),
) -> tuple[PastGrant, ...]:
    """Every grant in a folder of grant files (or one file), and in the extra files or
    folders given, validated together."""
    ids = None if funder_ids is None else set(funder_ids)
    grants: list[PastGrant] = []
    gathered = ProblemGatherer()
    for path in history_files(folder, extra):
        try:
            data = read_yaml_file(path, DATABASE_MAX_BYTES)
            grants.extend(parse_grants(data, str(path), taxonomy, ids))
        except CatalogError as exc:
            gathered.add(exc)
    gathered.raise_if_any(msg("error.invalid_grants"))
    return tuple(grants)


# -- comparing ----------------------------------------------------------------------
def read_places(texts: Iterable[str], taxonomy: Taxonomy) -> tuple[str, ...]:
    """Places as written, resolved where the gazetteer knows them (the rest is dropped)."""
    found: list[str] = []
    for text in texts:
        for place in _places_in(text, taxonomy):
            if place not in found:
                found.append(place)
    return tuple(found)


@lru_cache(maxsize=100_000)
def _places_in(text: str, taxonomy: Taxonomy) -> tuple[str, ...]:
    """One phrase's places (recipients in a large history repeat their phrases: read once)."""
    from fundfinder.understand.places import read_place_list

    return tuple(r.place for r in read_place_list(text, taxonomy) if r.place is not None)


def read_themes(texts: Iterable[str]) -> tuple[tuple[str, float], ...]:
    best: dict[str, float] = {}
    for text in texts:
        for theme, conf in _themes_in(text):
            best[theme] = max(best.get(theme, 0.0), conf)
    return tuple(sorted(best.items()))


@lru_cache(maxsize=100_000)
def _themes_in(text: str) -> tuple[tuple[str, float], ...]:
    """One phrase's themes with their confidence, read once per phrase."""
    from fundfinder.understand.reading import load_reader

    return tuple(load_reader().read(text).themes)


def recipient_features(r: Recipient, taxonomy: Taxonomy) -> Features:
    return Features(
        read_themes(r.themes), read_places(r.regions, taxonomy), r.registered_in, r.org_type,
        r.size_band,
    )  # fmt: skip


def profile_features(profile: Profile) -> Features:
    org = profile.organisation
    return Features(
        tuple(sorted(profile.theme_confidences().items())),
        profile.regions,
        org.registered_in,
        org.org_type,
        size_band(org.annual_budget_eur),
    )


def _cover(a: Sequence[tuple[str, float]], b: Sequence[tuple[str, float]], tax: Taxonomy) -> float:
    """Confidence-weighted share of themes `a` that themes `b` cover."""
    total = sum(c for _t, c in a)
    if total <= 0 or not b:
        return 0.0
    got = sum(
        ca * max(tax.theme_credit(ta, tb) * min(1.0, cb + 0.2) for tb, cb in b) for ta, ca in a
    )
    return got / total


def theme_similarity(a: Features, b: Features, taxonomy: Taxonomy) -> float:
    return _themes_alike(a.themes, b.themes, taxonomy)


@lru_cache(maxsize=200_000)
def _themes_alike(a: ThemeReads, b: ThemeReads, taxonomy: Taxonomy) -> float:
    return 0.5 * _cover(a, b, taxonomy) + 0.5 * _cover(b, a, taxonomy)


def _region_similarity(a: Features, b: Features, taxonomy: Taxonomy) -> float | None:
    if not a.places or not b.places:
        return None
    return _places_alike(a.places, b.places, taxonomy)


@lru_cache(maxsize=200_000)
def _places_alike(a: tuple[str, ...], b: tuple[str, ...], taxonomy: Taxonomy) -> float:
    best = 0.0
    for pa in a:
        for pb in b:
            if pa == pb:
                return 1.0
            if taxonomy.contains(pa, pb) or taxonomy.contains(pb, pa):
                best = max(best, 0.7)
            elif taxonomy.overlaps(pa, pb):
                best = max(best, 0.5)
    return best


@lru_cache(maxsize=65_536)  # a few hundred places of registration, met once per recipient
def registration_similarity(a: str | None, b: str | None, taxonomy: Taxonomy) -> float | None:
    if a is None or b is None:
        return None
    if a == b:
        return 1.0
    south_a = taxonomy.contains("dac-list", a)
    south_b = taxonomy.contains("dac-list", b)
    if south_a != south_b:
        return 0.0
    for group in ("europe", "africa", "asia", "americas"):
        if (
            group in taxonomy.regions
            and taxonomy.contains(group, a)
            and taxonomy.contains(group, b)
        ):
            return 0.6
    return 0.3


def _band_similarity(a: str | None, b: str | None) -> float | None:
    if a is None or b is None:
        return None
    gap = abs(SIZE_BANDS.index(a) - SIZE_BANDS.index(b))
    return (1.0, 0.6, 0.25)[min(gap, 2)]


def similarity(a: Features, b: Features, taxonomy: Taxonomy) -> float:
    """0-1: how alike an applicant and a past recipient are (themes first, then context)."""
    themes = theme_similarity(a, b, taxonomy)
    if themes <= 0:
        return 0.0
    parts = {
        "regions": _region_similarity(a, b, taxonomy),
        "registration": registration_similarity(a.registered_in, b.registered_in, taxonomy),
        "org_type": None
        if a.org_type is None or b.org_type is None
        else float(a.org_type == b.org_type),
        "size": _band_similarity(a.size_band, b.size_band),
    }
    weight = sum(SIM_WEIGHTS[k] for k, v in parts.items() if v is not None)
    context = (
        0.5
        if weight == 0
        else sum(SIM_WEIGHTS[k] * v for k, v in parts.items() if v is not None) / weight
    )
    return themes * (SIM_CONTEXT_FLOOR + (1 - SIM_CONTEXT_FLOOR) * context)


class Evidence(NamedTuple):
    """One funder's record against one profile."""

    fit: float  # 0-1 (noisy-or of the closest grants)
    known: int  # grants known for this funder (after hiding)
    # the grants to organisations like the applicant, closest first (a large history's
    # are decoded when first read: `history_bulk.Deferred`)
    like_yours: Sequence[PastGrant]
    count_like: int  # how many distinct recipients like the applicant
    registered: tuple[
        tuple[str, int], ...
    ]  # where its known recipients are registered, with counts
    same_registration: float | None  # share of known recipients registered near the applicant
    size_near: float | None = None  # share of known recipients within one size band of yours
    size_lean: int = 0  # -1: its recipients are mostly smaller than you, +1: larger, 0: alike

    @property
    def registered_known(self) -> int:
        """How many of its known recipients have a known registration."""
        return sum(n for _c, n in self.registered)


SIZE_MIN_KNOWN = 3  # recipients with a size band needed to read a funder's usual grantee
BULK_GRANTS = 5_000  # from this many grants on, `history_bulk` compares in columns


class History:
    """Every known grant, read once, with each recipient's features."""

    def __init__(self, grants: Sequence[PastGrant], taxonomy: Taxonomy) -> None:
        self.grants = tuple(grants)
        self.taxonomy = taxonomy
        cache: dict[Recipient, Features] = {}
        self._features: list[Features] = []
        for g in self.grants:
            feats = cache.get(g.recipient)
            if feats is None:
                feats = cache[g.recipient] = recipient_features(g.recipient, taxonomy)
            self._features.append(feats)
        self._evidence: dict[Any, dict[str, Evidence]] = {}
        self._index()
        self.columns: dict[str, Any] | None = None  # numeric columns of a large history
        if len(self.grants) >= BULK_GRANTS:
            from fundfinder.load.history_bulk import compile_columns

            self.columns = compile_columns(self)

    def _index(self, keys: list[str] | None = None) -> None:
        """Each grant's recipient key (folded from its name unless given), and each funder's
        grants."""
        self._keys = keys if keys is not None else [g.recipient.key for g in self.grants]
        self.by_funder: dict[str, list[int]] = {}
        for i, g in enumerate(self.grants):
            self.by_funder.setdefault(g.funder, []).append(i)

    def __len__(self) -> int:
        return len(self.grants)

    def of_funder(self, funder_id: str) -> tuple[PastGrant, ...]:
        if self.columns is not None and not self.by_funder:
            from fundfinder.load.history_bulk import grants_of

            return tuple(self.grants[i] for i in grants_of(self.columns, funder_id))
        return tuple(self.grants[i] for i in self.by_funder.get(funder_id, ()))

    def evidence(self, profile: Profile, hide: str | None = None) -> dict[str, Evidence]:
        """Every funder's evidence for `profile`; grants to recipient key `hide` are left out."""
        mine = profile_features(profile)
        own_key = hide if hide is not None else fold(profile.organisation.name)
        found = self._evidence.get((mine, own_key))
        if found is None:
            if self.columns is not None:
                from fundfinder.load.history_bulk import evidence

                found = evidence(self, mine, own_key)
            else:
                found = self._compute(mine, own_key)
            self._evidence[(mine, own_key)] = found
            if len(self._evidence) > 64:
                self._evidence.pop(next(iter(self._evidence)))
        return found

    def _sizes(
        self, indices: Sequence[int], own_key: str, band: str | None
    ) -> tuple[float | None, int]:
        """How near its known recipients are to the applicant's size band, and which way off."""
        if band is None:
            return None, 0
        mine = SIZE_BANDS.index(band)
        bands: dict[str, int] = {}
        for i in indices:
            other = self._features[i].size_band
            if other is not None and self._keys[i] != own_key:
                bands[self._keys[i]] = SIZE_BANDS.index(other)
        if len(bands) < SIZE_MIN_KNOWN:
            return None, 0
        gaps = [b - mine for b in bands.values()]
        near = sum(abs(g) <= 1 for g in gaps) / len(gaps)
        ordered = sorted(gaps)
        middle = ordered[len(ordered) // 2]
        lean = 0 if abs(middle) <= 1 else (1 if middle > 0 else -1)
        return round(near, 4), lean

    def _related_themes(self, mine: Features) -> frozenset[str]:
        """Themes that give any credit against the profile's (itself, broader, narrower)."""
        found: set[str] = set()
        for want, _conf in mine.themes:
            found.add(want)
            found.update(self.taxonomy.theme_ancestors(want))
            found.update(
                t for t in self.taxonomy.themes if want in self.taxonomy.theme_ancestors(t)
            )
        return frozenset(found)

    def __getstate__(self) -> dict[str, Any]:
        if self.columns is not None:  # large: the grants as one blob, read when needed
            from fundfinder.load.history_bulk import pack_grants

            blob, ptr = pack_grants(self.grants)
            return {
                "taxonomy": self.taxonomy,
                "columns": self.columns,
                "grant_blob": blob,
                "grant_ptr": ptr,
            }
        # small: plain rows, rebuilt in one pass (far quicker to read back than a record each)
        distinct: dict[Features, int] = {}
        feature_of = [distinct.setdefault(f, len(distinct)) for f in self._features]
        return {
            "taxonomy": self.taxonomy,
            "grant_rows": [grant_row(g) for g in self.grants],
            "feature_rows": [
                [[list(tc) for tc in f.themes], list(f.places), *f[2:]] for f in distinct
            ],
            "feature_of": feature_of,
            "keys": self._keys,
        }

    def __setstate__(self, state: dict[str, Any]) -> None:
        self._evidence = {}
        if "grant_blob" in state:
            from fundfinder.load.history_bulk import PackedGrants

            self.taxonomy = state["taxonomy"]
            self.columns = state["columns"]
            self.grants = PackedGrants(state["grant_blob"], state["grant_ptr"])  # type: ignore[assignment]
            self._features = []
            self._keys = []
            self.by_funder = {}
            return
        from fundfinder.datacodec import FormatError

        try:
            self.taxonomy = state["taxonomy"]
            self.columns = None
            self.grants = tuple(grant_from_row(row) for row in state["grant_rows"])
            distinct = [
                Features(tuple((t, c) for t, c in themes), tuple(places), reg, kind, band)
                for themes, places, reg, kind, band in state["feature_rows"]
            ]
            self._features = [distinct[i] for i in state["feature_of"]]
            keys = [str(k) for k in state["keys"]]
        except (KeyError, TypeError, ValueError, IndexError):
            raise FormatError("a grant history's rows are malformed") from None
        if not len(self._features) == len(keys) == len(self.grants):
            raise FormatError("a grant history's features, keys and grants differ in number")
        self._index(keys)

    def _compute(self, mine: Features, own_key: str) -> dict[str, Evidence]:
        related = self._related_themes(mine)
        result: dict[str, Evidence] = {}
        sims: dict[Features, float] = {}  # one recipient, many grants: compared once
        for funder_id, indices in self.by_funder.items():
            scored: list[tuple[float, int]] = []
            reg_counts: dict[str, int] = {}
            seen_reg: set[str] = set()
            near = 0
            reg_known = 0
            for i in indices:
                recipient_key = self._keys[i]
                if recipient_key == own_key:
                    continue
                feats = self._features[i]
                sim = sims.get(feats)
                if sim is None:
                    touches = any(t in related for t, _c in feats.themes)
                    sim = similarity(mine, feats, self.taxonomy) if touches else 0.0
                    sims[feats] = sim
                scored.append((sim, i))
                if feats.registered_in and recipient_key not in seen_reg:
                    seen_reg.add(recipient_key)
                    reg_counts[feats.registered_in] = reg_counts.get(feats.registered_in, 0) + 1
                    reg_known += 1
                    sim = registration_similarity(
                        mine.registered_in, feats.registered_in, self.taxonomy
                    )
                    near += 1 if sim is not None and sim >= 0.6 else 0
            if not scored:
                continue
            scored.sort(key=lambda si: (-si[0], -self.grants[si[1]].year, si[1]))
            miss = 1.0
            for sim, _i in _distinct(scored, self._keys)[:EVIDENCE_TOP]:
                miss *= 1.0 - sim
            like = [self.grants[i] for sim, i in _distinct(scored, self._keys) if sim >= LIKE_YOURS]
            registered = tuple(sorted(reg_counts.items(), key=lambda kv: (-kv[1], kv[0])))
            same = None
            if reg_known and mine.registered_in:
                same = near / reg_known
            size_near, lean = self._sizes(indices, own_key, mine.size_band)
            result[funder_id] = Evidence(
                round(1.0 - miss, 4),
                len(scored),
                tuple(like[:3]),
                len(like),
                registered,
                same,
                size_near,
                lean,
            )
        return result


def _distinct(scored: list[tuple[float, int]], keys: Sequence[str]) -> list[tuple[float, int]]:
    """The best-scored grant of each recipient, in order."""
    seen: set[str] = set()
    out: list[tuple[float, int]] = []
    for sim, i in scored:
        key = keys[i]
        if key not in seen:
            seen.add(key)
            out.append((sim, i))
    return out


def default_grants() -> Path:
    from fundfinder.paths import data_file

    return data_file("grants")


def _identity(path: Path) -> bytes:
    """What keys a grant file in the cache: its bytes, or for a large file its stamp (place,
    size, change times), so that a warm start with a million grants reads none of them."""
    from fundfinder.cache import large_file_stamp
    from fundfinder.load.yamlsafe import read_bytes_limited

    name = len(path.name).to_bytes(4, "little") + path.name.encode()
    stamp = large_file_stamp(path)
    return name + (stamp if stamp is not None else read_bytes_limited(path, DATABASE_MAX_BYTES))


def load_history(
    taxonomy: Taxonomy,
    funder_ids: Iterable[str] | None = None,
    folder: Path | None = None,
    extra: Sequence[Path] = (),
) -> History:
    """The shipped grant history with any extra grant files or folders (`--grants`),
    validated and read once per content (compiled cache)."""
    from fundfinder.cache import cached

    folder = folder or default_grants()
    files = history_files(folder, extra)
    raw = b"".join(_identity(p) for p in files)
    ids = None if funder_ids is None else list(funder_ids)  # in the catalogue's order
    stamp = taxonomy.key.encode() + _lexicon_stamp() + "\n".join(ids or ["*"]).encode()

    def build() -> History:
        return History(load_grants(folder, taxonomy, ids, extra), taxonomy)

    return cached("grants", folder, raw, build, stamp, lambda v: isinstance(v, History), also=extra)


def _lexicon_stamp() -> bytes:
    from fundfinder.paths import data_file

    path = data_file("lexicon.yaml")
    try:
        return path.read_bytes()
    except OSError:
        return b""
