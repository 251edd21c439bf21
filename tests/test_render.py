"""Renderers: whole-output markdown, fixed-width terminal text, JSON, and escaping."""

from __future__ import annotations

import io
import json
from collections.abc import Sequence
from datetime import date
from typing import Any

import pytest
from rich.console import Console

from fundfinder.advise.report import build_report
from fundfinder.load.catalog import Catalog
from fundfinder.load.history import History, PastGrant, Recipient
from fundfinder.models import Match, Report
from fundfinder.render.json_out import render_json
from fundfinder.render.markdown import escape, link, render_markdown
from fundfinder.render.terminal import render_terminal
from fundfinder.taxonomy import Taxonomy

from .conftest import TODAY, funder_data, make_funders, make_profile

HOSTILE = "[bold red]X[/bold red] a|b <script>\x1b[31m"


@pytest.fixture
def report(taxonomy: Taxonomy) -> Report:
    funders = make_funders(
        funder_data(
            id="uganda-exact",
            name="Uganda Exact Fund",
            themes=["srhr", "youth"],
            regions=["UG"],
            eligibility={"registered_in": ["any"]},
            grant={"min_eur": 100_000, "max_eur": 700_000, "core_support": True},
            forms=["grant"],
            access="rolling",
            url="https://example.org/ue",
            summary={"en": "Funds SRHR work in Uganda.", "nl": "Financiert SRGR-werk in Oeganda."},
        ),
        funder_data(
            id="pipe",
            name="Pipe | Fund <b>",
            themes=["srhr"],
            regions=["east-africa"],
            access="invitation_only",
            as_of="2023-01",
        ),
        funder_data(
            id="ugandan-only", name="Ugandan Local Fund", eligibility={"registered_in": ["UG"]}
        ),
    )
    past = PastGrant(
        "uganda-exact",
        Recipient("Stichting Jong Gezond", "NL", "ngo", "m", ("SRHR", "youth"), ("Uganda",)),
        2024,
        ("https://example.org/grants",),
        250_000.0,
    )
    catalog = Catalog(tuple(funders), ("test.yaml",), history=History([past], taxonomy))
    # The advice sections depend on the shipped data: tested separately with built objects.
    report = build_report(make_profile(), catalog, taxonomy, TODAY)
    return report._replace(funding_forms=(), checklist=())


EXPECTED_MARKDOWN = """\
# Funding report: Stichting Test

Generated 2026-11-26 by fundfinder 0.1.0 from 3 funders (oldest entry checked 2023-01).

## Profile

- **Registered in:** Netherlands
- **Type:** NGO
- **Annual budget:** €1.8m
- **Themes:** Sexual and reproductive health and rights, Youth
- **Regions:** Uganda
- **Need:** €600k a year; forms: grants

## Ranked funders

Top 2 of 2 matches.

| # | Funder | Type | Score | Grant | Access | Why |
|---:|---|---|---:|---|---|---|
| 1 | [Uganda Exact Fund](<https://example.org/ue>) | foundation | 98 | €100k–€700k | rolling | funded an organisation like yours: Stichting Jong Gezond (2024, €250k); funds sexual and reproductive health and rights and youth (you: SRHR and youth) |
| 2 | Pipe \\| Fund \\<b\\> | foundation | 29 | ? | invitation only | funds sexual and reproductive health and rights (you: SRHR); in Eastern Africa, which includes Uganda |

## Top matches in detail

### 1. Uganda Exact Fund (98/100)

Funds SRHR work in Uganda.

- **Why:** funded an organisation like yours: Stichting Jong Gezond (2024, €250k); funds sexual and reproductive health and rights and youth (you: SRHR and youth); in Uganda; grants €100k–€700k fit a €600k need; offers grants; applications accepted any time; open to organisations registered anywhere
- **Score breakdown:** themes 1.00 · regions 1.00 · size 1.00 · forms 1.00 · timing 0.85 · who may apply 0.92 · past grants 1.00
- **Eligibility:** applicants registered anywhere
- **Sources** (checked 2026-10): <https://example.org/criteria>

### 2. Pipe \\| Fund \\<b\\> (29/100)

- **Why:** funds sexual and reproductive health and rights (you: SRHR); in Eastern Africa, which includes Uganda; grant size unknown; forms of funding unknown; by invitation only; who may apply is unknown (scored lower); no past grants known
- **Watch out:** invitation only: approach through your network; who may apply is unknown: check registration rules; possibly out of date (checked 2023-01)
- **Score breakdown:** themes 0.50 · regions 0.80 · size 0.00 · forms 0.00 · timing 0.20 · who may apply 0.59 · past grants 0.20
- **Sources** (checked 2023-01): <https://example.org/criteria>

## Funders your partners can approach

For your partners in Uganda: top 1 of 1 funders they can approach directly.

| # | Funder | Type | Score | Grant | Access | Why |
|---:|---|---|---:|---|---|---|
| 1 | Ugandan Local Fund | foundation | 38 | ? | unknown | funds sexual and reproductive health and rights (you: SRHR); in Uganda |

## Excluded funders

Ruled out by a hard rule: 1.

| Funder | Why excluded |
|---|---|
| Ugandan Local Fund | gives only to organisations registered in Uganda; yours is registered in Netherlands |
"""


