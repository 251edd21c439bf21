"""Reading an organisation's own words: a theme phrase as themes with a confidence.

"water and sanitation", "land and water rights", "schoolmaaltijden": a phrase is
folded, split into words, stripped of filler words and stemmed with the English
and Dutch Snowball stemmers. Every term of a theme (its labels and synonyms in
`taxonomy.yaml`, and the wider vocabulary of `lexicon.yaml`) is stemmed the same
way; a term matches when all its words occur in the phrase. A Dutch compound
("schoolmaaltijden", "vrouwenrechten") matches a term that begins or ends it.
The confidence grows with the share of the phrase's words a theme explains;
words that no theme explains are kept as free keywords.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from functools import cache, lru_cache
from typing import Any, NamedTuple

from fundfinder.models import Funder
from fundfinder.textnorm import fold

# Confidence of a theme read from part of a phrase: BASE + SPAN x share explained.
BASE = 0.55
SPAN = 0.45
COMPOUND = 0.7  # a term found at the start or end of a compound word
MIN_COMPOUND_STEM = 4  # shorter stems are not looked for inside compounds
MIN_COMPOUND_WORD = 8
KIN_PREFIX = 7  # letters two stems must share to count as one word's kin
KIN_SHARE = 0.8  # ... and at least this share of the shorter stem

_STOPWORDS_TEXT = (
    "a an and or of the for in on to with by from at as its their our we us is are be "
    "other others all any more most through across into via per about against among "
    "de het een en of van voor in op met door aan bij als te tot uit naar over om onder "
    "ons onze hun zijn haar die dat dit deze der des alle andere meer "
    "work working werk werken focus focused gericht support steun "
)
STOPWORDS = frozenset(_STOPWORDS_TEXT.split())


def words(text: str) -> list[str]:
    """Folded content words of a text (filler words dropped)."""
    return [w for w in fold(text).replace("+", " ").split() if w not in STOPWORDS and len(w) > 1]


@cache
def _stemmers() -> tuple[Any, Any]:
    import snowballstemmer

    return snowballstemmer.stemmer("english"), snowballstemmer.stemmer("dutch")


@lru_cache(maxsize=65536)
def stems(word: str) -> frozenset[str]:
    """The English and Dutch stems of one folded word (and the word itself)."""
    english, dutch = _stemmers()
    return frozenset({word, english.stemWord(word), dutch.stemWord(word)})


def stem_key(word: str) -> str:
    """One stable stem for indexing text (the shorter of the two stems)."""
    return min(stems(word), key=lambda s: (len(s), s))


class PhraseReading(NamedTuple):
    """How one phrase was read: themes with a confidence (0-1), and words kept as keywords."""

    text: str
    themes: tuple[tuple[str, float], ...]
    keywords: tuple[str, ...]
    exact: bool = False  # the phrase is a label or synonym of the theme


class _Term(NamedTuple):
    theme: str
    words: tuple[frozenset[str], ...]  # per word of the term, its stems


class Reader:
    """Themes' vocabularies, stemmed once; `read` maps a phrase onto them."""

    def __init__(
        self,
        vocab: Mapping[str, Iterable[str]],
        broader: Mapping[str, Iterable[str]] | None = None,
    ) -> None:
        # every broader theme of a theme: a phrase that names a narrow theme ("HIV health
        # promotion") is about that theme first, not about the broad one it belongs to
        self._broader = {t: frozenset(b) for t, b in (broader or {}).items()}
        self._terms: list[_Term] = []
        self._by_stem: dict[str, list[int]] = {}
        self._by_prefix: dict[str, list[int]] = {}  # first KIN_PREFIX letters of a stem
        self._vocab: set[str] = set()  # every stem of every word of every term
        self._single: dict[str, set[str]] = {}  # stem of a one-word term -> themes
        self._whole: dict[str, list[str]] = {}  # folded whole term -> its themes
        for theme, terms in vocab.items():
            for term in terms:
                ws = words(term)
                if not ws:
                    continue
                held = self._whole.setdefault(" ".join(ws), [])
                if theme not in held:
                    held.append(theme)
                entry = _Term(theme, tuple(stems(w) for w in ws))
                for group in entry.words:
                    self._vocab.update(group)
                index = len(self._terms)
                self._terms.append(entry)
                for s in entry.words[0]:
                    self._by_stem.setdefault(s, []).append(index)
                    if len(s) >= KIN_PREFIX:
                        self._by_prefix.setdefault(s[:KIN_PREFIX], []).append(index)
                if len(ws) == 1:
                    for s in entry.words[0]:
                        if len(s) >= MIN_COMPOUND_STEM:
                            self._single.setdefault(s, set()).add(theme)

    def read(self, text: str) -> PhraseReading:
        ws = words(text)
        if not ws:
            return PhraseReading(text, (), ())
        whole = self._whole.get(" ".join(ws))
        if whole:
            return PhraseReading(text, tuple((t, 1.0) for t in sorted(whole)), (), exact=True)
        phrase_stems = [stems(w) for w in ws]
        explained: dict[str, set[int]] = {}
        for index in self._candidates(phrase_stems):
            term = self._terms[index]
            used = _match(term.words, phrase_stems)
            if used is not None:
                explained.setdefault(term.theme, set()).update(used)
        compound: dict[str, set[int]] = {}
        for pos, w in enumerate(ws):
            if len(w) < MIN_COMPOUND_WORD:
                continue
            for theme in self._compound_themes(w):
                compound.setdefault(theme, set()).add(pos)
        scores: dict[str, float] = {}
        for theme, used in explained.items():
            scores[theme] = min(1.0, BASE + SPAN * len(used) / len(ws))
        for theme, used in compound.items():
            fit = COMPOUND * (BASE + SPAN * len(used) / len(ws))
            scores[theme] = max(scores.get(theme, 0.0), round(fit, 4))
        for theme, fit in list(scores.items()):
            narrower = [c for t, c in scores.items() if theme in self._broader.get(t, ())]
            if narrower:
                scores[theme] = min(fit, max(narrower))
        covered = set().union(*explained.values(), *compound.values())
        keywords = tuple(w for i, w in enumerate(ws) if i not in covered and len(w) >= 3)
        themes = tuple(sorted(((t, round(c, 2)) for t, c in scores.items()), key=_order))
        return PhraseReading(text, themes, keywords)

    def _candidates(self, phrase_stems: Sequence[frozenset[str]]) -> list[int]:
        found: set[int] = set()
        for group in phrase_stems:
            for s in group:
                found.update(self._by_stem.get(s, ()))
                if len(s) >= KIN_PREFIX:
                    found.update(self._by_prefix.get(s[:KIN_PREFIX], ()))
        return sorted(found)

    def _compound_themes(self, word: str) -> set[str]:
        """Themes of a compound whose two parts are both words of the vocabulary
        ("school|maaltijden", "vrouwen|rechten"), so that "trans|parency" is no compound."""
        found: set[str] = set()
        for form in stems(word):
            for cut in range(MIN_COMPOUND_STEM, len(form) - MIN_COMPOUND_STEM + 1):
                head, tail = form[:cut], form[cut:]
                # Dutch linking sounds: vrouwen|rechten, kinder|huwelijken
                heads = [head] + [
                    head[: -len(link)]
                    for link in ("s", "en", "e")
                    if head.endswith(link) and len(head) - len(link) >= MIN_COMPOUND_STEM
                ]
                for h in heads:
                    if not (self._known(h) and self._known(tail)):
                        continue
                    found.update(self._single.get(h, ()))
                    found.update(self._single.get(tail, ()))
        return found

    def _known(self, piece: str) -> bool:
        return piece in self._vocab or any(s in self._vocab for s in stems(piece))


