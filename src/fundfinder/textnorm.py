"""Normalising free text for matching: case, accents, punctuation and spacing."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_NON_WORD = re.compile(r"[^0-9a-z+]+")
# Letters that Unicode does not decompose into a base letter and an accent: spelled out as
# they are in ASCII ('Tromsø' -> 'tromso', 'børn' -> 'born', 'Łódź' -> 'lodz'), not dropped.
_LETTERS = str.maketrans(
    {"ø": "o", "æ": "ae", "œ": "oe", "đ": "d", "ð": "d", "ł": "l", "þ": "th", "ı": "i", "ħ": "h"}
)


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower-case, strip accents, turn punctuation into single spaces.

    'Côte d’Ivoire' -> 'cote d ivoire'; 'LGBTIQ+' -> 'lgbtiq+'; 'Oost-Afrika' -> 'oost afrika';
    'Tromsø' -> 'tromso'.
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_LETTERS))
    ascii_only = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NON_WORD.sub(" ", ascii_only).strip()
