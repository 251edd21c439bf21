"""Normalising free text for matching: case, accents, punctuation and spacing."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_NON_WORD = re.compile(r"[^0-9a-z+]+")


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower-case, strip accents, turn punctuation into single spaces.

    'Côte d’Ivoire' -> 'cote d ivoire'; 'LGBTIQ+' -> 'lgbtiq+'; 'Oost-Afrika' -> 'oost afrika'.
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    ascii_only = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NON_WORD.sub(" ", ascii_only).strip()
