"""What the session exports, as text: the markdown report with a shortlist, an
iCalendar file of the shortlist's deadlines, and the profile as YAML.

Pure functions of the report and the shortlist; the session writes the text
with `output.write_text_atomic`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from fundfinder import __version__
from fundfinder.i18n import day, ui
from fundfinder.models import Funder, Report
from fundfinder.render.markdown import cell, render_markdown
from fundfinder.session.store import dump_yaml
from fundfinder.session.texts import t
from fundfinder.taxonomy import Taxonomy


@dataclass(frozen=True)
class Picked:
    """One shortlisted funder as it stands in the current report."""

    funder: Funder
    note: str
    rank: int | None  # None: excluded under the current profile
    score: float | None


def next_deadline(funder: Funder, today: date) -> date | None:
    ahead = sorted(d for d in funder.deadlines if d >= today)
    return ahead[0] if ahead else None


def shortlist_markdown(picked: Sequence[Picked], report: Report) -> list[str]:
    lang = report.lang
    lines = [f"## {t('shortlist', lang)}", "", t("md_shortlist_intro", lang), ""]
    headers = [
        "#",
        t("col_now", lang),
        ui("col_funder", lang),
        ui("col_score", lang),
        t("col_deadline", lang),
        t("col_note", lang),
    ]
    lines.append("| " + " | ".join(headers) + " |")
    lines.append("|---:|---:|---|---:|---|---|")
    for index, p in enumerate(picked, start=1):
        deadline = next_deadline(p.funder, report.today)
        cells = [
            str(index),
            str(p.rank) if p.rank is not None else cell(t("excluded_now", lang)),
            cell(p.funder.name),
            f"{p.score:.0f}" if p.score is not None else "-",
            cell(day(deadline, lang)) if deadline else cell(t("no_deadline", lang)),
            cell(p.note) if p.note else "",
        ]
        lines.append("| " + " | ".join(cells) + " |")
    lines.append("")
    return lines


def markdown_with_shortlist(
    report: Report, taxonomy: Taxonomy, picked: Sequence[Picked], top: int = 10
) -> str:
    """The report with the adviser's shortlist first, right under its title: what a
    board reads before the ranking and the analysis behind it."""
    text = render_markdown(report, taxonomy, top=top)
    if not picked:
        return text
    shortlist = "\n".join(shortlist_markdown(picked, report)).rstrip() + "\n\n"
    first = text.find("\n## ")
    if first < 0:
        return text.rstrip("\n") + "\n\n" + shortlist
    return text[: first + 1] + shortlist + text[first + 1 :]


# -- iCalendar (RFC 5545), written with the icalendar library ---------------------------
REMINDER_DAYS = 14  # each deadline's reminder: two weeks ahead


def ics_events(picked: Sequence[Picked], today: date) -> list[tuple[Picked, date, bool]]:
    """Every deadline ahead: stated ones, dated calls, and the next of each recurring call
    (estimated)."""
    from fundfinder.rank.scoring import next_deadline

    events: list[tuple[Picked, date, bool]] = []
    for p in picked:
        seen: set[date] = set()
        stated = [d for d in p.funder.deadlines if d >= today]
        for call in p.funder.calls:
            if call.recurs == "once" and call.closes and date.fromisoformat(call.closes) >= today:
                stated.append(date.fromisoformat(call.closes))
        for d in sorted(set(stated)):
            events.append((p, d, False))
            seen.add(d)
        for call in p.funder.calls:
            if call.recurs == "once" or call.closes is None:
                continue
            one = p.funder._replace(deadlines=(), calls=(call,))
            upcoming = next_deadline(one, today)
            if upcoming is not None and upcoming[0] not in seen:
                events.append((p, upcoming[0], True))
                seen.add(upcoming[0])
    return sorted(events, key=lambda e: (e[1], e[0].funder.name.casefold(), e[0].funder.id))


def shortlist_ics(picked: Sequence[Picked], today: date, lang: str) -> str:
    """A calendar with one all-day event per known deadline ahead, each with a reminder two
    weeks before (escaping, folding and CRLF line ends by the icalendar library)."""
    from datetime import datetime, timezone

    from icalendar import Alarm, Calendar, Event

    cal = Calendar()
    cal.add("prodid", f"-//fundfinder//session {__version__}//{'NL' if lang == 'nl' else 'EN'}")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    stamp = datetime(today.year, today.month, today.day, tzinfo=timezone.utc)
    for p, deadline, estimated in ics_events(picked, today):
        f = p.funder
        summary = t("ics_summary_est" if estimated else "ics_summary", lang, name=f.name)
        description = [t("ics_estimated" if estimated else "ics_checked", lang, as_of=f.as_of)]
        if p.note:
            description.insert(0, t("ics_note", lang, note=p.note))
        if f.url:
            description.append(f.url)
        event = Event()
        event.add("uid", f"{f.id}-{deadline:%Y%m%d}@fundfinder")
        event.add("dtstamp", stamp)
        event.add("dtstart", deadline)
        event.add("dtend", deadline + timedelta(days=1))
        event.add("summary", summary)
        event.add("description", "\n".join(description))
        if f.url:
            event.add("url", f.url)
        event.add("transp", "TRANSPARENT")
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", t("ics_reminder", lang, name=f.name, date=day(deadline, lang)))
        alarm.add("trigger", timedelta(days=-REMINDER_DAYS))
        event.add_component(alarm)
        cal.add_component(event)
    return str(cal.to_ical().decode("utf-8"))


def profile_yaml(profile: dict[str, Any]) -> str:
    header = "# Organisation profile written by `fundfinder session`; run `fundfinder match FILE`\n"
    return header + dump_yaml(profile)
