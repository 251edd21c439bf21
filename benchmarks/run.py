"""Speed and memory of fundfinder, as ratios to the cost of importing its libraries.

    python benchmarks/run.py            # sizes 1k, 10k, 100k
    python benchmarks/run.py --sizes 1000 10000 --repeat 5
    python benchmarks/run.py --sizes 100000 --grants 1000000 --repeat 3

Prints one table: the import floor (a fresh interpreter importing typer, rich,
rapidfuzz and yaml), `fundfinder --help`, `fundfinder demo`, and for each
synthetic database size: the time libyaml's C loader takes merely to parse the
overlay; the first (cold: empty cache) and repeat (warm) match of the demo
profile against the shipped data plus that overlay; the same warm match as JSON
and as markdown with --top 20; and the session's first screen. Each figure is
the best of `--repeat` runs (the cold ones run once per repeat with a fresh
cache), with peak memory. Targets: --help <= 1.0x floor, demo <= 1.3x, warm
(any format) <= 5x and <= 500 MiB, cold <= C-parse x 1.2.

With `--grants N`, every match of the sizes also reads a synthetic grant history of N
grants (`--grants FOLDER`, as an association adds its own), and the C-parse figure
covers the overlay and the grants together.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PY = sys.executable


def run(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds and peak resident MiB of one child process."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode() if proc.stderr else ""
    if proc.returncode != 0:
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(cmd)}\n{err}")
    return elapsed, usage.ru_maxrss / 1024


def best(
    cmd: list[str], env: dict[str, str], repeat: int, fresh_cache: bool = False
) -> tuple[float, float]:
    times, peaks = [], []
    for _ in range(repeat):
        if fresh_cache:
            shutil.rmtree(env["FUNDFINDER_CACHE_DIR"], ignore_errors=True)
        t, m = run(cmd, env)
        times.append(t)
        peaks.append(m)
    return min(times), max(peaks)


def best_with_input(
    cmd: list[str], env: dict[str, str], repeat: int, stdin: bytes, work: Path
) -> tuple[float, float]:
    """As `best`, for a command that reads standard input (the session's first screen)."""
    times, peaks = [], []
    state = {**env, "FUNDFINDER_DATA_DIR": str(work / "state")}
    for _ in range(repeat):
        start = time.perf_counter()
        proc = subprocess.Popen(
            cmd, env=state, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        assert proc.stdin is not None
        proc.stdin.write(stdin)
        proc.stdin.close()
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        times.append(time.perf_counter() - start)
        peaks.append(usage.ru_maxrss / 1024)
    return min(times), max(peaks)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 10000, 100000])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--grants", type=int, default=0, help="extra synthetic grants")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="fundfinder-bench-"))
    env = {
        **os.environ,
        "FUNDFINDER_CACHE_DIR": str(work / "cache"),
        "FUNDFINDER_TODAY": "2026-11-26",
    }
    env.pop("FUNDFINDER_NO_CACHE", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # measure with compiled bytecode, as installed
    ff = [PY, "-m", "fundfinder"]
    rows: list[tuple[str, float, float, str]] = []
    floor, floor_mem = best([PY, "-c", "import typer, rich, rapidfuzz, yaml"], env, args.repeat)
    rows.append(("import floor (typer, rich, rapidfuzz, yaml)", floor, floor_mem, "1.00x"))
    t, m = best([*ff, "--help"], env, args.repeat)
    rows.append(("fundfinder --help", t, m, f"{t / floor:.2f}x floor (target <= 1.0)"))
    run([*ff, "demo"], env)  # compile the shipped data once
    t, m = best([*ff, "demo"], env, args.repeat)
    rows.append(("fundfinder demo (warm cache)", t, m, f"{t / floor:.2f}x floor (target <= 1.3)"))
    extra: list[str] = []
    grant_files: list[Path] = []
    if args.grants:
        folder = work / f"grants-{args.grants}"
        subprocess.run(
            [PY, str(HERE / "synthetic.py"), str(folder), str(args.grants), "grants"],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        extra = ["--grants", str(folder)]
        grant_files = sorted(folder.glob("*.yaml"))
    label = f" + {args.grants:,} grants" if args.grants else ""
    for size in args.sizes:
        # Generated in a child process: a child's peak memory counts its parent's at fork time,
        # so the parent must stay small for the figures below to mean anything.
        overlay = work / f"synthetic-{size}.yaml"
        subprocess.run(
            [PY, str(HERE / "synthetic.py"), str(overlay), str(size)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        parsed = [str(overlay), *map(str, grant_files)]
        parse_cmd = [
            PY,
            "-c",
            f"import yaml\nfor f in {parsed!r}: yaml.load(open(f, 'rb'), Loader=yaml.CSafeLoader)",
        ]
        cold_repeat = 1 if size >= 100000 else min(args.repeat, 3)
        p, pm = best(parse_cmd, env, cold_repeat)
        rows.append((f"{size:>7,} funders{label}: libyaml C parse only", p, pm, ""))
        cmd = [*ff, "demo", "--db", str(overlay), *extra]
        c, cm = best(cmd, env, cold_repeat, fresh_cache=True)
        rows.append(
            (
                f"{size:>7,} funders{label}: first match (cold)",
                c,
                cm,
                f"{c / p:.2f}x C parse (target <= 1.2)",
            )
        )
        run(cmd, env)
        w, wm = best(cmd, env, args.repeat)
        rows.append((f"{size:>7,} funders{label}: repeat match (warm)", w, wm,
                     f"{w / floor:.1f}x floor (target <= 5); {wm:.0f} MiB (target <= 500)"))  # fmt: skip
        for fmt in ("json", "markdown"):
            w, wm = best([*cmd, "--format", fmt, "--top", "20"], env, args.repeat)
            rows.append((f"{size:>7,} funders{label}: warm, {fmt} --top 20", w, wm,
                         f"{w / floor:.1f}x floor (target <= 5); {wm:.0f} MiB"))  # fmt: skip
        session = [*ff, "session", "--profile", str(HERE.parent / "data" / "examples"
                                                      / "demo-profile.yaml"), "--db", str(overlay), *extra]  # fmt: skip
        w, wm = best_with_input(session, env, args.repeat, b"quit\n", work)
        rows.append((f"{size:>7,} funders{label}: session, first screen", w, wm,
                     f"{w / floor:.1f}x floor (target <= 5); {wm:.0f} MiB"))  # fmt: skip
    width = max(len(r[0]) for r in rows)
    print(f"{'what':<{width}}  {'seconds':>8}  {'peak MiB':>8}  ratio")
    for name, secs, mem, ratio in rows:
        print(f"{name:<{width}}  {secs:>8.3f}  {mem:>8.0f}  {ratio}")
    print(f"\npython {sys.version.split()[0]}, {os.cpu_count()} cores; best of {args.repeat} runs")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
