"""`fundfinder batch`: every member of an association at once."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from fundfinder.cli.commands import (
    DbOpt,
    ForceOpt,
    GrantsOpt,
    LangOpt,
    app,
    boundary,
    grant_paths,
    overlay_paths,
    say,
    today,
)
from fundfinder.errors import FundfinderError
from fundfinder.messages import msg, table

BATCH = table(
    "batch",
    {
        "not_folder": "{path}: not a folder of profiles",
        "no_profiles": "{path}: no profile files (*.yaml, *.yml) found",
        "out_not_folder": "{path}: exists and is not a folder",
        "exist": "{paths} exist; use --force to overwrite",
        "cannot_create": "{path}: cannot create the folder ({reason})",
        "failed": (
            "{failed} of {n} profile could not be read: {files} (see {summary})",
            "{failed} of {n} profiles could not be read: {files} (see {summary})",
        ),
    },
)


@app.command()
@boundary
def batch(
    folder: Annotated[Path, typer.Argument(help="Folder with one profile (*.yaml) per member.")],
    out: Annotated[Path, typer.Option("--out", help="Folder to write the reports and summary to.")],
    as_json: Annotated[bool, typer.Option("--json", help="Also write JSON reports.")] = False,
    top: Annotated[
        int, typer.Option("--top", "-n", min=1, max=1000, help="Matches per report.")
    ] = 10,
    contested_min: Annotated[
        int,
        typer.Option(
            "--contested-min", min=2, help="Members sharing a funder before it is contested."
        ),
    ] = 2,
    lang: LangOpt = None,
    force: ForceOpt = False,
    db: DbOpt = None,
    grants: GrantsOpt = None,
) -> None:
    """One report per profile in FOLDER, plus a summary with the contested funders."""
    from fundfinder.advise.batch import Outcome, summarise
    from fundfinder.advise.report import build_report
    from fundfinder.load.catalog import load_catalog
    from fundfinder.load.profile import load_profile
    from fundfinder.output import write_text_atomic
    from fundfinder.render.batch import render_summary_markdown, summary_to_dict
    from fundfinder.render.json_out import render_json
    from fundfinder.render.markdown import render_markdown
    from fundfinder.taxonomy import load_taxonomy

    if not folder.is_dir():
        raise FundfinderError(msg("batch.not_folder", path=folder))
    profiles = sorted(
        p for p in folder.iterdir() if p.suffix.lower() in {".yaml", ".yml"} and p.is_file()
    )
    if not profiles:
        raise FundfinderError(msg("batch.no_profiles", path=folder))
    if out.exists() and not out.is_dir():
        raise FundfinderError(msg("batch.out_not_folder", path=out))
    stems = [p.stem for p in profiles]
    names = {p: (p.stem if stems.count(p.stem) == 1 else p.name) for p in profiles}
    suffixes = [".md", ".json"] if as_json else [".md"]
    targets = [out / f"{names[p]}{s}" for p in profiles for s in suffixes]
    targets += [out / f"summary{s}" for s in suffixes]
    clashing = [t for t in targets if t.exists()]
    if clashing and not force:
        shown = ", ".join(str(t) for t in clashing[:3]) + (" ..." if len(clashing) > 3 else "")
        raise FundfinderError(msg("batch.exist", paths=shown))
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise FundfinderError(msg("batch.cannot_create", path=out, reason=exc.strerror)) from None

    taxonomy = load_taxonomy()
    catalog = load_catalog(overlay_paths(db), taxonomy=taxonomy, grants=grant_paths(grants))
    day = today()
    chosen_lang = lang.value if lang else None
    outcomes: list[Outcome] = []
    progress = None
    if sys.stderr.isatty():
        from rich.progress import Progress

        from fundfinder.render.console import make_console

        progress = Progress(console=make_console(stderr=True), transient=True)
        progress.start()
        task = progress.add_task("Matching", total=len(profiles))
    try:
        for path in profiles:
            try:
                profile = load_profile(path, taxonomy)
                report = build_report(profile, catalog, taxonomy, day, chosen_lang)
            except FundfinderError as exc:
                outcomes.append(Outcome(path.name, error=exc.text(chosen_lang or "en")))
            else:
                write_text_atomic(
                    out / f"{names[path]}.md", render_markdown(report, taxonomy, top=top), True
                )
                if as_json:
                    write_text_atomic(
                        out / f"{names[path]}.json", render_json(report, taxonomy), True
                    )
                outcomes.append(Outcome(path.name, report=report, report_file=f"{names[path]}.md"))
            if progress is not None:
                progress.advance(task)
    finally:
        if progress is not None:
            progress.stop()
    summary = summarise(outcomes, top=top, minimum=contested_min)
    summary_lang = chosen_lang or "en"  # the association's language, not a member's
    write_text_atomic(
        out / "summary.md", render_summary_markdown(summary, summary_lang, day.isoformat()), True
    )
    if as_json:
        import json

        data = json.dumps(summary_to_dict(summary), ensure_ascii=False, indent=2) + "\n"
        write_text_atomic(out / "summary.json", data, True)
    from fundfinder.i18n import ui, ui_n

    reports = ui_n("n_reports", len(summary.succeeded), summary_lang)
    contested = ui_n("n_contested", len(summary.contested), summary_lang)
    say(
        ui(
            "batch_wrote",
            summary_lang,
            reports=reports,
            summary=str(out / "summary.md"),
            contested=contested,
        ),
        err=True,
    )
    if summary.failed:
        raise FundfinderError(
            msg(
                "batch.failed",
                failed=len(summary.failed),
                n=len(profiles),
                files=", ".join(o.file for o in summary.failed),
                summary=out / "summary.md",
            )
        )
