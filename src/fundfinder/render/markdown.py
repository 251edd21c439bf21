"""The report as GitHub-flavoured markdown, for boards and hand-overs.

Every piece of text from a profile or the database is escaped, so a funder
name cannot break the table, start a heading, inject HTML or forge a link;
only http(s) addresses become links.
"""

from __future__ import annotations

import re

from fundfinder import __version__
from fundfinder.i18n import (
    ACCESS_LABELS,
    ORG_TYPE_LABELS,
    OWNER_LABELS,
    PHASE_LABELS,
    TYPE_LABELS,
    join,
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
    DOCUMENT_DETAIL_COUNT,
    PARTNERS_SHOWN,
    breakdown,
    by_phase,
    count_line,
    diagnosis_rows,
    form_why,
    profile_rows,
    risk_reasons,
    scenario_line,
    text,
)
from fundfinder.taxonomy import Taxonomy

# Characters that start markup anywhere in a line; ( ) ! { } and & are left alone (inert
# once [ ] are escaped and no entity can form), so a board reads "Grond & Gelijkheid (€1,5 mln)".
_SPECIAL = re.compile(r"([\\`*_\[\]|<>~])")
_LINE_START = re.compile(r"^(#{1,6}|[+\-=])(?=\s|$)")
_LIST_NUMBER = re.compile(r"^(\d+)([.)])(?=\s|$)")
_ENTITY = re.compile(r"&(?=[A-Za-z][A-Za-z0-9]*;|#[0-9]+;|#[xX][0-9A-Fa-f]+;)")
_AUTOLINK = re.compile(r"(?i)\b(?:https?://|www\.)[^\s<>]+")
_SAFE_URL = re.compile(r"^https?://[^\s<>()\[\]\"']+$", re.I)


def cell(text: str) -> str:
    """`escape` for a table cell: what starts a heading or a list only does so at the start of
    a line, so '#2' and '1.' stay as they are."""
    return escape(text, line_start=False)


def escape(text: str, line_start: bool = True) -> str:
    """Make arbitrary text inert in markdown (and in a table cell), escaping no more than needed.

    Raw HTML, links, emphasis, table pipes and entities are neutralised; an address in
    the text becomes a code span, so that no renderer turns data into a live link.
    """
    flat = " ".join(clean_text(str(text)).split())
    pieces: list[str] = []
    last = 0
    for found in _AUTOLINK.finditer(flat):
        pieces.append(_inert(flat[last : found.start()]))
        pieces.append(_code(found.group(0)))
        last = found.end()
    pieces.append(_inert(flat[last:]))
    out = "".join(pieces)
    if not line_start:
        return out
    out = _LINE_START.sub(r"\\\1", out)
    return _LIST_NUMBER.sub(r"\1\\\2", out)


def _inert(text: str) -> str:
    return _SPECIAL.sub(r"\\\1", _ENTITY.sub("&amp;", text))


def _code(text: str) -> str:
    """A code span that no backtick or pipe inside can break."""
    safe = text.replace("`", "'").replace("|", "%7C")
    return f"`{safe}`"


