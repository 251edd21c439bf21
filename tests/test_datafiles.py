"""Every curated data file is checked with file:line and field, like the funders."""

from __future__ import annotations

from fundfinder.load.datafiles import (
    check_checklist,
    check_forms,
    check_lexicon,
    check_regions,
    check_taxonomy,
    validate_data_files,
)
from fundfinder.load.yamlsafe import parse_yaml
from fundfinder.paths import data_dir


def said(problems) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(p) for p in problems]


def test_the_shipped_data_files_are_clean() -> None:
    assert said(validate_data_files(data_dir())) == []


def test_a_mistyped_checklist_condition_is_named_with_its_line() -> None:
    text = (
        "items:\n"
        "  - id: x\n"
        "    phase: this_wek\n"
        "    owner: finance\n"
        "    title: {en: A, nl: B}\n"
        "    why: {en: A}\n"
        "    when: {staf_min: 5, works_council: maybe}\n"
    )
    out = said(check_checklist(parse_yaml(text), "checklists.yaml", ["NL"]))
    assert any("checklists.yaml:3: items[0](x).phase: unknown value 'this_wek'" in p for p in out)
    assert "checklists.yaml:6: items[0](x).why.nl: is required" in out
    assert any("when.staf_min: unknown condition (did you mean 'staff_min'?)" in p for p in out)
    assert any("when.works_council: expected yes or no" in p for p in out)


def test_forms_taxonomy_regions_and_lexicon_are_checked() -> None:
    forms = "forms:\n  - id: f\n    name: {en: A, nl: B}\n    what: {en: A, nl: B}\n    prerequisites: [anbii]\n"
    assert any(
        "unknown prerequisite 'anbii' (did you mean 'anbi'?)" in p
        for p in said(check_forms(parse_yaml(forms), "f.yaml"))
    )
    themes = "themes:\n  - {id: a, en: A, nl: A, broader: [b]}\n"
    assert any(
        "broader[0]: unknown theme 'b'" in p
        for p in said(check_taxonomy(parse_yaml(themes), "t.yaml"))
    )
    regions = "regions:\n  - {id: r, en: R, nl: R, countries: [NL, no, XX], includes: [x]}\n"
    out = said(check_regions(parse_yaml(regions), "r.yaml", ["NL"]))
    assert any("countries[1]: expected a country code, got False (write NO" in p for p in out)
    assert any("countries[2]: unknown country code 'XX'" in p for p in out)
    assert any("includes[0]: unknown region 'x'" in p for p in out)
    lexicon = "themes:\n  wsah: {en: [water], nl: [water]}\n"
    assert any(
        "themes.wsah: unknown theme (did you mean 'wash'?)" in p
        for p in said(check_lexicon(parse_yaml(lexicon), "l.yaml", ["wash"]))
    )


def test_dutch_texts_address_the_reader_formally() -> None:
    import re

    informal = re.compile(r"\b(je|jij|jou|jouw|jullie)\b", re.IGNORECASE)
    for name in ("checklists.yaml", "funding_forms.yaml"):
        for line in (data_dir() / name).read_text(encoding="utf-8").splitlines():
            if line.strip().startswith("nl:"):
                assert not informal.search(line), f"{name}: {line.strip()[:80]}"


def test_the_lexicon_takes_other_languages_beside_english_and_dutch() -> None:
    ok = "themes:\n  wash: {en: [water], nl: [water], es: [agua potable], nb: [rent vann]}\n"
    assert check_lexicon(parse_yaml(ok), "l.yaml", ["wash"]) == []
    wrong = "themes:\n  wash: {en: [water], nl: [water], xx: [aqua]}\n"
    out = said(check_lexicon(parse_yaml(wrong), "l.yaml", ["wash"]))
    assert any("themes.wash.xx: unknown key" in p and "es" in p for p in out)
    missing = "themes:\n  wash: {en: [water], es: [agua potable]}\n"
    assert any(
        "themes.wash.nl: is required" in p
        for p in said(check_lexicon(parse_yaml(missing), "l.yaml", ["wash"]))
    )


def test_words_in_other_languages_are_read() -> None:
    from fundfinder.taxonomy import load_taxonomy
    from fundfinder.understand.reading import Reader, vocabulary

    themes = [t for t in load_taxonomy().themes.values() if t.id == "media"]
    reader = Reader(vocabulary(themes, {"media": {"en": [], "nl": [], "es": ["periodismo"]}}))
    assert [t for t, _c in reader.read("periodismo").themes] == ["media"]
