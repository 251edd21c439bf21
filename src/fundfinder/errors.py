"""Expected failures: bad input or data. The CLI turns these into `Error: ...` and exit 1.

Every message is a key with parameters (`messages.Msg`), put into words only when shown:
in English by `str()`, in the user's language by `.text(lang)`.
"""

from __future__ import annotations

from typing import NamedTuple

from fundfinder.messages import Msg, msg, table

ERRORS = table(
    "error",
    {
        "word": "Error",
        "interrupted": "Interrupted.",
        "problems_in_profile": (
            "{path}: {n} problem in the profile:",
            "{path}: {n} problems in the profile:",
        ),
        "problems_in_database": (
            "{path}: {n} problem in the funder database:",
            "{path}: {n} problems in the funder database:",
        ),
        "problems_in_grants": (
            "{path}: {n} problem in the grants:",
            "{path}: {n} problems in the grants:",
        ),
        "problems_in_file": ("{path}: {n} problem:", "{path}: {n} problems:"),
        "invalid_database": "invalid funder database:",
        "invalid_grants": "invalid grant history:",
    },
)


class Problem(NamedTuple):
    """One thing wrong with an input, located as precisely as we know."""

    source: str
    line: int | None
    field: str
    message: Msg
    kind: str = ""  # what went wrong, for code to act on ("not_number"); never the wording

    def text(self, lang: str = "en") -> str:
        where = self.source if self.line is None else f"{self.source}:{self.line}"
        said = self.message.text(lang)
        return f"{where}: {self.field}: {said}" if self.field else f"{where}: {said}"

    def __str__(self) -> str:
        return self.text("en")


class FundfinderError(Exception):
    """Base of every expected failure: a message, and the problems it sums up."""

    def __init__(
        self, message: Msg, problems: tuple[Problem, ...] = (), lang: str | None = None
    ) -> None:
        self.message = message
        self.problems = problems
        self.lang = lang  # the input's own language, where it was read (a profile's `lang`)
        super().__init__(self.text("en"))

    def text(self, lang: str = "en") -> str:
        """The whole message in `lang`: the heading, then each problem on its own line."""
        return "\n".join([self.message.text(lang), *self._problem_lines(lang)])

    def _problem_lines(self, lang: str) -> list[str]:
        ordered = sorted(self.problems, key=lambda p: (p.source, p.line or 0))
        return [f"  {p.text(lang)}" for p in ordered]

    @classmethod
    def from_problems(
        cls, heading: Msg, problems: list[Problem], lang: str | None = None
    ) -> FundfinderError:
        return cls(heading, tuple(problems), lang)


class InputFileError(FundfinderError):
    """A file could not be read or is not well-formed YAML."""


class CatalogError(FundfinderError):
    """The funder database (or an overlay) is invalid."""


class ProblemGatherer:
    """Collects the CatalogErrors of several files, to report them all at once."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.errors: list[FundfinderError] = []

    def add(self, exc: CatalogError) -> None:
        self.problems.extend(exc.problems)
        if not exc.problems:
            self.errors.append(exc)

    def raise_if_any(self, heading: Msg) -> None:
        if self.problems or self.errors:
            raise GatheredError(heading, tuple(self.problems), tuple(self.errors))


class GatheredError(CatalogError):
    """Several files' problems at once, with the errors that had no problems listed."""

    def __init__(
        self, heading: Msg, problems: tuple[Problem, ...], errors: tuple[FundfinderError, ...]
    ) -> None:
        self.errors = errors
        super().__init__(heading, problems)

    def text(self, lang: str = "en") -> str:
        lines = [e.text(lang) for e in self.errors] + self._problem_lines(lang)
        return "\n".join([self.message.text(lang), *lines])


class ProfileError(FundfinderError):
    """An organisation profile is invalid."""


class OutputError(FundfinderError):
    """A report or profile could not be written."""


def problems_heading(key: str, path: str, count: int) -> Msg:
    """'mine.yaml: 3 problems in the profile:' (`key` names the kind of file)."""
    return msg(f"error.{key}", path=path, n=count)
