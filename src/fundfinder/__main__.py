"""The entry point of `fundfinder` and `python -m fundfinder`.

Everything, the imports included, runs inside one guard, so Ctrl-C even while
the program is still starting ends with "Interrupted." and exit status 130,
never a traceback.
"""

from __future__ import annotations

import sys


def run() -> None:
    try:
        from fundfinder.cli import main

        main()
    except KeyboardInterrupt:
        try:
            sys.stderr.write("Interrupted.\n")
        except (OSError, ValueError):
            pass
        sys.exit(130)


if __name__ == "__main__":
    run()
