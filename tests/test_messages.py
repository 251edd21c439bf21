"""The message catalogue: every key in both languages, the same placeholders, plurals."""

from __future__ import annotations

import string
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

import fundfinder.i18n
from fundfinder.messages import LOCALE_DIR, every_table, translations

PO = LOCALE_DIR / "nl" / "LC_MESSAGES" / "fundfinder.po"
# Dutch may use fields the English has no need of: verb agreement in `i18n.say`
DUTCH_ONLY = {"valt"}


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def _catalogue() -> dict[str, object]:
    with PO.open("rb") as fh:
        return {m.context: m for m in read_po(fh, locale="nl") if m.id}


def _messages() -> list[tuple[str, object]]:
    return [(f"{n}.{k}", e) for n, t in every_table().items() for k, e in t.english.items()]


def test_every_message_has_its_dutch_and_nothing_is_left_over() -> None:
    catalogue = _catalogue()
    keys = dict(_messages())
    assert len(keys) > 400
    missing = sorted(set(keys) - set(catalogue))
    left_over = sorted(set(catalogue) - set(keys))
    assert not missing, f"no Dutch for: {missing} (run tools/messages.py --update)"
    assert not left_over, f"in the catalogue but not in the code: {left_over}"
    for key, english in keys.items():
        entry = catalogue[key]
        wanted = english if isinstance(english, str) else tuple(english)
        got = entry.id if isinstance(entry.id, str) else tuple(entry.id)  # type: ignore[attr-defined]
        assert got == wanted, f"{key}: the English changed; its Dutch needs a look"
        assert not entry.fuzzy, f"{key}: marked fuzzy"  # type: ignore[attr-defined]
        strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)  # type: ignore[attr-defined]
        assert all(strings), f"{key}: untranslated"


@pytest.mark.parametrize("key", [k for k, _ in _messages()])
def test_dutch_has_the_same_placeholders(key: str) -> None:
    english = dict(_messages())[key]
    entry = _catalogue()[key]
    if isinstance(english, str):
        pairs = [(english, entry.string)]  # type: ignore[attr-defined]
    else:
        pairs = list(zip(english, entry.string, strict=True))  # type: ignore[attr-defined]
    for source, dutch in pairs:
        assert _fields(dutch) - DUTCH_ONLY == _fields(source), (key, source, dutch)


def test_the_compiled_catalogue_is_shipped_and_used() -> None:
    mo = LOCALE_DIR / "nl" / "LC_MESSAGES" / "fundfinder.mo"
    assert mo.is_file(), "the build compiles the .po (hatch_build.py)"
    import gettext

    assert isinstance(translations("nl"), gettext.GNUTranslations)
    assert fundfinder.i18n.ui("title", "nl", name="X") == "Financieringsrapport: X"
    assert fundfinder.i18n.ui("title", "en", name="X") == "Funding report: X"


def test_plurals_follow_the_count() -> None:
    from fundfinder.i18n import ui_n

    assert ui_n("n_reports", 1, "nl") == "1 rapport"
    assert ui_n("n_reports", 2, "nl") == "2 rapporten"
    assert ui_n("n_reports", 0, "en") == "0 reports"
    assert ui_n("runs_out", 1, "en", month="May") == "money runs out in May (1 month from now)"


def test_an_unknown_key_shows_as_itself() -> None:
    assert fundfinder.i18n.ui("no_such_key", "nl") == "no_such_key"


def test_the_template_is_current() -> None:
    """locale/fundfinder.pot lists exactly the messages in the code."""
    with (Path(LOCALE_DIR) / "fundfinder.pot").open("rb") as fh:
        template = {m.context for m in read_po(fh) if m.id}
    assert template == {k for k, _ in _messages()}


BAD_PROFILE = """\
organisation:
  name: Test
  annual_budget_eur: veel
  staf: 3
  anbi: misschien
themes: [xqzv]
regions: [NL]
need:
  amount_eur: -5
  forms: [leen]
"""


def test_an_error_is_said_whole_in_the_users_language(tmp_path: Path) -> None:
    """Keyed errors: the same problems in English and in Dutch, no English left in the Dutch."""
    from typer.testing import CliRunner

    from fundfinder.cli import app

    path = tmp_path / "bad.yaml"
    path.write_text(BAD_PROFILE, encoding="utf-8")
    runner = CliRunner()
    english = runner.invoke(app, ["match", str(path)])
    dutch = runner.invoke(app, ["match", str(path), "--lang", "nl"])
    assert english.exit_code == dutch.exit_code == 1
    assert "Error: " in english.output and "6 problems in the profile:" in english.output
    assert "expected a number, got text 'veel'" in english.output
    lines = dutch.output.splitlines()
    assert lines[0] == f"Fout: {path}: 6 problemen in het profiel:"
    assert f"{path}:3: organisation.annual_budget_eur: verwacht een getal, kreeg tekst 'veel'" in (
        dutch.output
    )
    assert "onbekende sleutel (bedoelt u 'staff_fte'?)" in dutch.output
    assert "verwacht ja of nee, kreeg 'misschien'" in dutch.output
    assert "is -5; het moet meer dan 0 zijn" in dutch.output
    for english_word in ("expected", "unknown", "did you mean", "problems", " got ", "must"):
        assert english_word not in dutch.output, english_word


def test_a_single_problem_is_singular() -> None:
    from fundfinder.errors import problems_heading

    assert problems_heading("problems_in_profile", "p.yaml", 1).text("nl") == (
        "p.yaml: 1 probleem in het profiel:"
    )
    assert problems_heading("problems_in_profile", "p.yaml", 2).text("en") == (
        "p.yaml: 2 problems in the profile:"
    )