def _order(item: tuple[str, float]) -> tuple[float, str]:
    return (-item[1], item[0])


def _match(term: Sequence[frozenset[str]], phrase: Sequence[frozenset[str]]) -> set[int] | None:
    """Positions of the phrase words that a term's words all find, or None."""
    used: set[int] = set()
    for want in term:
        hit = next((i for i, have in enumerate(phrase) if want & have), None)
        if hit is None:
            hit = next((i for i, have in enumerate(phrase) if _kin(want, have)), None)
        if hit is None:
            return None
        used.add(hit)
    return used


def _kin(a: frozenset[str], b: frozenset[str]) -> bool:
    """Stems of one family that the stemmers leave apart: democrat / democraci,
    parliament / parliamentari, journalist / journal."""
    for x in a:
        for y in b:
            short = min(len(x), len(y))
            if short < KIN_PREFIX:
                continue
            n = 0
            for cx, cy in zip(x, y, strict=False):
                if cx != cy:
                    break
                n += 1
            if n >= KIN_PREFIX and n >= KIN_SHARE * short:
                return True
    return False


# The lexicon's languages: English and Dutch for every theme (required), and the words
# organisations and funders use in the other languages of their own sites (optional).
LEXICON_LANGUAGES = ("en", "nl", "de", "fr", "es", "pt", "nb", "sv", "da")


def vocabulary(taxonomy_themes: Iterable[Any], lexicon: Mapping[str, Any]) -> dict[str, list[str]]:
    """Every term of every theme: labels, synonyms and the lexicon's words in every language."""
    vocab: dict[str, list[str]] = {}
    for theme in taxonomy_themes:
        terms = [theme.id.replace("-", " "), theme.en, theme.nl, *theme.synonyms]
        extra = lexicon.get(theme.id) or {}
        for lang in LEXICON_LANGUAGES:
            terms.extend(str(t) for t in extra.get(lang) or ())
        vocab[theme.id] = terms
    return vocab


@cache
def load_reader() -> Reader:
    """The reader for the shipped taxonomy and lexicon (built once per process)."""
    import yaml

    from fundfinder.paths import data_file
    from fundfinder.taxonomy import load_taxonomy

    path = data_file("lexicon.yaml")
    lexicon: Mapping[str, Any] = {}
    if path.exists():
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        data = yaml.load(path.read_bytes(), Loader=loader)
        lexicon = (data or {}).get("themes") or {}
    taxonomy = load_taxonomy()
    broader = {t: tuple(taxonomy.theme_ancestors(t)) for t in taxonomy.themes}
    return Reader(vocabulary(taxonomy.themes.values(), lexicon), broader)


def funder_tokens(funder: Funder) -> list[str]:
    """A funder's own words, stemmed: keywords and both summaries."""
    text = " ".join((*funder.keywords, funder.summary_en or "", funder.summary_nl or ""))
    return [stem_key(w) for w in words(text)]
