"""The architecture is checked, not described only: import layers, no terminal I/O in the core."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_import_contracts_hold() -> None:
    """pyproject.toml's import-linter contracts: the shell over the core, layer by layer
    (which also rules out import circles between the parts), and no rich, typer or
    prompt_toolkit below the shell."""
    linter = Path(sys.executable).parent / "lint-imports"
    done = subprocess.run([str(linter)], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "2 kept, 0 broken" in done.stdout


def test_every_prerequisite_has_a_label_in_both_languages() -> None:
    from fundfinder.i18n import PREREQUISITE_LABELS
    from fundfinder.models import PREREQUISITES

    assert set(PREREQUISITE_LABELS) == set(PREREQUISITES)
    assert all(en and nl for en, nl in PREREQUISITE_LABELS.values())