def test_markdown_whole_output(report: Report, taxonomy: Taxonomy) -> None:
    assert render_markdown(report, taxonomy, top=5) == EXPECTED_MARKDOWN


def test_markdown_in_dutch(report: Report, taxonomy: Taxonomy) -> None:
    dutch = report._replace(lang="nl")
    text = render_markdown(dutch, taxonomy, top=5)
    assert text.startswith("# Financieringsrapport: Stichting Test\n")
    assert "- **Geregistreerd in:** Nederland" in text
    assert (
        "financierde een organisatie zoals de uwe: Stichting Jong Gezond (2024, € 250k)" in text
        or ("financierde een organisatie zoals de uwe: Stichting Jong Gezond" in text)
    )
    assert "Fondsen die uw partners zelf kunnen benaderen" in text
    assert "Financiert SRGR-werk in Oeganda." in text


def test_markdown_escaping() -> None:
    assert escape("a|b") == "a\\|b"
    assert escape("# heading") == "\\# heading"
    assert escape("<script>") == "\\<script\\>"
    assert escape("[x](javascript:y)") == "\\[x\\](javascript:y)"
    assert escape("Grond & Gelijkheid (60%)") == "Grond & Gelijkheid (60%)"  # no needless escapes
    assert escape("&lt;b&gt;") == "&amp;lt;b&amp;gt;"  # no entity can form
    assert escape("see https://evil.example/x now") == "see `https://evil.example/x` now"
    assert escape("1. item") == "1\\. item" and escape("#2 wins") == "#2 wins"
    assert escape("line\nbreak\x1b[31m") == "line break\\[31m"
    assert link("ok", "https://e.org/a") == "[ok](<https://e.org/a>)"
    assert link("bad", "javascript:alert(1)") == "bad"


def _terminal_text(report: Report, taxonomy: Taxonomy, width: int = 80, **kwargs: object) -> str:
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, color_system=None, force_terminal=False)
    for item in render_terminal(report, taxonomy, **kwargs):  # type: ignore[arg-type]
        console.print(item)
    return buffer.getvalue()


def test_terminal_at_80_columns(report: Report, taxonomy: Taxonomy) -> None:
    text = _terminal_text(report, taxonomy, top=5)
    assert all(len(line) <= 80 for line in text.splitlines())
    lines = text.splitlines()
    assert lines[0].startswith("╭─ Stichting Test ")
    assert "Top 2 of 2 matches." in text
    assert "Uganda Exact Fund" in text and "██████████  98" in text
    assert "1. Uganda Exact Fund  98/100" in text
    assert "Ruled out by a hard rule: 1 (add --excluded to see why)." in text
    shown = _terminal_text(report, taxonomy, top=5, show_excluded=True)
    assert "gives only to organisations registered in Uganda" in shown


