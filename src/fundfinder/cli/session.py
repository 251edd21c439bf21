"""`fundfinder session`: the interactive adviser session on a real terminal.

Wires the Session to the outside world: prompt_toolkit with Tab completion
when stdin and stdout are a terminal, plain `input()` otherwise (pipes,
tests), a rich console (plain without colour under NO_COLOR or when not a
terminal), the database with its overlays, and the draft file.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from fundfinder.cli.commands import (
    DbOpt,
    ExitCode,
    GrantsOpt,
    LangOpt,
    app,
    boundary,
    err_console,
    grant_paths,
    overlay_paths,
    today,
)
from fundfinder.messages import Msg, msg

if TYPE_CHECKING:  # the session modules load only when `session` runs
    from fundfinder.session.interview import Ask

ProfileOpt = Annotated[
    Path | None,
    typer.Option(
        "--profile", "-p", help="Start from this profile file and go straight to results."
    ),
]
ResumeOpt = Annotated[
    bool,
    typer.Option(
        "--resume",
        help="Continue a saved draft: the most recent one, or the one --draft names.",
    ),
]
DraftOpt = Annotated[
    str | None,
    typer.Option(
        "--draft",
        help="With --resume: the organisation whose draft to continue (its name).",
    ),
]


def fragment(text: str, words: Sequence[str]) -> str:
    """The part of the line being completed: after the last comma, else the last word."""
    part = text.rsplit(",", 1)[-1].lstrip()
    folded = part.casefold()
    if any(w.casefold().startswith(folded) for w in words):
        return part
    return text.rsplit(" ", 1)[-1]


def matching(text: str, words: Sequence[str]) -> list[tuple[str, int]]:
    """(completion, start offset) pairs for the text before the cursor."""
    part = fragment(text, words)
    folded = part.casefold()
    if not folded:
        return []
    return [(w, -len(part)) for w in words if w.casefold().startswith(folded) and w != part]


def terminal_ask() -> Ask:
    """An `ask` using prompt_toolkit: history, Tab completion, Ctrl-C/Ctrl-D as exceptions."""
    from prompt_toolkit import PromptSession
    from prompt_toolkit.completion import CompleteEvent, Completer, Completion
    from prompt_toolkit.document import Document

    class ListCompleter(Completer):
        def __init__(self) -> None:
            self.words: Sequence[str] = ()

        def get_completions(
            self, document: Document, complete_event: CompleteEvent
        ) -> Iterable[Completion]:
            for word, start in matching(document.text_before_cursor, self.words):
                yield Completion(word, start_position=start)

    completer = ListCompleter()
    session: PromptSession[str] = PromptSession(
        completer=completer,
        complete_while_typing=False,
        enable_suspend=False,
        reserve_space_for_menu=0,
    )

    def ask(prompt: str, completions: Sequence[str]) -> str:
        completer.words = completions
        return session.prompt(prompt)

    return ask


def plain_ask(prompt: str, completions: Sequence[str]) -> str:
    return input(prompt)


def _same_draft(path: Path, wanted: str, name: str) -> bool:
    from fundfinder.session.store import draft_slug

    return draft_slug(wanted) in (path.stem, draft_slug(name))


@app.command()
@boundary
def session(
    profile: ProfileOpt = None,
    resume: ResumeOpt = False,
    draft: DraftOpt = None,
    lang: LangOpt = None,
    db: DbOpt = None,
    grants: GrantsOpt = None,
) -> None:
    """Interactive adviser session: build a profile, explore and filter results, export."""
    from fundfinder.cli.commands import CLI
    from fundfinder.errors import ERRORS, FundfinderError
    from fundfinder.load.catalog import load_catalog
    from fundfinder.load.profile import load_profile
    from fundfinder.render.console import make_console
    from fundfinder.session.conversation import Session
    from fundfinder.session.store import (
        SessionState,
        draft_name,
        drafts_dir,
        list_drafts,
        load_profile_data,
        load_state,
        set_aside,
    )
    from fundfinder.session.texts import t
    from fundfinder.taxonomy import load_taxonomy

    if profile is not None and resume:
        # A usage error (exit 2); typer.BadParameter would not pass `boundary`.
        said = lang.value if lang else "en"
        text = f"{ERRORS.text('word', said)}: {CLI.fill('profile_or_resume', said)}"
        err_console().print(text, markup=False)
        raise typer.Exit(ExitCode.USAGE)
    taxonomy = load_taxonomy()
    catalog = load_catalog(overlay_paths(db), taxonomy=taxonomy, grants=grant_paths(grants))
    day = today()
    console = make_console(highlight=False)
    chosen = lang.value if lang else None
    store = drafts_dir()
    notes: list[tuple[str, dict[str, Any]]] = []
    state: SessionState | None = None
    resumed_from: Path | None = None
    if profile is not None:
        load_profile(profile, taxonomy)  # the same checks (and messages) as `match`
        state = SessionState(
            profile=load_profile_data(profile), phase="results", source=str(profile)
        )
        notes.append(("loaded_profile", {"path": str(profile)}))
    elif resume:
        drafts = list_drafts()
        if draft is not None:
            wanted = [p for p in drafts if _same_draft(p, draft, draft_name(p))]
            if not wanted:
                names = ", ".join(draft_name(p) for p in drafts) or "-"
                raise FundfinderError(msg("cli.no_session", name=draft, names=names))
            drafts = wanted + [p for p in drafts if p not in wanted]
        if not drafts:
            notes.append(("resume_missing", {"path": str(store)}))
        else:
            chosen_path = drafts[0]
            try:
                state = load_state(chosen_path)
            except FundfinderError as exc:
                aside = set_aside(chosen_path)
                notes.append(("draft_unreadable", {"path": str(aside), "error": exc.message}))
                state = None
            if state is not None:
                resumed_from = chosen_path
                name = str((state.profile.get("organisation") or {}).get("name") or "?")
                notes.append(("resumed", {"name": name}))
                others = [draft_name(p) for p in drafts[1:]]
                if others:
                    notes.append(("other_drafts", {"names": ", ".join(others)}))
    state = state or SessionState()
    interactive = sys.stdin.isatty() and sys.stdout.isatty()
    runner = Session(
        state,
        ask=terminal_ask() if interactive else plain_ask,
        console=console,
        taxonomy=taxonomy,
        catalog=catalog,
        today=day,
        store=store,
        lang=chosen,
    )
    if resumed_from is not None:
        runner.resumed_from = resumed_from
        if (
            resumed_from.parent != store
        ):  # a draft of an earlier version: saved per organisation now
            runner.resumed_from = None
    for key, params in notes:
        shown = {k: v.text(runner.lang) if isinstance(v, Msg) else v for k, v in params.items()}
        console.print(t(key, runner.lang, **shown), markup=False, style="dim")
    raise typer.Exit(runner.run())
