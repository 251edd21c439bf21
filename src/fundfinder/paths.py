"""Where the shipped data lives, installed (inside the package) or in a source checkout."""

from __future__ import annotations

from pathlib import Path


def data_dir() -> Path:
    """The folder holding funders.yaml, taxonomy.yaml and the other curated data."""
    packaged = Path(__file__).resolve().parent / "data"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "data"


def data_file(name: str) -> Path:
    return data_dir() / name