def test_terminal_at_60_columns_lists_instead_of_squeezing(
    report: Report, taxonomy: Taxonomy
) -> None:
    text = _terminal_text(report, taxonomy, width=60, top=5)
    assert all(len(line) <= 60 for line in text.splitlines())
    assert " 1. Uganda Exact Fund  98/100" in text  # the whole name, on its own line
    assert "┃ Why" not in text and "…" not in text  # no table with clipped cells


def test_hostile_funder_name_is_literal_everywhere(taxonomy: Taxonomy) -> None:
    funders = make_funders(funder_data(name=HOSTILE, themes=["srhr"], regions=["UG"]))
    report = build_report(make_profile(), Catalog(tuple(funders), ("t",)), taxonomy, TODAY)
    terminal = _terminal_text(report, taxonomy)
    assert "[bold red]X[/bold red] a|b <script>[31m" in terminal
    assert "\x1b" not in terminal
    markdown = render_markdown(report, taxonomy)
    assert "\\[bold red\\]X\\[/bold red\\] a\\|b \\<script\\>\\[31m" in markdown
    assert "\x1b" not in markdown and "<script>" not in markdown
    data = json.loads(render_json(report, taxonomy))
    assert data["matches"][0]["name"] == "[bold red]X[/bold red] a|b <script>[31m"


def test_json_shape(report: Report, taxonomy: Taxonomy) -> None:
    data = json.loads(render_json(report, taxonomy))
    assert [m["id"] for m in data["matches"]] == ["uganda-exact", "pipe"]
    assert data["matches"][0]["breakdown"] == {
        "themes": 1.0,
        "regions": 1.0,
        "size": 1.0,
        "forms": 1.0,
        "timing": 0.85,
        "access": 0.92,
        "history": 1.0,
    }
    history = data["matches"][0]["history"]
    assert [(g["recipient"]["name"], g["year"], g["amount_eur"]) for g in history] == [
        ("Stichting Jong Gezond", 2024, 250_000.0)
    ]
    assert [p["id"] for p in data["partners"]] == ["ugandan-only"]
    assert data["partner_places"] == ["UG"]
    assert data["excluded"] == [
        {
            "id": "ugandan-only",
            "name": "Ugandan Local Fund",
            "reasons": [
                "gives only to organisations registered in Uganda; yours is registered in Netherlands"
            ],
        }
    ]
    assert data["database"] == {
        "funders": 3,
        "files": ["test.yaml"],
        "oldest_as_of": "2023-01",
        "grants": 1,
    }
    assert data["diagnosis"] is None


