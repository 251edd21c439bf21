"""Synthetic funder databases and grant histories in the real schema, for benchmarks.

    python benchmarks/synthetic.py overlay.yaml 10000           # funders
    python benchmarks/synthetic.py grants-folder 100000 grants  # past grants

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


def _as_yaml(data: Any) -> str:
    """YAML the way curators write it (the C dumper where there is one)."""
    return yaml.dump(
        data,
        Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper),
        allow_unicode=True,
        sort_keys=False,
        width=100,
    )


def write_synthetic(path: Path, count: int, seed: int = 7) -> Path:
    path.write_text(_as_yaml(synthetic_entries(count, seed)), encoding="utf-8")
    return path


GRANTS = HERE.parent / "data" / "grants"


def synthetic_grants(count: int, seed: int = 7) -> list[dict[str, Any]]:
    """Past grants in the real schema: the shipped ones recombined (recipients' words,
    places, registration, type and size mixed; funders drawn from the shipped database), with
    unique recipient names so that each recipient is its own case."""
    rng = random.Random(seed)
    base = [
        g
        for path in sorted(GRANTS.glob("*.yaml"))
        for g in yaml.safe_load(path.read_text(encoding="utf-8")) or []
    ]
    funders = [e["id"] for e in yaml.safe_load(SHIPPED.read_text(encoding="utf-8"))]
    phrases = [t for g in base for t in g["recipient"].get("themes") or []]
    places = [r for g in base for r in g["recipient"].get("regions") or []]
    registered = [g["recipient"].get("registered_in") for g in base]
    out: list[dict[str, Any]] = []
    for i in range(count):
        source = rng.choice(base)
        recipient: dict[str, Any] = {"name": f"Synthetic Recipient {i // 3:07d}"}
        reg = rng.choice(registered)
        if reg:
            recipient["registered_in"] = reg
        recipient["org_type"] = rng.choice(["ngo", "ngo", "grassroots", "network", "research"])
        if rng.random() < 0.5:
            recipient["size_band"] = rng.choice(["xs", "s", "m", "l", "xl"])
        recipient["themes"] = rng.sample(phrases, rng.randint(1, 4))
        recipient["regions"] = rng.sample(places, rng.randint(1, 3))
        grant: dict[str, Any] = {
            "funder": rng.choice(funders),
            "recipient": recipient,
            "year": rng.randint(2010, 2026),
            "sources": list(source["sources"]),
        }
        if rng.random() < 0.5:
            grant["amount_eur"] = rng.choice([5_000, 25_000, 100_000, 500_000])
        out.append(grant)
    return out


GRANTS_PER_FILE = 100_000  # as public datasets come: a file per publisher or year


def write_synthetic_grants(folder: Path, count: int, seed: int = 7) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    grants = synthetic_grants(count, seed)
    for n, start in enumerate(range(0, count, GRANTS_PER_FILE)):
        name = "synthetic.yaml" if count <= GRANTS_PER_FILE else f"synthetic-{n:03d}.yaml"
        (folder / name).write_text(
            _as_yaml(grants[start : start + GRANTS_PER_FILE]), encoding="utf-8"
        )
    return folder


if __name__ == "__main__":
    target = Path(sys.argv[1])
    size = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    if len(sys.argv) > 3 and sys.argv[3] == "grants":
        write_synthetic_grants(target, size)
        print(f"wrote {size} grants to {target}")
    else:
        write_synthetic(target, size)
        print(f"wrote {size} funders to {target} ({target.stat().st_size / 1048576:.1f} MiB)")
