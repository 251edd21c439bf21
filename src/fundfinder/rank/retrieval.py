"""Free keywords against funders' own words: BM25 over stemmed text.

Words of a profile that no theme explains ("blockchain", "menstrual cups") are
kept as keywords and looked up in each funder's own words: its keywords and its
summaries in both languages, stemmed like the profile. The score is Okapi BM25
with the document frequencies of the shipped database as the reference corpus
(the same for every database, so a large overlay and the shipped file are scored
alike), divided by its maximum so that it runs from 0 to 1.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import cache
from typing import NamedTuple

from fundfinder.models import Funder
from fundfinder.understand.reading import funder_tokens, stem_key, words

K1 = 1.2
B = 0.75


def query_tokens(keywords: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(stem_key(w) for k in keywords for w in words(k)))


class Reference(NamedTuple):
    """Document frequencies of the reference corpus."""

    docs: int
    avg_len: float
    df: dict[str, int]

    def idf(self, token: str) -> float:
        n = self.df.get(token, 0)
        return math.log(1.0 + (self.docs - n + 0.5) / (n + 0.5))


def build_reference(documents: Iterable[Sequence[str]]) -> Reference:
    df: Counter[str] = Counter()
    total = docs = 0
    for tokens in documents:
        docs += 1
        total += len(tokens)
        df.update(set(tokens))
    return Reference(max(docs, 1), (total / docs) if docs else 1.0, dict(df))


@cache
def reference() -> Reference:
    """The shipped database as the reference corpus (compiled once per content)."""
    from fundfinder.cache import cached
    from fundfinder.load.catalog import default_database, load_database_file
    from fundfinder.taxonomy import load_taxonomy

    path = default_database()

    def build() -> Reference:
        funders = load_database_file(path, load_taxonomy())
        return build_reference(funder_tokens(f) for f in funders)

    return cached(
        "reference", path, path.read_bytes(), build, valid=lambda v: isinstance(v, Reference)
    )


def bm25(
    query: Sequence[str], tf: Counter[str] | dict[str, int], length: int, ref: Reference
) -> float:
    """BM25 of one document, divided by the most the query could score (0-1)."""
    if not query:
        return 0.0
    norm = K1 * (1 - B + B * length / ref.avg_len)
    got = best = 0.0
    for token in query:
        idf = ref.idf(token)
        best += idf * (K1 + 1)
        f = tf.get(token, 0)
        if f:
            got += idf * f * (K1 + 1) / (f + norm)
    return round(got / best, 4) if best > 0 else 0.0


def matched(
    query: Sequence[str], keywords: Sequence[str], funder: Funder
) -> tuple[float, list[str]]:
    """The BM25 share for one funder, and the profile's words it found."""
    tokens = funder_tokens(funder)
    tf = Counter(tokens)
    found = [k for k in keywords if stem_key(k) in tf]
    return bm25(query, tf, len(tokens), reference()), found
