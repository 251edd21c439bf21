"""Keep the Dutch message catalogue in step with the messages in the code.

    python tools/messages.py            # report what is missing, changed or left over
    python tools/messages.py --update   # write locale/fundfinder.pot and merge it into the .po

Extraction reads every registered message table (`fundfinder.messages.TABLES`): the key is
the msgctxt, the English text the msgid. Updating keeps every translation whose key and
English are unchanged; a message whose English changed comes back marked fuzzy (with its old
Dutch as a starting point), a new one untranslated, and one that is gone is dropped. Fuzzy
and untranslated messages fail the tests until a translator has settled them.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
LOCALE = ROOT / "src" / "fundfinder" / "locale"
PO = LOCALE / "nl" / "LC_MESSAGES" / "fundfinder.po"
POT = LOCALE / "fundfinder.pot"


def template() -> Catalog:
    """Every message in the code, as a Babel catalogue without translations."""
    from fundfinder import __version__
    from fundfinder.messages import every_table

    catalog = Catalog(
        project="fundfinder",
        version=__version__,
        charset="utf-8",
        fuzzy=False,
        header_comment=(
            "# The messages of fundfinder: msgctxt is a message's key, msgid its English text."
        ),
        last_translator="fundfinder maintainers",
        language_team="fundfinder maintainers",
    )
    for name, table in every_table().items():
        for key, english in table.english.items():
            catalog.add(english, context=f"{name}.{key}", flags=("python-brace-format",))
    return catalog


def write(path: Path, catalog: Catalog) -> None:
    """The catalogue as a .po file, without Babel's placeholder for a bug-report address."""
    import io

    buffer = io.BytesIO()
    write_po(buffer, catalog, width=100, ignore_obsolete=True)
    lines = buffer.getvalue().decode("utf-8").splitlines(keepends=True)
    path.write_text("".join(x for x in lines if not x.startswith('"Report-Msgid-Bugs-To')))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--update", action="store_true", help="write the .pot and merge the .po")
    args = parser.parse_args()
    pot = template()
    with PO.open("rb") as fh:
        nl = read_po(fh, locale="nl")
    if args.update:
        write(POT, pot)
        nl.update(pot, update_header_comment=False)
        nl.fuzzy = False
        write(PO, nl)
    todo = [m for m in nl if m.id and (m.fuzzy or not m.string or not all(m.string))]
    for message in todo:
        state = "fuzzy" if message.fuzzy else "untranslated"
        print(f"{state}: {message.context}: {message.id!r}")
    known = {(m.context, m.id if isinstance(m.id, str) else tuple(m.id)) for m in nl if m.id}
    wanted = {(m.context, m.id if isinstance(m.id, str) else tuple(m.id)) for m in pot if m.id}
    for context, _ in sorted(wanted - known, key=str):
        print(f"missing: {context}")
    for context, _ in sorted(known - wanted, key=str):
        print(f"left over: {context}")
    return 1 if todo or wanted != known else 0


if __name__ == "__main__":
    sys.exit(main())
