"""The entry point of `fundfinder` and `python -m fundfinder`.

While the program is still starting (importing its libraries), Ctrl-C and
SIGTERM end it at once with "Interrupted." and exit status 130, or status 143:
there is nothing to clean up yet, and an interrupt raised inside the import
machinery would otherwise print a traceback. Once the command runs, they unwind
normally (see `cli.commands.main`), so drafts are saved and temporary files
removed.
"""

from __future__ import annotations

import os
import signal
import sys

TYPE_CHECKING = False  # not typing's: importing typing would slow the start
if TYPE_CHECKING:
    from typing import NoReturn


def _stop_while_starting(signum: int, _frame: object) -> None:
    if signum == signal.SIGINT:
        try:
            os.write(2, b"Interrupted.\n")
        except OSError:
            pass
        os._exit(130)
    os._exit(143)


def run() -> None:
    signal.signal(signal.SIGINT, _stop_while_starting)
    signal.signal(signal.SIGTERM, _stop_while_starting)
    from fundfinder.cli import main

    signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        main()
    except KeyboardInterrupt:
        try:
            sys.stderr.write("Interrupted.\n")
        except (OSError, ValueError):
            pass
        _exit_interrupted()
    except SystemExit as exc:
        if exc.code == 130:  # interrupted, and said so
            _exit_interrupted()
        raise


def _exit_interrupted() -> NoReturn:
    """Exit with status 130 now, the output flushed.

    An interrupt that lands inside `eval` (typer evaluates the commands' annotations
    while it builds them) marks CPython 3.11 as stopped by an unhandled Ctrl-C even
    when the program handles it, and a normal exit then ends the process by SIGINT
    (status -2, not 130). Everything worth keeping is written by the time we get here.
    """
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    os._exit(130)


if __name__ == "__main__":
    run()
