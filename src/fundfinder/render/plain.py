"""The report as plain text, for pipes, log files and e-mail.

When stdout is not a terminal, `--format terminal` writes this instead of
rich's panels and tables: the same sections in the same order, without
box-drawing characters or escape codes, wrapped at 80 columns, and fast to
produce (rich is not even imported). Every text from data is cleaned of
control characters.
"""

from __future__ import annotations

import textwrap

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

WIDTH = 80


def _wrap(line: str, indent: str = "", hang: str = "    ") -> list[str]:
    return textwrap.wrap(
        clean_text(line),
        WIDTH,
        initial_indent=indent,
        subsequent_indent=indent + hang,
        break_on_hyphens=False,
    ) or [indent]


def _heading(title: str, under: str = "-") -> list[str]:
    title = clean_text(title)
    return [title, under * min(len(title), WIDTH)]


def bar(score: float, width: int = 10) -> str:
    filled = round(score / 100 * width)
    return "#" * filled + "." * (width - filled)


def render_plain(
    report: Report, taxonomy: Taxonomy, top: int = 10, show_excluded: bool = False
) -> str:
    lang = report.lang
    out: list[str] = []
    out += _profile(report, taxonomy)
    if report.diagnosis is not None:
        out += _diagnosis(report, taxonomy)
    out += _ranked(report, taxonomy, top)
    details = report.matches[: min(DETAIL_COUNT, top)]
    if details:
        out += ["", *_heading(ui("details", lang))]
        for m in details:
            out += _detail(m, lang, taxonomy)
    if report.partners:
        view, places = partner_view(report, taxonomy)
        out += _ranked(view, taxonomy, min(top, PARTNERS_SHOWN), places)
    if report.funding_forms:
        out += _forms(report, taxonomy)
    if report.checklist:
        out += _checklist(report)
    out.append("")
    if show_excluded and report.excluded:
        out += _heading(ui("excluded", lang))
        out.append(ui("excluded_count", lang, n=len(report.excluded)))
        for e in report.excluded[:top]:
            out += _wrap(
                f"- {e.funder.name}: " + "; ".join(say(r, lang, taxonomy) for r in e.reasons),
                hang="  ",
            )
        if len(report.excluded) > top:
            out += _wrap(ui("excluded_more", lang, n=len(report.excluded) - top))
    elif report.excluded:
        out.append(ui("excluded_hint", lang, n=len(report.excluded)))
    return "\n".join(out).rstrip() + "\n"


def _profile(report: Report, taxonomy: Taxonomy) -> list[str]:
    out = _heading(report.profile.organisation.name, "=")
    for name, value in profile_rows(report, taxonomy):
        out += _wrap(f"{name}: {value}")
    return out


def _diagnosis(report: Report, taxonomy: Taxonomy) -> list[str]:
    d = report.diagnosis
    assert d is not None
    lang = report.lang
    out = ["", *_heading(ui("diagnosis", lang))]
    for name, value in diagnosis_rows(d, lang):
        out += _wrap(f"{name}: {value}")
    out += _wrap(f"{ui('why_risk', lang)}: {risk_reasons(d, lang, taxonomy)}")
    if d.scenarios:
        out.append(f"{ui('scenarios', lang)}:")
        for s in d.scenarios:
            name, outcome = scenario_line(s, lang)
            out += _wrap(f"{name}: {outcome}", indent="  ")
    return out


def _ranked(report: Report, taxonomy: Taxonomy, top: int, places: str | None = None) -> list[str]:
    lang = report.lang
    shown = report.matches[:top]
    if not shown:
        return ["", ui("no_matches", lang)]
    title = count_line(report, len(shown), places)
    out = ["", *_heading(title)]
    for m in shown:
        f = m.funder
        access = label(ACCESS_LABELS, f.access, lang) if f.access else ui("unknown", lang)
        out += _wrap(
            f"{m.rank:>2}. {f.name} ({label(TYPE_LABELS, f.type, lang)})  {m.score:.0f}/100 [{bar(m.score)}]"
        )
        out += _wrap(f"{ui('col_grant', lang)}: {money_range(f.grant.min_eur, f.grant.max_eur, lang)} · "
                     f"{ui('col_access', lang)}: {access}", indent="    ")  # fmt: skip
        out += _wrap(
            f"{ui('why', lang)}: " + "; ".join(say_all(m.reasons[:2], lang, taxonomy)),
            indent="    ",
        )
        urgent = urgent_flag(m)
        if urgent:
            out += _wrap(f"{ui('watch', lang)}: {say(urgent, lang, taxonomy)}", indent="    ")
    return out


def _detail(m: Match, lang: str, taxonomy: Taxonomy) -> list[str]:
    f = m.funder
    out = ["", *_wrap(f"{m.rank}. {f.name}  {m.score:.0f}/100")]
    summary = f.summary(lang)
    if summary:
        out += _wrap(summary, indent="   ", hang="")
    out += _wrap(
        f"{ui('why', lang)}: " + "; ".join(say_all(m.reasons, lang, taxonomy)), indent="   "
    )
    if m.flags:
        out += _wrap(
            f"{ui('watch', lang)}: " + "; ".join(say_all(m.flags, lang, taxonomy)), indent="   "
        )
    out += _wrap(f"{ui('breakdown', lang)}: " + breakdown(m, lang), indent="   ")
    if f.url:
        out += _wrap(f.url, indent="   ")
    out += _wrap(
        f"{ui('sources', lang)} ({ui('checked', lang, as_of=f.as_of)}): " + ", ".join(f.sources),
        indent="   ",
    )
    return out


def _forms(report: Report, taxonomy: Taxonomy) -> list[str]:
    lang = report.lang
    out = ["", *_heading(ui("forms_title", lang))]
    shown = report.funding_forms[:FORMS_SHOWN]
    for index, advice in enumerate(shown, start=1):
        out += _wrap(
            f"{index:>2}. {text(advice.name, lang)}: {ui('timing_' + advice.timing, lang)}"
        )
        out += _wrap(form_why(advice, lang, taxonomy), indent="    ")
    hidden = len(report.funding_forms) - len(shown)
    if hidden:
        out += _wrap(ui("forms_more", lang, n=hidden))
    return out


def _checklist(report: Report) -> list[str]:
    lang = report.lang
    out = ["", *_heading(ui("checklist", lang))]
    if report.checklist_note is not None:
        out += _wrap(ui("positions_estimated", lang, n=report.checklist_note))
    groups = by_phase(report.checklist)
    for index, (phase, items) in enumerate(groups):
        if index >= 1:
            out += _wrap(checklist_later(groups[index:], lang))
            break
        out.append(label(PHASE_LABELS, phase, lang))
        for item in items:
            basis = text(item.legal_basis, lang)
            owner = label(OWNER_LABELS, item.owner, lang)
            out += _wrap(
                f"[ ] {text(item.title, lang)} ({owner}{'; ' + basis if basis else ''})",
                hang="    ",
            )
            out += _wrap(text(item.why, lang), indent="    ", hang="")
    return out
