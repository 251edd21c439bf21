"""The association's summary of a batch run, as markdown and as JSON data."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from fundfinder import __version__
from fundfinder.advise.batch import Summary
from fundfinder.i18n import ACCESS_LABELS, RISK_LABELS, label, money, money_range, ui
from fundfinder.render.markdown import cell, escape, link


def render_summary_markdown(summary: Summary, lang: str, generated: str) -> str:
    out = [f"# {ui('batch_title', lang)}", ""]
    out.append(
        ui(
            "batch_intro",
            lang,
            n=len(summary.outcomes),
            ok=len(summary.succeeded),
            failed=len(summary.failed),
            date=generated,
            version=__version__,
        )
    )
    out.append("")
    out += [f"## {ui('batch_members', lang)}", ""]
    out.append(
        "| " + " | ".join(ui(k, lang) for k in ("batch_col_member", "batch_col_file", "risk",
                                                "batch_col_runway", "batch_col_gap",
                                                "batch_col_top")) + " |"
    )  # fmt: skip
    out.append("|---|---|---|---:|---:|---|")
    for outcome in summary.succeeded:
        report = outcome.report
        assert report is not None
        d = report.diagnosis
        risk = label(RISK_LABELS, d.risk, lang) if d else "-"
        runway = f"{d.runway_months:.1f}" if d and d.runway_months is not None else "-"
        if lang == "nl":
            runway = runway.replace(".", ",")
        gap = money(d.yearly_gap, lang) if d else "-"
        top = "; ".join(f"{m.rank}. {m.funder.name} ({m.score:.0f})" for m in report.matches[:3])
        cells = [cell(c) for c in (outcome.file, risk, runway, gap, top)]
        member = escape(report.profile.organisation.name)
        if outcome.report_file:  # the member's own report, beside this summary
            member = f"[{member}](<{quote(outcome.report_file)}>)"
        out.append("| " + " | ".join([member, *cells]) + " |")
    out.append("")
    out += [f"## {ui('batch_contested', lang)}", ""]
    out.append(ui("batch_contested_intro", lang, top=summary.top, minimum=summary.minimum))
    out.append("")
    if not summary.contested:
        out += [ui("batch_none_contested", lang), ""]
    else:
        out.append(
            "| " + " | ".join(ui(k, lang) for k in ("col_funder", "batch_col_count", "col_grant",
                                                    "batch_col_needs", "col_access",
                                                    "batch_col_members")) + " |"
        )  # fmt: skip
        out.append("|---|---:|---|---:|---|---|")
        for c in summary.contested:
            f = c.funder
            members = "; ".join(f"{m} (#{r})" for m, r in zip(c.members, c.ranks, strict=True))
            cells = [
                link(f.name, f.url),
                str(len(c.members)),
                cell(money_range(f.grant.min_eur, f.grant.max_eur, lang)),
                cell(money(c.total_need_eur, lang) if c.total_need_eur else "-"),
                cell(label(ACCESS_LABELS, f.access, lang) if f.access else ui("unknown", lang)),
                cell(members),
            ]
            out.append("| " + " | ".join(cells) + " |")
        out.append("")
    if summary.failed:
        out += [f"## {ui('batch_failed', lang)}", ""]
        for outcome in summary.failed:
            first = (outcome.error or "").splitlines()
            out.append(
                f"- **{escape(outcome.file)}**: {escape(' '.join(s.strip() for s in first))}"
            )
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def summary_to_dict(summary: Summary) -> dict[str, Any]:
    members: list[dict[str, Any]] = []
    for outcome in summary.outcomes:
        if outcome.report is None:
            members.append({"file": outcome.file, "error": outcome.error})
            continue
        report = outcome.report
        d = report.diagnosis
        members.append(
            {
                "file": outcome.file,
                "name": report.profile.organisation.name,
                "risk": d.risk if d else None,
                "runway_months": None
                if not d or d.runway_months is None
                else round(d.runway_months, 1),
                "yearly_gap_eur": d.yearly_gap if d else None,
                "top": [
                    {"rank": m.rank, "id": m.funder.id, "score": m.score}
                    for m in report.matches[:5]
                ],
            }
        )
    return {
        "members": members,
        "contested": [
            {
                "id": c.funder.id,
                "name": c.funder.name,
                "members": list(c.members),
                "ranks": list(c.ranks),
                "grant": {"min_eur": c.funder.grant.min_eur, "max_eur": c.funder.grant.max_eur},
                "total_need_eur": c.total_need_eur,
                "access": c.funder.access,
            }
            for c in summary.contested
        ],
        "failed": [o.file for o in summary.failed],
    }
