"""The adviser's interactive session: interview, results, exports.

`Session` holds the state (a plain-data draft profile, the shortlist, filters)
and talks through two injected things only: `ask(prompt, completions) -> str`
for input and a rich `Console` for output, so tests drive it with scripted
answers and the CLI plugs in prompt_toolkit. The draft is saved after every
answer and command; Ctrl-C or Ctrl-D (KeyboardInterrupt / EOFError from `ask`)
saves it, says where, and ends cleanly.
"""

from __future__ import annotations

import copy
import os
import shlex
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import Any, overload

from rich.console import Console, RenderableType
from rich.table import Table
from rich.text import Text

from fundfinder.advise.report import build_report
from fundfinder.errors import FundfinderError, ProfileError
from fundfinder.i18n import day, say_all
from fundfinder.load.catalog import Catalog
from fundfinder.load.fields import closest
from fundfinder.load.profile import parse_profile
from fundfinder.models import LANGS, Funder, Report
from fundfinder.render.terminal import (
    checklist_panel,
    detail_panel,
    diagnosis_panel,
    excluded_table,
    forms_table,
    plain,
    profile_panel,
    ranked_table,
)
from fundfinder.session.export import (
    ics_events,
    markdown_with_shortlist,
    next_deadline,
    profile_yaml,
    shortlist_ics,
)
from fundfinder.session.interview import Ask, Interview
from fundfinder.session.results import (
    apply_filter,
    current_weights,
    describe_filters,
    describe_weights,
    find_funder,
    match_of,
    parse_weights,
    picked,
    visible,
)
from fundfinder.session.steps import BACK_WORDS, STEP_KEYS, set_path
from fundfinder.session.store import SessionState, draft_slug, keep_previous, save_state
from fundfinder.session.texts import t
from fundfinder.taxonomy import Taxonomy

LIST_TOP = 10
COMMANDS = (
    "help", "list", "show", "why", "excluded", "filter", "weights", "shortlist", "unshortlist",
    "diagnosis", "forms", "checklist", "profile", "edit", "export", "quit",
)  # fmt: skip
ALIASES = {"hulp": "help", "?": "help", "exit": "quit", "q": "quit", "stop": "quit", "ls": "list"}
# The Dutch words for the commands (both languages work in either session).
ALIASES |= {
    "lijst": "list",
    "toon": "show",
    "waarom": "why",
    "uitgesloten": "excluded",
    "gewichten": "weights",
    "schrap": "unshortlist",
    "diagnose": "diagnosis",
    "vormen": "forms",
    "profiel": "profile",
    "wijzig": "edit",
    "exporteer": "export",
    "stoppen": "quit",
    "klaar": "quit",
}


class Later(Sequence[str]):
    """Words worked out the first time they are read, not when they are offered."""

    def __init__(self, make: Callable[[], list[str]]) -> None:
        self._make = make
        self._words: list[str] | None = None

    def _all(self) -> list[str]:
        if self._words is None:
            self._words = self._make()
        return self._words

    def __len__(self) -> int:
        return len(self._all())

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> list[str]: ...
    def __getitem__(self, index: int | slice) -> str | list[str]:
        return self._all()[index]

    def __iter__(self) -> Iterator[str]:
        return iter(self._all())


