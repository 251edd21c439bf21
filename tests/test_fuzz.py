"""A short run of the fuzzer (benchmarks/fuzz.py) in the test suite: it must find nothing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

FUZZ = Path(__file__).resolve().parents[1] / "benchmarks" / "fuzz.py"


def test_a_generated_run_finds_no_failure() -> None:
    done = subprocess.run(
        [sys.executable, str(FUZZ), "--count", "150", "--seed", "11", "--jobs", "2"],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "150 cases" in done.stdout
