"""Build hook: compile the message catalogues (locale/*/LC_MESSAGES/*.po) to .mo files.

The .mo files are build products (not in git); the wheel ships them beside the .po files.
A catalogue with a fuzzy or untranslated message still compiles (that message shows in
English); the tests fail on both.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class CompileCatalogues(BuildHookInterface):  # type: ignore[type-arg]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        root = Path(self.root)
        for po in sorted((root / "src" / "fundfinder" / "locale").glob("*/LC_MESSAGES/*.po")):
            with po.open("rb") as fh:
                catalog = read_po(fh)
            mo = po.with_suffix(".mo")
            partial = mo.with_suffix(".mo.part")
            with partial.open("wb") as fh:
                write_mo(fh, catalog)
            partial.replace(mo)
            build_data["artifacts"].append(mo.relative_to(root).as_posix())
