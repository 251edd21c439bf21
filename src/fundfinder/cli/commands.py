"""The command line: parse arguments, call the core, render, map errors to exit codes.

This is the single error boundary: a FundfinderError becomes `Error: ...` on
stderr and exit 1; usage errors stay typer's exit 2; anything else is a bug,
shown briefly (or with its traceback under --debug).
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from datetime import date
from enum import Enum, IntEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from fundfinder import __version__
from fundfinder.errors import ERRORS, FundfinderError
from fundfinder.messages import msg, table

if TYPE_CHECKING:  # rich.console is imported only when something is printed
    from rich.console import Console

F = TypeVar("F", bound=Callable[..., Any])


class ExitCode(IntEnum):
    """Exit statuses (DESIGN.md): an internal error never shares a code with bad input."""

    OK = 0
    BAD_INPUT = 1
    USAGE = 2
    INTERNAL = 3
    INTERRUPTED = 130
    TERMINATED = 143


CLI = table(
    "cli",
    {
        "today": "FUNDFINDER_TODAY: expected a date YYYY-MM-DD between {first} and {last}, got '{got}'",
        "no_session": "no saved session for '{name}'; saved: {names}",
        "profile_or_resume": "use either --profile or --resume, not both",
    },
)


class Format(str, Enum):
    terminal = "terminal"
    markdown = "markdown"
    json = "json"


class Lang(str, Enum):
    en = "en"
    nl = "nl"


app = typer.Typer(
    help="Find alternative funding and reorganise with care after a lost grant.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)
funders_app = typer.Typer(help="Browse the funder database.", no_args_is_help=True)
db_app = typer.Typer(
    help="Check and survey the funder database (for curators).", no_args_is_help=True
)
profile_app = typer.Typer(help="Write or check an organisation profile.", no_args_is_help=True)
app.add_typer(funders_app, name="funders")
app.add_typer(db_app, name="db")
app.add_typer(profile_app, name="profile")

_state: dict[str, bool] = {"debug": False}


def err_console() -> Console:
    from fundfinder.render.console import make_console

    return make_console(stderr=True, highlight=False, soft_wrap=True)


def say(text: str, err: bool = False) -> None:
    """A line of plain output (or an error line), made safe for the terminal."""
    from fundfinder.safetext import visible

    typer.echo(visible(text), err=err)


def say_interrupted() -> None:
    """'Interrupted.' on stderr, written and flushed at once (not through a console that
    buffers), so that nothing between here and the exit can lose it."""
    try:
        sys.stderr.write(ERRORS.text("interrupted", "en") + "\n")
        sys.stderr.flush()
    except (OSError, ValueError):
        pass


def boundary(func: F) -> F:
    """Turn expected failures into `Error: ...` and exit 1."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except FundfinderError as exc:
            from fundfinder.load.fields import clean_text

            lang = error_language(kwargs, exc)
            text = f"{ERRORS.text('word', lang)}: {clean_text(exc.text(lang))}"
            err_console().print(text, markup=False, highlight=False)
            raise typer.Exit(ExitCode.BAD_INPUT) from None
        except (typer.Exit, typer.Abort):
            raise
        except KeyboardInterrupt:
            say_interrupted()
            raise typer.Exit(ExitCode.INTERRUPTED) from None
        except Exception as exc:
            if hasattr(exc, "exit_code") and hasattr(exc, "show"):
                raise  # a usage error for typer to report (exit 2)
            if _state["debug"]:
                raise
            err_console().print(
                f"Internal error (a bug in fundfinder): {type(exc).__name__}: {exc}\n"
                "Run again with --debug to see the traceback.",
                markup=False,
                highlight=False,
            )
            raise typer.Exit(ExitCode.INTERNAL) from None

    return wrapper  # type: ignore[return-value]


