"""Synthetic funder databases in the real schema, for benchmarks and scale tests.

Entries are variations of the shipped ones (themes, regions, amounts and
access reshuffled, ids and names made unique), so they exercise every code
path the real data does. They are written as YAML the way curators write it.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
SHIPPED = HERE.parent / "data" / "funders.yaml"


def synthetic_entries(count: int, seed: int = 7) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    base = yaml.safe_load(SHIPPED.read_text(encoding="utf-8"))
    themes = sorted({t for e in base for t in e["themes"]})
    regions = sorted({r for e in base for r in e["regions"]})
    out: list[dict[str, Any]] = []
    for i in range(count):
        entry = dict(rng.choice(base))
        entry["id"] = f"synthetic-{i:06d}"
        entry["name"] = (
            f"Synthetic Fund {i:06d} {rng.choice(['Trust', 'Foundation', 'Fonds', 'Initiative'])}"
        )
        entry["aliases"] = []
        entry["themes"] = rng.sample(themes, rng.randint(1, 4))
        entry["regions"] = rng.sample(regions, rng.randint(1, 3))
        low = rng.choice([None, 5_000, 25_000, 100_000])
        high = rng.choice([None, 50_000, 250_000, 1_000_000, 5_000_000])
        grant = {k: v for k, v in (("min_eur", low), ("max_eur", high)) if v is not None}
        if low and high and low > high:
            grant = {"min_eur": high, "max_eur": low}
        entry["grant"] = grant
        entry["access"] = rng.choice(["open_call", "rolling", "invitation_only", "closed"])
        entry.pop("deadlines", None)
        out.append(entry)
    return out


def write_synthetic(path: Path, count: int, seed: int = 7) -> Path:
    text = yaml.dump(
        synthetic_entries(count, seed),
        Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper),
        allow_unicode=True,
        sort_keys=False,
        width=100,
    )
    path.write_text(text, encoding="utf-8")
    return path


if __name__ == "__main__":
    target = Path(sys.argv[1])
    size = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    write_synthetic(target, size)
    print(f"wrote {size} funders to {target} ({target.stat().st_size / 1048576:.1f} MiB)")
