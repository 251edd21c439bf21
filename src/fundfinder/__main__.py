"""Allow `python -m fundfinder`."""

from fundfinder.cli import main

main()
