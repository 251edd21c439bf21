"""Sub-commands for browsing and curating the data: funders, db and profile."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from fundfinder.cli.commands import (
    DbOpt,
    ForceOpt,
    Format,
    LangOpt,
    OutputOpt,
    boundary,
    db_app,
    emit_renderables,
    emit_text,
    funders_app,
    overlay_paths,
    profile_app,
    say,
    stdout_console,
    today,
)
from fundfinder.errors import FundfinderError
from fundfinder.messages import msg, table

if TYPE_CHECKING:
    from fundfinder.load.catalog import Catalog
    from fundfinder.models import Funder

ListFormatOpt = Annotated[
    Format, typer.Option("--format", "-f", help="terminal, markdown or json.")
]

DATA = table(
    "data",
    {
        "unknown_theme": "--theme: unknown theme '{text}'; closest: {names}",
        "no_funder": (
            "no funder with id or name '{text}'{hint}; "
            "`fundfinder funders search TEXT` finds one by name"
        ),
        "database_problems": (
            "{n} problem in the database (see above)",
            "{n} problems in the database (see above)",
        ),
        "n_funders": ("{n} funder", "{n} funders"),
        "search_none": "No funder's name or alias is like '{text}'; try fewer or other words.",
        "search_title": "Funders like '{text}'",
        "stale_note": (
            "note: {n} entry was checked more than 18 months ago (`fundfinder db stats` lists it)",
            "note: {n} entries were checked more than 18 months ago "
            "(`fundfinder db stats` lists them)",
        ),
        "ok_funders": ("OK: {n} funder in {files}", "OK: {n} funders in {files}"),
        "ok_data_files": (
            "OK: taxonomy, regions, lexicon, named places, districts, funding forms and checklist"
            " in {folder}"
        ),
        "ok_grants": (
            "OK: {n} past grant from {givers} funders to {takers} recipients in {folder}",
            "OK: {n} past grants from {givers} funders to {takers} recipients in {folder}",
        ),
        "stats_head": ("{n} funder in {files}", "{n} funders in {files}"),
        "by_type": "By type",
        "by_theme": "By theme",
        "by_continent": "By continent (funders working there; + global)",
        "by_base_country": "By base country",
        "by_access": "By access",
        "completeness": "Completeness (entries that know it)",
        "stale_head": (
            "{n} entry checked more than 18 months ago",
            "{n} entries checked more than 18 months ago",
        ),
        "template_written": "Wrote {path}; fill it in and run `fundfinder match {path}`.",
        "data_file_problems": (
            "{n} problem in the curated data files:",
            "{n} problems in the curated data files:",
        ),
    },
)


def _list_cells(f: Funder) -> list[str]:
    """One funder's row in `funders list`: id, name, type, base, themes, access, checked."""
    return [f.id, f.name, f.type, f.based_in, ", ".join(f.themes), f.access or "?", f.as_of]


def _catalog(db: list[Path] | None) -> Catalog:
    from fundfinder.load.catalog import load_catalog

    return load_catalog(overlay_paths(db))


@funders_app.command("list")
@boundary
def funders_list(
    fmt: ListFormatOpt = Format.terminal,
    output: OutputOpt = None,
    force: ForceOpt = False,
    db: DbOpt = None,
    type_: Annotated[str | None, typer.Option("--type", help="Only this funder type.")] = None,
    theme: Annotated[
        str | None, typer.Option("--theme", help="Only funders of this theme (id or words).")
    ] = None,
) -> None:
    """List every funder (after merging overlays)."""
    from rich.table import Table
    from rich.text import Text

    from fundfinder.load.schema import as_plain
    from fundfinder.render.markdown import escape
    from fundfinder.taxonomy import load_taxonomy

    funders = list(_catalog(db).funders)
    if type_:
        funders = [f for f in funders if f.type == type_]
    if theme:
        hit = load_taxonomy().resolve_theme(theme)
        if not hit.id:
            raise FundfinderError(
                msg("data.unknown_theme", text=theme, names=", ".join(hit.suggestions))
            )
        funders = [f for f in funders if hit.id in f.themes]
    funders.sort(key=lambda f: (f.name.casefold(), f.id))
    if fmt is Format.json:
        emit_text(json.dumps(as_plain(funders), ensure_ascii=False, indent=2) + "\n", output, force)
        return
    if fmt is Format.markdown:
        lines = [
            "| id | name | type | based in | themes | access | checked |",
            "|---|---|---|---|---|---|---|",
        ]
        for f in funders:
            lines.append("| " + " | ".join(escape(c) for c in _list_cells(f)) + " |")
        emit_text("\n".join(lines) + "\n", output, force)
        return
    table = Table(title=DATA.fill("n_funders", "en", len(funders)), title_justify="left")
    for col in ("id", "name", "type", "based in", "themes", "access", "checked"):
        table.add_column(col)
    for f in funders:
        table.add_row(*(Text(v) for v in _list_cells(f)))
    emit_renderables([table], output, force)


