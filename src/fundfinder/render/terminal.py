"""The report for a terminal: rich renderables, with every data text escaped.

Text from profiles and the database is wrapped in `rich.text.Text` (never
parsed as markup) after control characters are stripped, so a funder called
`[bold]X` or carrying an ESC sequence shows up literally.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from fundfinder.i18n import (
    ACCESS_LABELS,
    OWNER_LABELS,
    PHASE_LABELS,
    TYPE_LABELS,
    label,
    money_range,
    partner_view,
    say,
    say_all,
    ui,
)
from fundfinder.load.fields import clean_text
from fundfinder.models import Match, Report
from fundfinder.render.common import (
    DETAIL_COUNT,
    FORMS_SHOWN,
    PARTNERS_SHOWN,
    breakdown,
    by_phase,
    checklist_later,
    count_line,
    diagnosis_rows,
    form_why,
    profile_rows,
    risk_reasons,
    scenario_line,
    text,
    urgent_flag,
)
from fundfinder.taxonomy import Taxonomy

BAR_WIDTH = 10


def plain(text: object) -> Text:
    """Data text, shown literally."""
    return Text(clean_text(str(text)))


def score_bar(score: float, width: int = BAR_WIDTH) -> Text:
    filled = round(score / 100 * width)
    bar = Text()
    bar.append("█" * filled, style="green" if score >= 60 else "yellow" if score >= 40 else "red")
    bar.append("░" * (width - filled), style="dim")
    bar.append(f" {score:>3.0f}")
    return bar


def render_terminal(
    report: Report,
    taxonomy: Taxonomy,
    top: int = 10,
    show_excluded: bool = False,
    details: int = DETAIL_COUNT,
) -> list[RenderableType]:
    parts: list[RenderableType] = [profile_panel(report, taxonomy)]
    if report.diagnosis is not None:
        parts.append(diagnosis_panel(report, taxonomy))
    parts.append(ranked_table(report, taxonomy, top))
    for match in report.matches[: min(details, top)]:
        parts.append(detail_panel(match, report.lang, taxonomy))
    if report.partners:
        view, places = partner_view(report, taxonomy)
        parts.append(ranked_table(view, taxonomy, min(top, PARTNERS_SHOWN), places))
    if report.funding_forms:
        parts.append(forms_table(report, taxonomy, limit=FORMS_SHOWN))
    if report.checklist:
        parts.append(checklist_panel(report, phases=1))
    if show_excluded and report.excluded:
        parts.append(excluded_table(report, taxonomy, top))
    elif report.excluded:
        parts.append(Text(ui("excluded_hint", report.lang, n=len(report.excluded)), style="dim"))
    return parts


def profile_panel(report: Report, taxonomy: Taxonomy, full: bool = False) -> Panel:
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold")
    grid.add_column()
    for name, value in profile_rows(report, taxonomy, full):
        grid.add_row(name, plain(value))
    return Panel(grid, title=plain(report.profile.organisation.name), title_align="left")


def ranked_table(
    report: Report, taxonomy: Taxonomy, top: int, places: str | None = None
) -> RenderableType:
    """The ranked matches; with `places`, the partners' funders (report from `partner_view`)."""
    lang = report.lang
    shown = report.matches[:top]
    if not shown:
        return Text(ui("no_matches", lang))
    title = count_line(report, len(shown), places)
    table = Table(
        title=title,
        title_justify="left",
        expand=False,
    )
    table.add_column(ui("col_rank", lang), justify="right", no_wrap=True)
    table.add_column(ui("col_funder", lang), ratio=3)
    table.add_column(ui("col_score", lang), no_wrap=True)
    table.add_column(ui("col_grant", lang), no_wrap=True)
    table.add_column(ui("col_why", lang), ratio=4)
    for m in shown:
        f = m.funder
        name = plain(f.name)
        name.append("\n" + label(TYPE_LABELS, f.type, lang), style="dim")
        access = label(ACCESS_LABELS, f.access, lang) if f.access else ui("unknown", lang)
        grant = plain(money_range(f.grant.min_eur, f.grant.max_eur, lang))
        grant.append("\n" + access, style="dim")
        why = plain("; ".join(say_all(m.reasons[:2], lang, taxonomy)))
        urgent = urgent_flag(m)
        if urgent:
            why.append("\n" + say(urgent, lang, taxonomy), style="yellow")
        table.add_row(str(m.rank), name, score_bar(m.score), grant, why)
    return ByWidth(table, lambda: _ranked_list(shown, title, lang, taxonomy), NARROW_BELOW)


NARROW_BELOW = 72  # columns: below this the ranked table becomes a list


class ByWidth:
    """One renderable on a wide terminal, another (made only then) on a narrow one."""

    def __init__(
        self, wide: RenderableType, narrow: Callable[[], RenderableType], min_width: int
    ) -> None:
        self.wide, self.narrow, self.min_width = wide, narrow, min_width

    def __rich_console__(self, console: Any, options: Any) -> Any:
        yield self.wide if options.max_width >= self.min_width else self.narrow()