def test_advice_sections_whole_output(report: Report, taxonomy: Taxonomy) -> None:
    from fundfinder.advise.advice import ChecklistItem, FormAdvice
    from fundfinder.advise.diagnosis import diagnose
    from fundfinder.models import Finances, Reason

    finances = Finances(
        income_eur=(("government", 900_000.0), ("private_donors", 100_000.0)),
        lost_income_eur=600_000.0,
        lost_from=date(2027, 1, 1),
        reserves_eur=200_000.0,
        expenses_eur=1_000_000.0,
    )
    diagnosis = diagnose(finances, TODAY)
    form = FormAdvice(
        id="crowdfunding",
        name={"en": "Crowdfunding | online", "nl": "Crowdfunding"},
        score=80.0,
        timing="in_time",
        reasons=(Reason.of("form.in_time", range="0–1", runway_dec=4.0),),
        has=(),
        lacks=(),
        unknown=(),
        sources=("https://example.org/cf",),
    )
    item = ChecklistItem(
        id="cash",
        phase="this_week",
        owner="finance",
        title={"en": "Draw up a cash plan", "nl": "Maak een kasplan"},
        why={"en": "Cash comes first.", "nl": "Kas gaat voor."},
        legal_basis=None,
        sources=("https://example.org/cash",),
    )
    full = report._replace(
        diagnosis=diagnosis, funding_forms=(form,), checklist=(item,), checklist_note=4
    )
    text = render_markdown(full, taxonomy, top=5)
    diagnosis_part = text[text.index("## Diagnosis") : text.index("## Ranked funders")]
    assert diagnosis_part == (
        "## Diagnosis\n\n"
        "- **Risk:** HIGH\n"
        "- **Income lost:** 60% (€600k)\n"
        "- **Cash runway once the loss hits:** 4.0 months\n"
        "- **Yearly gap after the loss:** €600k\n"
        "- **Revenue concentration (HHI):** 0.820\n"
        "- **Largest source:** government (90%)\n"
        "- **Admin cost ratio:** ?\n"
        "- **Operating margin before / after the loss:** 0% / -150%\n"
        "- **Equity ratio (reserves / income):** 20%\n"
        "- **Own income after the loss:** 25% (threshold 25%: yes; proposed 50%: no)\n"
        "- **Why:** cash lasts 4.0 months, under the usual 6 months; 60% of income is lost; "
        "90% of income came from one source (government); a yearly gap of €600k after the loss\n\n"
        "### Scenarios\n\n"
        "- Do nothing: money runs out in May 2027 (6 months from now)\n"
        "- Cut costs by 20% from month 3: money runs out in Jul 2027 (8 months from now)\n"
        "- Raise €150k a year from month 6: money runs out in May 2027 (6 months from now)\n"
        "- Both: cut 20% and raise €150k a year: money runs out in Aug 2027 (9 months from now)\n\n"
    )
    advice_part = text[text.index("## Forms of funding") : text.index("## Excluded funders")]
    assert advice_part == (
        "## Forms of funding for this situation\n\n"
        "| # | Form | In time? | Why |\n"
        "|---:|---|---|---|\n"
        "| 1 | Crowdfunding \\| online | in time | first money in 0–1 months, within the 4.0 months your cash lasts |\n\n"
        "## Reorganisation checklist\n\n"
        "Positions at risk are estimated at 4 from the gap (staff x gap / expenses); "
        "give the real number to replace the estimate (the session asks for it; in a profile "
        "file: finances.positions\\_at\\_risk).\n\n"
        "### This week\n\n"
        "- [ ] **Draw up a cash plan**: Cash comes first. (owner: finance) "
        "<https://example.org/cash>\n\n"
    )


def test_terminal_shows_diagnosis_forms_and_checklist(taxonomy: Taxonomy) -> None:
    from fundfinder.load.catalog import load_catalog
    from fundfinder.load.profile import load_profile
    from fundfinder.paths import data_file

    profile = load_profile(data_file("examples/demo-profile.yaml"), taxonomy)
    report = build_report(profile, load_catalog(taxonomy=taxonomy), taxonomy, TODAY)
    text = _terminal_text(report, taxonomy)
    assert "Diagnosis" in text and "Cash runway" in text and "5.1 months" in text
    assert "Do nothing" in text and "money runs out in Jun 2027" in text
    assert "Forms of funding for this situation" in text
    assert f"{len(report.funding_forms) - 6} more forms" in text
    assert "Reorganisation checklist" in text and "[ ] Draw up" in text
    assert "Later: Within 30 days:" in text