@funders_app.command("show")
@boundary
def funders_show(
    funder_id: Annotated[
        str, typer.Argument(help="The funder's id, name or alias (see `funders list`).")
    ],
    fmt: ListFormatOpt = Format.terminal,
    db: DbOpt = None,
    lang: LangOpt = None,
) -> None:
    """Everything the database says about one funder, with its sources."""
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    from fundfinder.load.fields import did_you_mean
    from fundfinder.load.schema import funder_to_dict

    catalog = _catalog(db)
    funder = catalog.get(funder_id) or _by_name(catalog.funders, funder_id)
    if funder is None:
        hint = did_you_mean(funder_id, [f.id for f in catalog.funders])
        raise FundfinderError(msg("data.no_funder", text=funder_id, hint=hint))
    from fundfinder.render.json_out import grant_to_dict

    data = funder_to_dict(funder)
    grants = sorted(catalog.history.of_funder(funder.id), key=lambda g: (-g.year, g.recipient.name))
    if fmt is Format.json:
        data["history"] = [grant_to_dict(g) for g in grants]
        say(json.dumps(data, ensure_ascii=False, indent=2))
        return
    from fundfinder.i18n import ui
    from fundfinder.render.common import funder_rows
    from fundfinder.taxonomy import load_taxonomy

    language = lang.value if lang else "en"
    rows = funder_rows(funder, load_taxonomy(), language)
    summary = funder.summary(language)
    known = [_grant_line(g) for g in grants]
    heading = f"{ui('card_grants', language)} ({len(known)})"
    if fmt is Format.markdown:
        from fundfinder.render.markdown import escape, link

        lines = [f"## {escape(funder.name)} (`{funder.id}`)", ""]
        if summary:
            lines += [escape(summary), ""]
        for name, value in rows:
            if isinstance(value, tuple):  # web addresses: each its own link (or inert text)
                value_md = ", ".join(link(url, url) for url in value)
            else:
                value_md = escape(value)
            lines.append(f"- **{name}:** {value_md}")
        if known:
            lines += ["", f"### {heading}", ""]
            lines += [f"- {escape(line)}" for line in known]
        say("\n".join(lines))
        return
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column()
    for name, value in rows:
        grid.add_row(name, Text(", ".join(value) if isinstance(value, tuple) else value))
    parts: list[Any] = []
    if summary:
        parts.append(Text(summary + "\n"))
    parts.append(grid)
    if known:
        parts.append(Text(f"\n{heading}", style="bold"))
        parts += [Text(f"  {line}") for line in known]
    from rich.console import Group

    title = Text(f"{funder.name} ({funder.id})", style="bold")
    stdout_console().print(Panel(Group(*parts), title=title, title_align="left"))


def reading_lines(p: Any, taxonomy: Any, lang: str = "en") -> list[str]:
    """How each theme phrase and place of a profile was read, with confidences."""
    from fundfinder.i18n import decimal, ui

    lines = [ui("check_themes", lang)]
    by_text: dict[str, list[Any]] = {}
    for t in p.themes:
        by_text.setdefault(t.text, []).append(t)
    for text, items in by_text.items():
        read = "; ".join(
            f"{taxonomy.theme_label(t.id, lang)} {decimal(t.confidence, lang)}"
            for t in sorted(items, key=lambda t: -t.confidence)
        )
        lines.append(f"  '{text}' -> {read}")
    if p.keywords:
        lines.append(ui("check_keywords", lang, words=", ".join(p.keywords)))
    lines.append(ui("check_places", lang))
    for text, place, how in p.places:
        read = f"{taxonomy.place_label(place, lang)} ({ui('how_' + how, lang)})"
        lines.append(f"  '{text}' -> {read}")
    return lines