class Session(Interview):
    """One adviser session; `run()` returns the exit code (0, also after Ctrl-C)."""

    def __init__(
        self,
        state: SessionState,
        *,
        ask: Ask,
        console: Console,
        taxonomy: Taxonomy,
        catalog: Catalog,
        today: date,
        store: Path | None,
        lang: str | None = None,
    ) -> None:
        self.state = state
        self.ask = ask
        self.console = console
        self.taxonomy = taxonomy
        self.catalog = catalog
        self.today = today
        self.store = store
        self.saved_to: Path | None = None
        self.resumed_from: Path | None = None
        self.forced_lang = lang
        self.report: Report | None = None
        self.edited = False  # back in the interview through `edit`
        self.save_error: str | None = None

    # -- plumbing -------------------------------------------------------------------------
    @property
    def lang(self) -> str:
        chosen = self.forced_lang or self.state.profile.get("lang")
        return chosen if chosen in LANGS else "en"

    def say(self, key: str, style: str | None = None, **params: Any) -> None:
        self.console.print(Text(t(key, self.lang, **params), style=style or ""))

    def warn(self, message: str) -> None:
        self.console.print(plain(message), style="yellow")

    def say_text(self, text: str) -> None:
        self.console.print(plain(text), style="dim")

    def show(self, renderable: RenderableType) -> None:
        self.console.print(renderable)

    @property
    def draft_file(self) -> Path | None:
        """Where the draft goes: the organisation's own file when `store` is the drafts
        folder, else `store` itself."""
        if self.store is None or self.store.suffix:
            return self.store
        org = self.state.profile.get("organisation")
        name = org.get("name") if isinstance(org, dict) else None
        return self.store / f"{draft_slug(name)}.yaml"

    def save(self) -> bool:
        """Save the draft; a failure is shown once and the session goes on."""
        path = self.draft_file
        if path is None:
            return False
        try:
            per_organisation = self.store is not None and not self.store.suffix
            if per_organisation and path not in (self.saved_to, self.resumed_from):
                previous = keep_previous(path)  # an earlier session for the same organisation
                if previous is not None:
                    self.say("previous_kept", style="dim", path=str(previous))
            save_state(self.state, path)
            self.saved_to = path
        except (FundfinderError, OSError) as exc:
            said = exc.text(self.lang) if isinstance(exc, FundfinderError) else str(exc)
            message = t("save_failed", self.lang, path=str(path), error=said)
            if message != self.save_error:
                self.warn(message)
            self.save_error = message
            return False
        self.save_error = None
        return True

    def stop(self) -> None:
        """Save and say where (Ctrl-C, Ctrl-D, quit in the interview)."""
        if self.save():
            self.say("saved_exit", path=str(self.draft_file))

    def run(self) -> int:
        """Interview (unless the profile is complete), then the results loop."""
        try:
            while True:
                if self.state.phase == "interview" and not self.interview():
                    self.stop()
                    return 0
                if self.results():
                    return 0
        except (KeyboardInterrupt, EOFError):
            self.console.print()
            self.stop()
            return 0
        except BaseException:
            self.save()
            raise

    # -- results --------------------------------------------------------------------------
    def rebuild(self) -> Report:
        source = self.state.source or "session"
        profile = parse_profile(copy.deepcopy(self.state.profile), source, self.taxonomy)
        self.report = build_report(  # the first screen's worth exact; more when read
            profile, self.catalog, self.taxonomy, self.today, self.forced_lang, want=LIST_TOP
        )
        return self.report

    def results(self) -> bool:
        """The command loop; True when the adviser quits, False to go back to the interview."""
        try:
            self.rebuild()
        except ProfileError as exc:
            self.warn(exc.text(self.lang))
            self.state.phase, self.state.step = "interview", None
            return False
        self.save()
        if self.edited:
            self.say("edit_done", style="dim")
        self.cmd_list("")
        self.say("results_hint", style="dim")
        while True:
            line = self.ask("fundfinder> ", Later(self._command_words)).strip()
            if not line:
                continue
            name, _, rest = line.partition(" ")
            name = ALIASES.get(name.casefold(), name.casefold())
            if name == "quit":
                if self.save():
                    self.say("bye", path=str(self.draft_file))
                return True
            if name in BACK_WORDS:
                self.say("results_back")
                continue
            handler = getattr(self, f"cmd_{name}", None) if name in COMMANDS else None
            if handler is None:
                best = closest(name, COMMANDS, cutoff=60.0)
                hint = t("closest_command", self.lang, cmd=best) if best else ""
                self.warn(t("unknown_command", self.lang, text=line.split()[0], hint=hint))
                continue
            try:
                if handler(rest.strip()) == "edit":
                    self.edited = True
                    self.save()
                    return False
            except FundfinderError as exc:
                self.warn(exc.text(self.lang))
            self.save()

    def _command_words(self) -> list[str]:
        """What Tab completes at the prompt: commands, and the ids of the first 50 funders
        (read when Tab is pressed: at scale, ranking 50 exactly is not free)."""
        words = [*COMMANDS, "filter open", "filter form", "filter region", "filter min",
                 "filter clear", "export md", "export ics", "export profile", "weights reset"]  # fmt: skip
        if self.lang == "nl":
            words += [*(k for k, v in ALIASES.items() if v in COMMANDS and k.isalpha()),
                      "filter vorm", "filter regio", "filter wis", "exporteer md",
                      "exporteer ics", "exporteer profiel", "gewichten reset"]  # fmt: skip
        if self.report is not None:
            words += [m.funder.id for m in self.report.matches[:50]]
        return words

    @property
    def rep(self) -> Report:
        assert self.report is not None
        return self.report

    def cmd_help(self, args: str) -> None:
        self.console.print(Text(t("help", self.lang)))

    def cmd_list(self, args: str) -> None:
        arg = args.strip().casefold()
        if arg.split()[:1] in (["partners"], ["partner"]):
            self._list_partners(arg.split()[1:])
            return
        if not any(v not in (None, False, "") for v in self.state.filters.values()):
            # no filter: the report's own (lazy) list, so a large database is not ranked in
            # full to show its first screen
            top = len(self.rep.matches) if arg in ("all", "alle") else LIST_TOP
            top = int(arg) if arg.isdigit() else top
            self.show(ranked_table(self.rep, self.taxonomy, max(top, 1)))
            return
        matches = visible(self.rep, self.state.filters, self.taxonomy)
        top = len(matches) if arg in ("all", "alle") else int(arg) if arg.isdigit() else LIST_TOP
        self.show(
            ranked_table(self.rep._replace(matches=tuple(matches)), self.taxonomy, max(top, 1))
        )
        hidden = len(self.rep.matches) - len(matches)
        if hidden:
            self.say("filtered_out", style="dim", n=hidden, total=len(self.rep.matches))
            self.say("filters_now", style="dim", filters=self._filters_text())

    def _list_partners(self, rest: list[str]) -> None:
        """Funders the organisation's partners in its countries of work can approach."""
        from fundfinder.i18n import partner_view

        if not self.rep.partners:
            self.say("no_partners", style="dim")
            return
        view, places = partner_view(self.rep, self.taxonomy)
        top = len(view.matches) if rest[:1] in (["all"], ["alle"]) else LIST_TOP
        if rest[:1] and rest[0].isdigit():
            top = int(rest[0])
        self.show(ranked_table(view, self.taxonomy, max(top, 1), places))

    def _funder(self, args: str, usage: str) -> Funder | None:
        if not args:
            self.warn(t("usage", self.lang, usage=usage))
            return None
        funder, suggestion = find_funder(args, self.rep, self.catalog)
        if funder is None:
            hint = t("closest_command", self.lang, cmd=suggestion) if suggestion else ""
            self.warn(t("no_funder", self.lang, text=args, hint=hint))
        return funder

    def cmd_show(self, args: str) -> None:
        funder = self._funder(args, "show N")
        if funder is None:
            return
        m = match_of(funder.id, self.rep)
        if m is None:
            self.cmd_why(funder.id)
            return
        self.show(detail_panel(m, self.rep.lang, self.taxonomy))

    def cmd_why(self, args: str) -> None:
        funder = self._funder(args, "why ID-or-name")
        if funder is None:
            return
        lang = self.rep.lang
        for e in self.rep.excluded:
            if e.funder.id == funder.id:
                why = "; ".join(say_all(e.reasons, lang, self.taxonomy))
                self.console.print(
                    plain(t("excluded_because", self.lang, name=funder.name, why=why))
                )
                return
        m = match_of(funder.id, self.rep)
        if m is not None:
            why = "; ".join(say_all(m.reasons[:3], lang, self.taxonomy))
            text = t(
                "not_excluded",
                self.lang,
                name=funder.name,
                rank=m.rank,
                score=f"{m.score:.0f}",
                why=why,
            )
            self.console.print(plain(text))

    def cmd_excluded(self, args: str) -> None:
        if not self.rep.excluded:
            self.say("none_excluded")
            return
        self.show(excluded_table(self.rep, self.taxonomy))

    def _filters_text(self) -> str:
        return describe_filters(self.state.filters, self.taxonomy, self.lang) or "-"

    def cmd_filter(self, args: str) -> None:
        if not args:
            text = self._filters_text()
            self.say("filters_now", filters=text) if text != "-" else self.say("no_filters")
            return
        filters, error = apply_filter(self.state.filters, args, self.taxonomy, self.lang)
        if error:
            self.warn(error)
            return
        self.state.filters = filters
        self.cmd_list("")
        if filters and len(visible(self.rep, filters, self.taxonomy)) == len(self.rep.matches):
            self.say("filters_now", style="dim", filters=self._filters_text())

    def cmd_weights(self, args: str) -> None:
        def current() -> str:
            return describe_weights(current_weights(self.state.profile), self.lang)

        if not args:
            self.say("weights_now", weights=current())
            return
        old_ranks = {m.funder.id: m.rank for m in self.rep.matches}
        before = self.rep.matches[0].funder.id if self.rep.matches else None
        if args.strip().casefold() in ("reset", "default", "standaard"):
            set_path(self.state.profile, ("preferences", "weights"), None)
        else:
            values, error = parse_weights(args, self.state.profile, self.taxonomy, self.lang)
            if error or values is None:
                self.warn(error or "")
                return
            set_path(self.state.profile, ("preferences", "weights"), values)
        self.rebuild()
        self.say("weights_now", weights=current())
        top = self.rep.matches[0].funder if self.rep.matches else None
        if top is not None and top.id != before:
            old = old_ranks.get(top.id, "?")
            self.console.print(plain(t("top_changed", self.lang, name=top.name, old=old)))
        self.cmd_list("")

    def cmd_shortlist(self, args: str) -> None:
        if not args:
            self._show_shortlist()
            return
        target, _, note = args.partition(" ")
        funder = self._funder(target, "shortlist N note")
        if funder is None:
            return
        for item in self.state.shortlist:
            if item["id"] == funder.id:
                item["note"] = note.strip() or item.get("note", "")
                self.console.print(plain(t("note_updated", self.lang, name=funder.name)))
                return
        self.state.shortlist.append({"id": funder.id, "name": funder.name, "note": note.strip()})
        self.console.print(plain(t("shortlisted", self.lang, name=funder.name)))

    def cmd_unshortlist(self, args: str) -> None:
        """`unshortlist N`: row N of the shortlist (as `shortlist` shows it); a name works too."""
        row = args.strip()
        rows = picked(self.state.shortlist, self.rep, self.catalog)  # as `shortlist` numbers them
        if row.isdigit() and 1 <= int(row) <= len(rows):
            gone = rows[int(row) - 1].funder
            self.state.shortlist = [i for i in self.state.shortlist if i["id"] != gone.id]
            self.console.print(plain(t("unshortlisted", self.lang, name=gone.name)))
            return
        funder = self._funder(args, "unshortlist N")
        if funder is None:
            return
        kept = [item for item in self.state.shortlist if item["id"] != funder.id]
        key = "unshortlisted" if len(kept) < len(self.state.shortlist) else "not_on_shortlist"
        self.state.shortlist = kept
        self.console.print(plain(t(key, self.lang, name=funder.name)))

    def _show_shortlist(self) -> None:
        items = picked(self.state.shortlist, self.rep, self.catalog)
        if not items:
            self.say("shortlist_empty")
            return
        lang = self.lang
        table = Table(title=t("shortlist", lang), title_justify="left")
        for col in ("#", t("col_now", lang), "Funder" if lang != "nl" else "Fonds",
                    t("col_deadline", lang), t("col_note", lang)):  # fmt: skip
            table.add_column(col)
        for index, p in enumerate(items, start=1):
            deadline = next_deadline(p.funder, self.today)
            table.add_row(
                str(index),
                str(p.rank) if p.rank is not None else t("excluded_now", lang),
                plain(p.funder.name),
                day(deadline, lang) if deadline else t("no_deadline", lang),
                plain(p.note),
            )
        self.show(table)

    def cmd_diagnosis(self, args: str) -> None:
        if self.rep.diagnosis is None:
            self.say("no_diagnosis")
            return
        self.show(diagnosis_panel(self.rep, self.taxonomy))

    def cmd_forms(self, args: str) -> None:
        self.show(forms_table(self.rep, self.taxonomy))

    def cmd_checklist(self, args: str) -> None:
        if not self.rep.checklist:
            self.say("no_checklist")
            return
        self.show(checklist_panel(self.rep))

    def cmd_profile(self, args: str) -> None:
        self.show(profile_panel(self.rep, self.taxonomy, full=True))

    def cmd_edit(self, args: str) -> str:
        wanted = args.strip().casefold()
        self.state.phase = "interview"
        self.state.step = wanted if wanted in STEP_KEYS else STEP_KEYS[0]
        return "edit"

    def cmd_export(self, args: str) -> None:
        try:
            tokens = shlex.split(args)
        except ValueError:
            tokens = args.split()
        force = "--force" in tokens
        tokens = [tok for tok in tokens if tok != "--force"]
        if tokens and tokens[0].casefold() == "profiel":
            tokens[0] = "profile"
        if len(tokens) < 2 or tokens[0].casefold() not in ("md", "markdown", "ics", "profile"):
            self.warn(t("usage", self.lang, usage=t("export_usage", self.lang)))
            return
        kind = tokens[0].casefold()
        path = Path(os.path.expanduser(" ".join(tokens[1:])))
        items = picked(self.state.shortlist, self.rep, self.catalog)
        from fundfinder.output import write_text_atomic

        if kind in ("md", "markdown"):
            text = markdown_with_shortlist(self.rep, self.taxonomy, items)
        elif kind == "ics":
            if not ics_events(items, self.today):
                self.say("no_ics_events", date=day(self.today, self.lang))
                return
            text = shortlist_ics(items, self.today, self.lang)
        else:
            text = profile_yaml(self.state.profile)
        write_text_atomic(path, text, force)
        self.say("wrote", path=str(path))
