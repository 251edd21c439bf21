"""The interview part of the session: one question at a time, forgiving answers.

A mixin for `Session` that needs only `ask`, the state and four output hooks
(`say`, `warn`, `say_text`, `save`), so it holds no terminal I/O itself.
'back' returns to the previous question, 'skip' leaves an optional one open,
Enter takes the [default] (the current answer, a suggested correction, or
the step's default), and every accepted answer is saved at once.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Sequence
from typing import Any

from fundfinder.errors import ProfileError
from fundfinder.load.profile import parse_profile
from fundfinder.session.steps import (
    BACK_WORDS,
    HELP_WORDS,
    QUIT_WORDS,
    SKIP_WORDS,
    STEP_KEYS,
    STEPS,
    Step,
    completions,
    get_path,
    set_path,
    shown,
    understand,
)
from fundfinder.session.store import SessionState
from fundfinder.session.texts import t
from fundfinder.taxonomy import Taxonomy

Ask = Callable[[str, Sequence[str]], str]


class Interview:
    """The interview loop; `Session` supplies the I/O hooks."""

    state: SessionState
    taxonomy: Taxonomy
    ask: Ask

    @property
    def lang(self) -> str:
        raise NotImplementedError

    def say(self, key: str, style: str | None = None, **params: Any) -> None:
        raise NotImplementedError

    def warn(self, message: str) -> None:
        raise NotImplementedError

    def say_text(self, text: str) -> None:
        raise NotImplementedError

    def save(self) -> bool:
        raise NotImplementedError

    def _applies(self, step: Step) -> bool:
        if step.dutch_only:
            org = self.state.profile.get("organisation") or {}
            registered = str(org.get("registered_in") or "NL").upper()  # NL: the default
            if registered != "NL":
                return False
        return not step.finance or self.state.want_finances is True

    def _current(self, step: Step) -> Any:
        if step.kind == "gate":
            return self.state.want_finances
        return get_path(self.state.profile, step.path)

    def _store(self, step: Step, value: Any) -> None:
        if step.kind == "gate":
            self.state.want_finances = bool(value)
            if not value:
                self.state.profile.pop("finances", None)
            return
        set_path(self.state.profile, step.path, value)

    def _prompt(self, index: int, default: str) -> str:
        step = STEPS[index]
        applicable = [s for s in STEPS if self._applies(s)]
        n = applicable.index(step) + 1
        text = (
            f"{t('step_of', self.lang, n=n, total=len(applicable))} {t('q_' + step.key, self.lang)}"
        )
        if not step.required and not default:
            text += f" ({t('optional', self.lang)})"
        if default:
            text += f" [{default}]"
        return text + ": "

    def interview(self) -> bool:
        """Ask the steps from the saved one on; False when the adviser quits."""
        if self.state.step is None:
            self.say("welcome", style="bold")
        index = STEP_KEYS.index(self.state.step) if self.state.step in STEP_KEYS else 0
        retry: str | None = None
        while True:
            if index >= len(STEPS):
                index = self._finish()
                if index < 0:
                    return True
                continue
            step = STEPS[index]
            if not self._applies(step):
                index += 1
                continue
            self.state.step = step.key
            default = retry or shown(
                self._current(step) if self._current(step) is not None else step.default,
                self.lang,
            )
            retry = None
            answer = self.ask(
                self._prompt(index, default), completions(step, self.taxonomy, self.lang)
            )
            answer = answer.strip()
            word = answer.casefold()
            if word in BACK_WORDS:
                earlier = [i for i in range(index) if self._applies(STEPS[i])]
                if earlier:
                    index = earlier[-1]
                else:
                    self.say("first_step")
                continue
            if word in HELP_WORDS:
                self.say("step_help")
                continue
            if word in QUIT_WORDS:
                return False
            if word in SKIP_WORDS or (not answer and not default):
                if step.required:
                    self.warn(t("required", self.lang))
                    continue
                self._store(step, False if step.kind == "gate" else None)
                if word in SKIP_WORDS:
                    self.say("skipped", style="dim")
                index += 1
                self.save()
                continue
            outcome = understand(step, answer or default, self.taxonomy, self.lang)
            for path, value in outcome.also:
                set_path(self.state.profile, path, value)
            if outcome.error:
                self.warn(outcome.error)
                retry = outcome.retry
                continue
            for note in outcome.notes:
                self.say_text(note)
            self._store(step, outcome.value)
            index += 1
            self.save()

    def _finish(self) -> int:
        """Check the whole profile; -1 when it is complete, else the step to ask again."""
        self.state.profile.setdefault("lang", self.lang)
        try:
            parse_profile(copy.deepcopy(self.state.profile), "session", self.taxonomy)
        except ProfileError as exc:
            self.warn(t("profile_problems", self.lang))
            for problem in exc.problems:
                self.warn(f"  {problem.field}: {problem.message.text(self.lang)}")
            for problem in exc.problems:
                for i, step in enumerate(STEPS):
                    if step.path and problem.field.startswith(".".join(step.path)):
                        return i
            return 0
        self.state.phase = "results"
        self.state.step = None
        self.save()
        return -1