SEARCH_FLOOR = 70.0  # a weaker likeness is no match


def _by_name(funders: Any, text: str) -> Any:
    """The one funder a name or alias denotes: exactly, or as a clear near miss."""
    from rapidfuzz import fuzz, process

    from fundfinder.textnorm import fold

    key = fold(text)
    names: dict[str, set[int]] = {}
    for index, f in enumerate(funders):
        for name in (f.name, *f.aliases):
            names.setdefault(fold(name), set()).add(index)
    exact = names.get(key)
    if exact is not None and len(exact) == 1:
        return funders[next(iter(exact))]
    if text == text.lower() and " " not in text:
        return None  # an id-like answer: suggest the id rather than guess a name
    found = process.extract(key, list(names), scorer=fuzz.ratio, limit=2)
    if found and found[0][1] >= 90 and (len(found) == 1 or found[1][1] < found[0][1] - 5):
        owners = names[found[0][0]]
        if len(owners) == 1:
            return funders[next(iter(owners))]
    return None


def _grant_line(g: Any) -> str:
    """One past grant: recipient (country), year, amount, source."""
    from fundfinder.i18n import money

    where = f" ({g.recipient.registered_in})" if g.recipient.registered_in else ""
    amount = f", {money(g.amount_eur, 'en')}" if g.amount_eur is not None else ""
    return f"{g.recipient.name}{where}, {g.year}{amount}: {g.sources[0]}"


@funders_app.command("search")
@boundary
def funders_search(
    text: Annotated[str, typer.Argument(help="Words of a funder's name or alias.")],
    limit: Annotated[
        int, typer.Option("--limit", min=1, max=100, help="How many funders to list at most.")
    ] = 10,
    db: DbOpt = None,
) -> None:
    """Fuzzy search by name and alias."""
    from rapidfuzz import fuzz, process
    from rich.table import Table
    from rich.text import Text

    from fundfinder.textnorm import fold

    funders = _catalog(db).funders
    by_id = {f.id: f for f in funders}
    names: list[str] = []
    owners: list[int] = []
    inherited: list[bool] = []  # a parent's name: its instruments are found too, a little lower
    for index, f in enumerate(funders):
        own = (f.name, f.id, *f.aliases)
        parent = by_id.get(f.parent) if f.parent else None
        above = (parent.name, *parent.aliases) if parent is not None else ()
        for name, from_parent in [*((n, False) for n in own), *((n, True) for n in above)]:
            names.append(fold(name))
            owners.append(index)
            inherited.append(from_parent)
    best: dict[int, float] = {}
    found = process.extract(fold(text), names, scorer=fuzz.WRatio, limit=limit * 8)
    for _name, score, i in found:
        owner = owners[i]
        value = float(score) - (5.0 if inherited[i] else 0.0)
        best[owner] = max(best.get(owner, 0.0), value)
    ranked = sorted(
        ((i, v) for i, v in best.items() if v >= SEARCH_FLOOR),
        key=lambda kv: (-kv[1], funders[kv[0]].name),
    )[:limit]
    if not ranked:
        stdout_console().print(Text(DATA.fill("search_none", "en", text=text)))
        return
    table = Table(title=DATA.fill("search_title", "en", text=text), title_justify="left")
    for col in ("match", "id", "name", "type", "based in"):
        table.add_column(col)
    for index, score in ranked:
        f = funders[index]
        table.add_row(f"{score:.0f}", Text(f.id), Text(f.name), f.type, f.based_in)
    stdout_console().print(table)