def error_language(kwargs: dict[str, Any], exc: FundfinderError | None = None) -> str:
    """The language for an error: --lang; else the profile's `lang` as read; else, for a
    profile that could not be read as YAML at all, a `lang: nl` line in it."""
    lang = kwargs.get("lang")
    if lang is not None:
        return str(getattr(lang, "value", lang))
    if exc is not None and exc.lang is not None:
        return exc.lang
    profile = kwargs.get("profile")
    if isinstance(profile, Path):
        try:
            if not profile.is_file():  # a FIFO or device: never read twice, never wait
                return "en"
            with profile.open("rb") as fh:
                head = fh.read(65536).decode("utf-8", "replace")
        except OSError:
            return "en"
        import re

        if re.search(r"(?m)^lang:\s*['\"]?nl\b", head):
            return "nl"
    return "en"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"fundfinder {__version__}")
        raise typer.Exit()


@app.callback()
def main_callback(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show tracebacks of internal errors.")
    ] = False,
) -> None:
    """fundfinder: ranked, explained funder reports for organisations that lost a grant."""
    _state["debug"] = debug


# -- shared options ------------------------------------------------------------------
FormatOpt = Annotated[
    Format | None,
    typer.Option(
        "--format",
        "-f",
        help="terminal, markdown or json (default: from --output's suffix, else terminal).",
    ),
]
OutputOpt = Annotated[
    Path | None, typer.Option("--output", "-o", help="Write to this file instead of stdout.")
]
ForceOpt = Annotated[bool, typer.Option("--force", help="Overwrite an existing --output file.")]
TopOpt = Annotated[
    int,
    typer.Option(
        "--top",
        "-n",
        min=0,
        max=1_000_000,
        help="How many of each list to show (matches, partners' funders, excluded); 0 for all.",
    ),
]
LangOpt = Annotated[
    Lang | None, typer.Option("--lang", help="Report language (default: the profile's).")
]
DbOpt = Annotated[
    list[Path] | None,
    typer.Option("--db", help="Extra database file merged over the shipped one (repeatable)."),
]
GrantsOpt = Annotated[
    list[Path] | None,
    typer.Option(
        "--grants",
        help="Extra grant history (a grants YAML file or a folder of them) read beside the "
        "shipped one (repeatable).",
    ),
]
ExcludedOpt = Annotated[bool, typer.Option("--excluded", help="Show excluded funders and why.")]


def today() -> date:
    """Today, or FUNDFINDER_TODAY (YYYY-MM-DD) for reproducible reports."""
    fixed = os.environ.get("FUNDFINDER_TODAY")
    if fixed:
        try:
            found = date.fromisoformat(fixed)
        except ValueError:
            found = None
        if found is None or not TODAY_RANGE[0] <= found.year <= TODAY_RANGE[1]:
            raise FundfinderError(
                msg("cli.today", first=TODAY_RANGE[0], last=TODAY_RANGE[1], got=fixed[:40])
            )
        return found
    return date.today()


TODAY_RANGE = (1990, 2200)  # dates are computed years ahead (next deadlines, runway)


def overlay_paths(db: list[Path] | None, variable: str = "FUNDFINDER_DB") -> list[Path]:
    """The paths in `variable` (separated like PATH), then those given on the command line."""
    paths = [Path(p) for p in os.environ.get(variable, "").split(os.pathsep) if p.strip()]
    return paths + list(db or [])


def grant_paths(grants: list[Path] | None) -> list[Path]:
    """Extra grant histories: FUNDFINDER_GRANTS, then each --grants."""
    return overlay_paths(grants, "FUNDFINDER_GRANTS")


def resolve_format(fmt: Format | None, output: Path | None) -> Format:
    if fmt is not None:
        return fmt
    if output is not None:
        suffix = output.suffix.lower()
        if suffix in {".md", ".markdown"}:
            return Format.markdown
        if suffix == ".json":
            return Format.json
    return Format.terminal


def stdout_console(width: int | None = None) -> Console:
    from fundfinder.render.console import make_console

    return make_console(highlight=False, width=width, soft_wrap=False)


def emit_renderables(renderables: list[Any], output: Path | None, force: bool) -> None:
    if output is None or str(output) == "-":
        console = stdout_console()
        for item in renderables:
            console.print(item)
        return
    from io import StringIO

    from fundfinder.output import write_text_atomic
    from fundfinder.render.console import make_console

    buffer = StringIO()
    console = make_console(
        file=buffer, width=100, color_system=None, force_terminal=False, highlight=False
    )
    for item in renderables:
        console.print(item)
    write_text_atomic(output, buffer.getvalue(), force)