EXPECTED_PLAIN = """\
Stichting Test
==============
Registered in: Netherlands
Type: NGO
Annual budget: €1.8m
Themes: Sexual and reproductive health and rights, Youth
Regions: Uganda
Need: €600k a year; forms: grants

Top 2 of 2 matches.
-------------------
 1. Uganda Exact Fund (foundation)  98/100 [##########]
    Grant: €100k–€700k · Access: rolling
    Why: funded an organisation like yours: Stichting Jong Gezond (2024, €250k);
        funds sexual and reproductive health and rights and youth (you: SRHR and
        youth)
 2. Pipe | Fund <b> (foundation)  29/100 [###.......]
    Grant: ? · Access: invitation only
    Why: funds sexual and reproductive health and rights (you: SRHR); in Eastern
        Africa, which includes Uganda
    Watch out: invitation only: approach through your network

Top matches in detail
---------------------

1. Uganda Exact Fund  98/100
   Funds SRHR work in Uganda.
   Why: funded an organisation like yours: Stichting Jong Gezond (2024, €250k);
       funds sexual and reproductive health and rights and youth (you: SRHR and
       youth); in Uganda; grants €100k–€700k fit a €600k need; offers grants;
       applications accepted any time; open to organisations registered anywhere
   Score breakdown: themes 1.00 · regions 1.00 · size 1.00 · forms 1.00 · timing
       0.85 · who may apply 0.92 · past grants 1.00
   https://example.org/ue
   Sources (checked 2026-10): https://example.org/criteria

2. Pipe | Fund <b>  29/100
   Why: funds sexual and reproductive health and rights (you: SRHR); in Eastern
       Africa, which includes Uganda; grant size unknown; forms of funding
       unknown; by invitation only; who may apply is unknown (scored lower); no
       past grants known
   Watch out: invitation only: approach through your network; who may apply is
       unknown: check registration rules; possibly out of date (checked 2023-01)
   Score breakdown: themes 0.50 · regions 0.80 · size 0.00 · forms 0.00 · timing
       0.20 · who may apply 0.59 · past grants 0.20
   Sources (checked 2023-01): https://example.org/criteria

For your partners in Uganda: top 1 of 1 funders they can approach directly.
---------------------------------------------------------------------------
 1. Ugandan Local Fund (foundation)  38/100 [####......]
    Grant: ? · Access: unknown
    Why: funds sexual and reproductive health and rights (you: SRHR); in Uganda

Excluded funders
----------------
Ruled out by a hard rule: 1.
- Ugandan Local Fund: gives only to organisations registered in Uganda; yours is
  registered in Netherlands
"""


def test_plain_whole_output(report: Report, taxonomy: Taxonomy) -> None:
    from fundfinder.render.plain import render_plain

    assert render_plain(report, taxonomy, top=5, show_excluded=True) == EXPECTED_PLAIN
    text = render_plain(report, taxonomy, top=5)
    assert text.endswith("Ruled out by a hard rule: 1 (add --excluded to see why).\n")
    assert all(len(line) <= 80 for line in text.splitlines())


def test_plain_for_pipes_and_files(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from typer.testing import CliRunner

    from fundfinder.cli import app

    env = {"FUNDFINDER_TODAY": "2026-11-26"}
    piped = CliRunner().invoke(app, ["demo", "--top", "3"], env=env).output
    assert piped.startswith("Stichting Voorbeeld\n===================\n")
    assert "╭" not in piped and "\x1b" not in piped
    out = tmp_path / "report.txt"
    assert CliRunner().invoke(app, ["demo", "--output", str(out)], env=env).exit_code == 0
    assert out.read_text().startswith("Stichting Voorbeeld\n")


def test_table_cells_escape_only_what_a_cell_needs() -> None:
    from fundfinder.render.markdown import cell

    assert cell("1. Mama Cash (59); #2") == "1. Mama Cash (59); #2"  # no needless backslashes
    assert escape("1. Mama Cash") == "1\\. Mama Cash"  # at the start of a line it would list
    assert cell("<b>x</b> | y") == "\\<b\\>x\\</b\\> \\| y"  # markup and pipes still inert


class _Many(Sequence[Match]):
    """The matches of a large database: a few in hand, many more counted."""

    def __init__(self, matches: Sequence[Match], count: int) -> None:
        self.matches, self.total = matches, count

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, index: Any) -> Any:
        return self.matches[index]


@pytest.mark.parametrize("lang, total", [("en", "14,164"), ("nl", "14.164")])
def test_counts_of_a_large_database_group_their_thousands(
    report: Report, taxonomy: Taxonomy, lang: str, total: str
) -> None:
    from fundfinder.render.plain import render_plain

    large = report._replace(
        lang=lang, matches=_Many(report.matches, 14_164), partners=_Many(report.partners, 14_164)
    )
    shown = len(report.matches)  # all the report has in hand
    head = f"Top {shown} of" if lang == "en" else f"Top {shown} van"
    for text in (
        render_plain(large, taxonomy, top=5),
        render_markdown(large, taxonomy, top=5),
        _terminal_text(large, taxonomy),
    ):
        flat = " ".join(text.split())
        assert f"{head} {total} " in flat
        assert f"1 {'of' if lang == 'en' else 'van'} {total} " in flat  # the partners' funders