@db_app.command("validate")
@boundary
def db_validate(
    path: Annotated[
        Path | None, typer.Argument(help="Database file (default: the shipped one plus overlays).")
    ] = None,
    db: DbOpt = None,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict",
            help="Also fail on an entry without access, registration rule or organisation types, "
            "a call cycle without its source, or an entry unchecked for 24 months and not "
            "marked dormant or closed.",
        ),
    ] = False,
) -> None:
    """Check a database file; every problem is reported with file:line."""
    from fundfinder.load.catalog import load_catalog
    from fundfinder.load.curation import curation_warnings, strict_notes

    catalog = load_catalog([], base=path) if path else load_catalog(overlay_paths(db))
    warnings = curation_warnings(catalog.funders, today())
    if strict:
        warnings += strict_notes(catalog.funders, today())
    problems = [w for w in warnings if w.severity == "error"]
    stale = [w for w in warnings if w.field == "as_of" and w.severity == "warning"]
    for w in warnings:
        if w not in stale:
            say(str(w), err=True)
    if stale:
        say(DATA.fill("stale_note", "en", len(stale)), err=True)
    if problems:
        raise FundfinderError(msg("data.database_problems", n=len(problems)))
    say(DATA.fill("ok_funders", "en", len(catalog.funders), files=", ".join(catalog.files)))
    if path is None:
        from fundfinder.load.datafiles import validate_data_files
        from fundfinder.load.history import default_grants, load_grants
        from fundfinder.paths import data_dir
        from fundfinder.taxonomy import load_taxonomy

        data_problems = validate_data_files(data_dir())
        if data_problems:
            raise FundfinderError.from_problems(
                msg("data.data_file_problems", n=len(data_problems)), data_problems
            )
        say(DATA.fill("ok_data_files", "en", folder=data_dir()))

        folder = default_grants()
        grants = load_grants(folder, load_taxonomy(), {f.id for f in catalog.funders})
        givers = len({g.funder for g in grants})
        takers = len({g.recipient.key for g in grants})
        say(DATA.fill("ok_grants", "en", len(grants), givers=givers, takers=takers, folder=folder))


@db_app.command("stats")
@boundary
def db_stats(
    db: DbOpt = None,
    fmt: ListFormatOpt = Format.terminal,
) -> None:
    """Coverage by type, theme, region and base country; entries older than 18 months."""
    from rich.table import Table
    from rich.text import Text

    from fundfinder.load.curation import coverage
    from fundfinder.taxonomy import load_taxonomy

    catalog = _catalog(db)
    stats = coverage(catalog.funders, load_taxonomy(), today())
    if fmt is Format.json:
        say(json.dumps(stats, ensure_ascii=False, indent=2))
        return
    console = stdout_console()
    files = ", ".join(catalog.files)
    console.print(Text(DATA.fill("stats_head", "en", stats["funders"], files=files), style="bold"))
    for key in ("by_type", "by_theme", "by_continent", "by_base_country", "by_access"):
        table = Table(title=DATA.fill(key, "en"), title_justify="left")
        table.add_column("value")
        table.add_column("funders", justify="right")
        for name, count in stats[key].items():
            table.add_row(Text(str(name)), str(count))
        console.print(table)
    table = Table(title=DATA.fill("completeness", "en"), title_justify="left")
    table.add_column("field")
    table.add_column("funders", justify="right")
    table.add_column("share", justify="right")
    for name, count in stats["completeness"].items():
        share = f"{100 * count / max(stats['funders'], 1):.0f}%"
        table.add_row(Text(name), str(count), share)
    console.print(table)
    stale = stats["stale"]
    console.print(Text(DATA.fill("stale_head", "en", len(stale)), style="bold"))
    for item in stale:
        console.print(Text(f"  {item['id']}  (as_of {item['as_of']})"))


@profile_app.command("new")
@boundary
def profile_new(output: OutputOpt = None, force: ForceOpt = False) -> None:
    """Write a commented profile template (to stdout or --output)."""
    from fundfinder.paths import data_file

    text = data_file("examples/profile-template.yaml").read_text(encoding="utf-8")
    emit_text(text, output, force)
    if output is not None:
        say(DATA.fill("template_written", "en", path=output), err=True)


@profile_app.command("check")
@boundary
def profile_check(
    profile: Annotated[Path, typer.Argument(help="The profile to check.")],
    lang: LangOpt = None,
) -> None:
    """Validate a profile and show how its themes and places were understood."""
    from rich.text import Text

    from fundfinder.i18n import ui
    from fundfinder.load.profile import load_profile
    from fundfinder.taxonomy import load_taxonomy

    taxonomy = load_taxonomy()
    p = load_profile(profile, taxonomy)
    language = lang.value if lang else p.lang
    console = stdout_console()
    console.print(
        Text(ui("check_ok", language, path=str(profile), name=p.organisation.name), style="bold")
    )
    for line in reading_lines(p, taxonomy, language):
        console.print(Text(line))
    if p.organisation.registered_in:
        place = taxonomy.place_label(p.organisation.registered_in, language)
        console.print(Text(ui("check_registered", language, place=place)))