def _ranked_list(
    shown: Sequence[Match], title: str, lang: str, taxonomy: Taxonomy
) -> RenderableType:
    """The ranked matches as a numbered list, for a narrow terminal."""
    parts: list[RenderableType] = [Text(title, style="bold")]
    for m in shown:
        f = m.funder
        head = Text(f"{m.rank:>2}. ")
        head.append(plain(f.name))
        head.append(f"  {m.score:.0f}/100", style="bold")
        access = label(ACCESS_LABELS, f.access, lang) if f.access else ui("unknown", lang)
        facts = " · ".join(
            (
                label(TYPE_LABELS, f.type, lang),
                money_range(f.grant.min_eur, f.grant.max_eur, lang),
                access,
            )
        )
        why = "; ".join(say_all(m.reasons[:2], lang, taxonomy))
        body = Text(facts, style="dim")
        body.append("\n")
        body.append(plain(why))
        urgent = urgent_flag(m)
        if urgent:
            body.append("\n" + say(urgent, lang, taxonomy), style="yellow")
        parts += [head, Padding(body, (0, 0, 0, 4))]
    return Group(*parts)


def detail_panel(m: Match, lang: str, taxonomy: Taxonomy) -> Panel:
    f = m.funder
    body = Text()
    summary = f.summary(lang)
    if summary:
        body.append(clean_text(summary) + "\n\n")
    body.append(ui("why", lang) + ": ", style="bold")
    body.append(clean_text("; ".join(say_all(m.reasons, lang, taxonomy))) + "\n")
    if m.flags:
        body.append(ui("watch", lang) + ": ", style="bold yellow")
        body.append(clean_text("; ".join(say_all(m.flags, lang, taxonomy))) + "\n")
    body.append(ui("breakdown", lang) + ": ", style="bold")
    body.append(breakdown(m, lang) + "\n")
    if f.url:
        body.append(clean_text(f.url) + "\n", style="cyan")
    body.append(ui("sources", lang) + f" ({ui('checked', lang, as_of=f.as_of)}): ", style="bold")
    body.append(clean_text(", ".join(f.sources)))
    title = plain(f"{m.rank}. {f.name}")
    title.append(f"  {m.score:.0f}/100", style="bold")
    return Panel(body, title=title, title_align="left")


def excluded_table(report: Report, taxonomy: Taxonomy, top: int | None = None) -> Group:
    lang = report.lang
    shown = report.excluded if top is None else report.excluded[:top]
    table = Table(title=ui("excluded_count", lang, n=len(report.excluded)), title_justify="left")
    table.add_column(ui("col_funder", lang), ratio=2)
    table.add_column(ui("col_reason", lang), ratio=5)
    for e in shown:
        table.add_row(
            plain(e.funder.name), plain("; ".join(say(r, lang, taxonomy) for r in e.reasons))
        )
    rest = len(report.excluded) - len(shown)
    if rest > 0:
        return Group(table, Text(ui("excluded_more", lang, n=rest), style="dim"))
    return Group(table)


def diagnosis_panel(report: Report, taxonomy: Taxonomy) -> Panel:
    d = report.diagnosis
    assert d is not None
    lang = report.lang
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold")
    grid.add_column()
    for name, value in diagnosis_rows(d, lang):
        grid.add_row(name, plain(value))
    grid.add_row(ui("why_risk", lang), plain(risk_reasons(d, lang, taxonomy)))
    for s in d.scenarios:
        name, outcome = scenario_line(s, lang)
        grid.add_row(plain(name), plain(outcome))
    style = {"critical": "red", "high": "red", "medium": "yellow"}.get(d.risk, "green")
    return Panel(grid, title=ui("diagnosis", lang), title_align="left", border_style=style)


def forms_table(report: Report, taxonomy: Taxonomy, limit: int | None = None) -> Table:
    lang = report.lang
    shown = report.funding_forms[:limit] if limit else report.funding_forms
    hidden = len(report.funding_forms) - len(shown)
    caption = ui("forms_more", lang, n=hidden) if hidden else None
    table = Table(
        title=ui("forms_title", lang), title_justify="left", caption=caption, caption_justify="left"
    )
    table.add_column("#", justify="right")
    table.add_column(ui("col_form", lang), ratio=2)
    table.add_column(ui("col_timing", lang), no_wrap=True)
    table.add_column(ui("col_why", lang), ratio=5)
    for index, advice in enumerate(shown, start=1):
        timing = Text(ui("timing_" + advice.timing, lang))
        if advice.timing == "too_late":
            timing.stylize("red")
        table.add_row(str(index), plain(text(advice.name, lang)), timing,
                      plain(form_why(advice, lang, taxonomy)))  # fmt: skip
    return table


def checklist_panel(report: Report, phases: int | None = None) -> Panel:
    """The checklist by phase; with `phases`, only the first ones in full and a count of the rest."""
    lang = report.lang
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column()
    if report.checklist_note is not None:
        grid.add_row(
            "", Text(ui("positions_estimated", lang, n=report.checklist_note), style="dim")
        )
        grid.add_row("", "")
    groups = by_phase(report.checklist)
    for index, (phase, items) in enumerate(groups):
        if phases is not None and index >= phases:
            grid.add_row("", Text(checklist_later(groups[index:], lang), style="italic"))
            break
        grid.add_row("", Text(label(PHASE_LABELS, phase, lang), style="bold"))
        for item in items:
            owner = label(OWNER_LABELS, item.owner, lang)
            basis = text(item.legal_basis, lang)
            body = Text(clean_text(text(item.title, lang)), style="bold")
            body.append(clean_text(f" ({owner}{'; ' + basis if basis else ''})"), style="")
            body.append("\n" + clean_text(text(item.why, lang)), style="dim")
            grid.add_row(Text("[ ]"), body)
    return Panel(grid, title=ui("checklist", lang), title_align="left")