def fence(text: str, info: str = "") -> str:
    """`text` as a fenced code block that no run of backticks inside can close early."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    marks = "`" * max(3, longest + 1)
    body = text if text.endswith("\n") else text + "\n"
    return f"{marks}{info}\n{body}{marks}"


def link(text: str, url: str | None) -> str:
    if url and _SAFE_URL.match(url):
        if text == url:
            return f"<{url}>"  # an address as its own text: a plain autolink
        return f"[{escape(text)}](<{url}>)"
    return escape(text)


def render_markdown(
    report: Report, taxonomy: Taxonomy, top: int = 10, show_excluded: bool = True
) -> str:
    lang = report.lang
    out: list[str] = []
    profile = report.profile
    org = profile.organisation
    out.append(f"# {escape(ui('title', lang, name=org.name))}")
    out.append("")
    out.append(
        ui(
            "generated",
            lang,
            date=report.today.isoformat(),
            version=__version__,
            funders=report.database.funders,
            oldest=report.database.oldest_as_of or "-",
        )
    )
    out.append("")
    out += _profile_section(report, taxonomy)
    out += _diagnosis_section(report, taxonomy)
    out += _ranked_section(report, taxonomy, top)
    out += _detail_section(report, taxonomy, min(top, DOCUMENT_DETAIL_COUNT))
    if report.partners:
        view, places = partner_view(report, taxonomy)
        out += _ranked_section(view, taxonomy, min(top, PARTNERS_SHOWN), places)
    out += _forms_section(report, taxonomy)
    out += _checklist_section(report)
    if show_excluded and report.excluded:
        out += _excluded_section(report, taxonomy, top)
    return "\n".join(out).rstrip() + "\n"


def _profile_section(report: Report, taxonomy: Taxonomy) -> list[str]:
    lines = [f"## {ui('profile', report.lang)}", ""]
    lines += [f"- **{name}:** {escape(value)}" for name, value in profile_rows(report, taxonomy)]
    lines.append("")
    return lines


def _ranked_section(
    report: Report, taxonomy: Taxonomy, top: int, places: str | None = None
) -> list[str]:
    lang = report.lang
    lines = [f"## {ui('ranked' if places is None else 'partners', lang)}", ""]
    shown = report.matches[:top]
    if not shown:
        return [*lines, ui("no_matches", lang), ""]
    count = count_line(report, len(shown), places)
    lines.append(escape(count))
    lines.append("")
    headers = [ui(k, lang) for k in ("col_rank", "col_funder", "col_type", "col_score",
                                     "col_grant", "col_access", "col_why")]  # fmt: skip
    lines.append("| " + " | ".join(headers) + " |")
    lines.append("|" + "|".join(["---:", "---", "---", "---:", "---", "---", "---"]) + "|")
    for m in shown:
        f = m.funder
        cells = [
            str(m.rank),
            link(f.name, f.url),
            cell(label(TYPE_LABELS, f.type, lang)),
            f"{m.score:.0f}",
            cell(money_range(f.grant.min_eur, f.grant.max_eur, lang)),
            cell(label(ACCESS_LABELS, f.access, lang) if f.access else ui("unknown", lang)),
            cell("; ".join(say_all(m.reasons[:2], lang, taxonomy))),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    lines.append("")
    return lines


def _detail_section(report: Report, taxonomy: Taxonomy, count: int) -> list[str]:
    lang = report.lang
    if count <= 0 or not report.matches:
        return []
    lines = [f"## {ui('details', lang)}", ""]
    for m in report.matches[:count]:
        lines += _detail(m, report, taxonomy)
    return lines


def _detail(m: Match, report: Report, taxonomy: Taxonomy) -> list[str]:
    lang = report.lang
    f = m.funder
    lines = [f"### {m.rank}. {escape(f.name)} ({m.score:.0f}/100)", ""]
    summary = f.summary(lang)
    if summary:
        lines += [escape(summary), ""]
    lines.append(
        f"- **{ui('why', lang)}:** " + escape("; ".join(say_all(m.reasons, lang, taxonomy)))
    )
    if m.flags:
        lines.append(
            f"- **{ui('watch', lang)}:** " + escape("; ".join(say_all(m.flags, lang, taxonomy)))
        )
    lines.append(f"- **{ui('breakdown', lang)}:** " + escape(breakdown(m, lang)))
    elig = _eligibility_text(m, lang, taxonomy)
    if elig:
        lines.append(f"- **{ui('eligibility', lang)}:** " + escape(elig))
    sources = ", ".join(link(s, s) for s in f.sources)
    lines.append(
        f"- **{ui('sources', lang)}** ({escape(ui('checked', lang, as_of=f.as_of))}): {sources}"
    )
    lines.append("")
    return lines


def _eligibility_text(m: Match, lang: str, taxonomy: Taxonomy) -> str:
    e = m.funder.eligibility
    parts = []
    if e.registered_in and "any" in e.registered_in:
        parts.append(ui("applicants_anywhere", lang))
    elif e.registered_in:
        places = join([taxonomy.place_label(p, lang) for p in e.registered_in], lang)
        parts.append(ui("applicants_from", lang, places=places))
    if e.org_types:
        parts.append(
            ui(
                "org_types_only",
                lang,
                types=join([label(ORG_TYPE_LABELS, t, lang) for t in e.org_types], lang),
            )
        )
    if e.budget_min_eur is not None or e.budget_max_eur is not None:
        parts.append(
            ui("budget_bounds", lang, range=money_range(e.budget_min_eur, e.budget_max_eur, lang))
        )
    if lang == "nl" and e.notes_nl:
        parts.append(e.notes_nl)
    elif e.notes and lang == "en":
        parts.append(e.notes)
    elif e.notes:  # no Dutch text yet: point to the English one, do not mix languages
        parts.append(ui("notes_in_english", lang, id=m.funder.id))
    return "; ".join(parts)


def _excluded_section(report: Report, taxonomy: Taxonomy, top: int) -> list[str]:
    lang = report.lang
    lines = [
        f"## {ui('excluded', lang)}",
        "",
        ui("excluded_count", lang, n=len(report.excluded)),
        "",
    ]
    lines.append(f"| {ui('col_funder', lang)} | {ui('col_reason', lang)} |")
    lines.append("|---|---|")
    for e in report.excluded[:top]:
        why = "; ".join(say(r, lang, taxonomy) for r in e.reasons)
        lines.append(f"| {cell(e.funder.name)} | {cell(why)} |")
    lines.append("")
    rest = len(report.excluded) - top
    if rest > 0:
        lines += [ui("excluded_more", lang, n=rest), ""]
    return lines


def _diagnosis_section(report: Report, taxonomy: Taxonomy) -> list[str]:
    d = report.diagnosis
    if d is None:
        return []
    lang = report.lang
    lines = [f"## {ui('diagnosis', lang)}", ""]
    lines += [f"- **{name}:** {escape(value)}" for name, value in diagnosis_rows(d, lang)]
    lines.append(f"- **{ui('why_risk', lang)}:** {escape(risk_reasons(d, lang, taxonomy))}")
    lines.append("")
    if d.scenarios:
        lines += [f"### {ui('scenarios', lang)}", ""]
        for s in d.scenarios:
            name, outcome = scenario_line(s, lang)
            lines.append(f"- {escape(name)}: {escape(outcome)}")
        lines.append("")
    return lines


def _forms_section(report: Report, taxonomy: Taxonomy) -> list[str]:
    if not report.funding_forms:
        return []
    lang = report.lang
    lines = [f"## {ui('forms_title', lang)}", ""]
    lines.append(
        f"| # | {ui('col_form', lang)} | {ui('col_timing', lang)} | {ui('col_why', lang)} |"
    )
    lines.append("|---:|---|---|---|")
    for index, advice in enumerate(report.funding_forms, start=1):
        cells = [
            str(index),
            cell(text(advice.name, lang)),
            cell(ui("timing_" + advice.timing, lang)),
            cell(form_why(advice, lang, taxonomy)),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    lines.append("")
    return lines


def _checklist_section(report: Report) -> list[str]:
    if not report.checklist:
        return []
    lang = report.lang
    lines = [f"## {ui('checklist', lang)}", ""]
    if report.diagnosis is not None and report.checklist_note is not None:
        lines += [escape(ui("positions_estimated", lang, n=report.checklist_note)), ""]
    for phase, items in by_phase(report.checklist):
        lines += [f"### {label(PHASE_LABELS, phase, lang)}", ""]
        for item in items:
            extra = f"{ui('owner', lang)}: {label(OWNER_LABELS, item.owner, lang)}"
            basis = text(item.legal_basis, lang)
            if basis:
                extra += f"; {ui('legal_basis', lang)}: {basis}"
            sources = ", ".join(link(src, src) for src in item.sources)
            lines.append(
                f"- [ ] **{escape(text(item.title, lang))}**: {escape(text(item.why, lang))} "
                f"({escape(extra)}){' ' + sources if sources else ''}"
            )
        lines.append("")
    return lines