def emit_text(text: str, output: Path | None, force: bool) -> None:
    from fundfinder.safetext import visible

    text = visible(text)
    if output is None or str(output) == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    from fundfinder.output import write_text_atomic

    write_text_atomic(output, text, force)


def run_match(
    profile_path: Path,
    fmt: Format | None,
    output: Path | None,
    force: bool,
    top: int,
    lang: Lang | None,
    db: list[Path] | None,
    excluded: bool,
    grants: list[Path] | None = None,
) -> None:
    from fundfinder.advise.report import build_report
    from fundfinder.load.catalog import load_catalog
    from fundfinder.load.profile import load_profile
    from fundfinder.taxonomy import load_taxonomy

    taxonomy = load_taxonomy()
    profile = load_profile(profile_path, taxonomy)
    catalog = load_catalog(overlay_paths(db), taxonomy=taxonomy, grants=grant_paths(grants))
    shown = top if top > 0 else max(len(catalog), 1)
    report = build_report(
        profile, catalog, taxonomy, today(), lang.value if lang else None, want=shown
    )
    top = shown
    if output is not None and str(output) == "-":
        output = None  # `--output -` is standard output
    chosen = resolve_format(fmt, output)
    if chosen is Format.json:
        from fundfinder.render.json_out import render_json

        emit_text(render_json(report, taxonomy, top=top), output, force)
    elif chosen is Format.markdown:
        from fundfinder.render.markdown import render_markdown

        emit_text(render_markdown(report, taxonomy, top=top, show_excluded=excluded), output, force)
    elif output is not None or not sys.stdout.isatty():
        # Not a terminal: the same report as plain text (no boxes, no escape codes).
        from fundfinder.render.plain import render_plain

        emit_text(render_plain(report, taxonomy, top=top, show_excluded=excluded), output, force)
    else:
        from fundfinder.render.terminal import render_terminal

        emit_renderables(
            render_terminal(report, taxonomy, top=top, show_excluded=excluded), output, force
        )


def demo_profile_path() -> Path:
    from fundfinder.paths import data_file

    return data_file("examples/demo-profile.yaml")


@app.command()
@boundary
def demo(
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    force: ForceOpt = False,
    top: TopOpt = 10,
    lang: LangOpt = None,
    db: DbOpt = None,
    excluded: ExcludedOpt = False,
    grants: GrantsOpt = None,
) -> None:
    """Run the main job on a bundled example profile (no arguments needed)."""
    run_match(demo_profile_path(), fmt, output, force, top, lang, db, excluded, grants)


@app.command()
@boundary
def match(
    profile: Annotated[Path, typer.Argument(help="The organisation's profile (YAML).")],
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    force: ForceOpt = False,
    top: TopOpt = 10,
    lang: LangOpt = None,
    db: DbOpt = None,
    excluded: ExcludedOpt = False,
    grants: GrantsOpt = None,
) -> None:
    """Ranked, explained funder report for one profile."""
    run_match(profile, fmt, output, force, top, lang, db, excluded, grants)


# The sub-command modules register themselves on `app` (their heavy imports are lazy).


def _terminated(_signum: int, _frame: Any) -> None:
    """SIGTERM: unwind like an exception, so temporary files are removed on the way out."""
    raise SystemExit(ExitCode.TERMINATED)


def _tolerant_streams() -> None:
    """Output in a narrow encoding (PYTHONIOENCODING=ascii, a latin-1 terminal): what it
    cannot hold is written as an escape (`\u20ac`) rather than failing the run."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None and getattr(stream, "errors", None) == "strict":
            encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
            if encoding not in ("utf8", "utf16", "utf32"):
                try:
                    reconfigure(errors="backslashreplace")
                except (OSError, ValueError):
                    pass


def main() -> None:
    """The command line (see `__main__.run`, the entry point)."""
    import signal

    signal.signal(signal.SIGTERM, _terminated)
    _tolerant_streams()
    try:
        app()
    except KeyboardInterrupt:
        say_interrupted()
        sys.exit(ExitCode.INTERRUPTED)
