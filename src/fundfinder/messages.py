"""Keyed messages: English in the code, Dutch in a gettext catalogue.

Every message is a key in a `Table` ("ui.title", "session.welcome", "error.file_missing")
with its English text, a `str.format` template whose fields are the message's parameters.
The Dutch texts live in `locale/nl/LC_MESSAGES/fundfinder.po` (msgctxt = key, msgid = the
English text), compiled to a `.mo` file when the package is built. A message whose English
changed without its Dutch being updated is found by the tests, not shown to users: the
catalogue's msgid no longer matches and the Dutch lookup falls back to English.

Plurals are messages whose English is a (singular, plural) pair; Dutch picks its form
through `ngettext` with the catalogue's own plural rule.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    import gettext

English = str | tuple[str, str]  # a text, or (singular, plural)

DOMAIN = "fundfinder"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
LANGUAGES = ("en", "nl")


class _English:
    """Stands in for a catalogue: every text is its own translation."""

    def pgettext(self, context: str, message: str) -> str:
        return message

    def npgettext(self, context: str, singular: str, plural: str, n: int) -> str:
        return singular if n == 1 else plural


@functools.cache
def translations(lang: str) -> gettext.NullTranslations | _English:
    """The compiled catalogue of `lang` (English: the texts themselves)."""
    if lang != "nl":
        return _English()
    import gettext

    folder = LOCALE_DIR / lang / "LC_MESSAGES"
    mo, po = folder / f"{DOMAIN}.mo", folder / f"{DOMAIN}.po"
    try:
        current = mo.stat().st_mtime >= po.stat().st_mtime
    except OSError:
        current = mo.is_file()
    if current:
        with mo.open("rb") as fh:
            return gettext.GNUTranslations(fh)
    return _from_po(po)  # edited since the last build


def _from_po(po: Path) -> gettext.NullTranslations | _English:
    """A source checkout that was never built: compile the catalogue in memory (Babel)."""
    import gettext
    import io

    try:
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po
    except ImportError:  # pragma: no cover - an unbuilt checkout without Babel
        return _English()
    with po.open("rb") as fh:
        catalog = read_po(fh)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


class Table(Mapping[str, tuple[str, str]]):
    """The messages of one kind: key -> English text; `table[key]` gives (English, Dutch)."""

    def __init__(self, name: str, english: Mapping[str, English]) -> None:
        self.name = name
        self.english: dict[str, English] = dict(english)

    def add(self, english: Mapping[str, English]) -> None:
        self.english.update(english)

    def text(self, key: str, lang: str, n: int | None = None) -> str:
        """The template of `key` in `lang` (for a plural message, the form for `n`)."""
        source = self.english[key]
        context = f"{self.name}.{key}"
        if isinstance(source, tuple):
            return translations(lang).npgettext(context, *source, 1 if n is None else n)
        return translations(lang).pgettext(context, source)

    def fill(self, key: str, lang: str, count: int | None = None, /, **params: Any) -> str:
        """`key` in `lang`, filled in (a plural message: the form for `count`, as `{n}`);
        the key itself if unknown (never an error)."""
        if key not in self.english:
            return key
        if count is not None:
            params.setdefault("n", count)
        template = self.text(key, lang, count)
        return template.format(**params) if params else template

    def __getitem__(self, key: str) -> tuple[str, str]:
        return self.text(key, "en"), self.text(key, "nl")

    def __contains__(self, key: object) -> bool:
        return key in self.english

    def __iter__(self) -> Iterator[str]:
        return iter(self.english)

    def __len__(self) -> int:
        return len(self.english)


TABLES: dict[str, Table] = {}


def table(name: str, english: Mapping[str, English]) -> Table:
    """A new table, registered so that the catalogue tools and tests see every message."""
    if name in TABLES:
        raise ValueError(f"two message tables named {name!r}")
    made = Table(name, english)
    TABLES[name] = made
    return made


class Both(NamedTuple):
    """A value that is itself said differently per language (a theme's or country's name)."""

    en: str
    nl: str

    def text(self, lang: str) -> str:
        return self.nl if lang == "nl" else self.en


class Msg(NamedTuple):
    """A message not yet put into words: `table.key` and its parameters.

    Parameters may be other messages, `Both` names, or lists of these (joined with commas);
    a parameter `n` picks the form of a plural message. `str(msg)` is the English text.
    """

    key: str
    params: tuple[tuple[str, Any], ...] = ()

    def text(self, lang: str = "en") -> str:
        name, _, key = self.key.partition(".")
        found = TABLES.get(name)
        if found is None or key not in found:
            return self.key
        values = {k: _shown(v, lang) for k, v in self.params}
        count = dict(self.params).get("n")
        return found.fill(key, lang, count if isinstance(count, int) else None, **values)

    def __str__(self) -> str:
        return self.text("en")


def msg(key: str, /, **params: Any) -> Msg:
    """`msg("field.required")`, `msg("yaml.too_deep", depth=64)`."""
    return Msg(key, tuple(params.items()))


def _shown(value: Any, lang: str) -> Any:
    if isinstance(value, (Msg, Both)):
        return value.text(lang)
    if isinstance(value, (list, tuple)):
        return ", ".join(str(_shown(v, lang)) for v in value)
    return value


def every_table() -> dict[str, Table]:
    """All message tables of fundfinder: every module imported, so that each registers its
    own (for the catalogue tools and the tests; the program itself loads what it uses)."""
    import importlib
    import pkgutil

    import fundfinder

    for module in pkgutil.walk_packages(fundfinder.__path__, "fundfinder."):
        if module.name != "fundfinder.__main__":
            importlib.import_module(module.name)
    return TABLES
