"""The command line (the shell): one typer app, one error boundary, one set of exit statuses.

`commands` holds the shared parts (options, the error boundary, exit statuses, output
helpers) and the report commands; `batch`, `data` and `session` add their
commands to the same app when this package is imported.
"""

from fundfinder.cli import batch, data, session
from fundfinder.cli.commands import ExitCode, app, main

__all__ = ["ExitCode", "app", "batch", "data", "main", "session"]
