"""Expected failures: bad input or data. The CLI turns these into `Error: ...` and exit 1."""

from __future__ import annotations

from typing import NamedTuple


class Problem(NamedTuple):
    """One thing wrong with an input, located as precisely as we know."""

    source: str
    line: int | None
    field: str
    message: str
    kind: str = ""  # what went wrong, for code to act on ("not_number"); never the wording

    def __str__(self) -> str:
        where = self.source if self.line is None else f"{self.source}:{self.line}"
        return (
            f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        )


class FundfinderError(Exception):
    """Base of every expected failure; its message is shown to the user as is."""

    def __init__(self, message: str, problems: tuple[Problem, ...] = ()) -> None:
        super().__init__(message)
        self.problems = problems

    @classmethod
    def from_problems(cls, heading: str, problems: list[Problem]) -> FundfinderError:
        ordered = sorted(problems, key=lambda p: (p.source, p.line or 0))
        lines = [heading, *(f"  {p}" for p in ordered)]
        return cls("\n".join(lines), tuple(problems))


class InputFileError(FundfinderError):
    """A file could not be read or is not well-formed YAML."""


class CatalogError(FundfinderError):
    """The funder database (or an overlay) is invalid."""


class ProblemGatherer:
    """Collects the CatalogErrors of several files, to report them all at once."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.messages: list[str] = []

    def add(self, exc: CatalogError) -> None:
        self.problems.extend(exc.problems)
        if not exc.problems:
            self.messages.append(str(exc))

    def raise_if_any(self, heading: str) -> None:
        if self.problems or self.messages:
            self.problems.sort(key=lambda p: (p.source, p.line or 0))
            lines = self.messages + [f"  {p}" for p in self.problems]
            raise CatalogError("\n".join([heading, *lines]), tuple(self.problems))


class ProfileError(FundfinderError):
    """An organisation profile is invalid."""


class OutputError(FundfinderError):
    """A report or profile could not be written."""


def counted(n: int, one: str, many: str) -> str:
    """'1 problem', '3 problems': a count with the right form of its noun."""
    return f"{n} {one if n == 1 else many}"
