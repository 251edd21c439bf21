"""The grant history at scale: reading, compiling and comparing with a profile.

    python benchmarks/history.py                    # 10k and 100k synthetic grants
    python benchmarks/history.py --sizes 10000 1000000

For each size, a synthetic history in the real schema (`synthetic.py`) is read
in a fresh process twice: cold (validated and compiled into the cache) and warm
(from the cache), each followed by one profile's evidence (the demo profile
compared with every known grant, as a match does). Prints seconds and peak
memory of each child process, and the cold read against the time libyaml's C
loader needs only to parse the same file (the target: at most 1.2 times that).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
PY = sys.executable

CHILD = """
import sys, time
from pathlib import Path
from fundfinder.load.history import load_history
from fundfinder.load.profile import load_profile
from fundfinder.taxonomy import load_taxonomy
t = load_taxonomy()
start = time.perf_counter()
h = load_history(t, folder=Path(sys.argv[1]))
read = time.perf_counter() - start
p = load_profile(Path(sys.argv[2]), t)
start = time.perf_counter()
h.evidence(p)
print(f"{read:.3f} {time.perf_counter() - start:.3f} {len(h)}")
"""


def child(folder: Path, env: dict[str, str]) -> tuple[float, float, float, int]:
    demo = HERE.parent / "data" / "examples" / "demo-profile.yaml"
    proc = subprocess.Popen(
        [PY, "-c", CHILD, str(folder), str(demo)], env=env, stdout=subprocess.PIPE
    )
    assert proc.stdout is not None
    out = proc.stdout.read().decode()
    _, status, usage = os.wait4(proc.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed at {folder}")
    read, evidence, count = out.split()
    return float(read), float(evidence), usage.ru_maxrss / 1024, int(count)


PARSE = """
import sys, time, yaml
start = time.perf_counter()
with open(sys.argv[1], "rb") as fh:
    yaml.load(fh, Loader=yaml.CSafeLoader)
print(f"{time.perf_counter() - start:.3f}")
"""


def c_parse(folder: Path) -> float:
    files = sorted(folder.glob("*.yaml"))
    return sum(
        float(subprocess.run([PY, "-c", PARSE, str(f)], check=True, capture_output=True).stdout)
        for f in files
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[10000, 100000])
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="fundfinder-history-"))
    env = {**os.environ, "FUNDFINDER_CACHE_DIR": str(work / "cache")}
    env.pop("FUNDFINDER_NO_CACHE", None)
    print(
        f"{'grants':>9}  {'C parse':>8}  {'read cold':>9}  {'ratio':>6}  {'cold MiB':>8}  "
        f"{'read warm':>9}  {'evidence':>8}  {'warm MiB':>8}"
    )
    for size in args.sizes:
        folder = work / f"grants-{size}"
        subprocess.run(
            [PY, str(HERE / "synthetic.py"), str(folder), str(size), "grants"],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        parse = c_parse(folder)
        cold, _ev, cold_mem, count = child(folder, env)
        warm, evidence, warm_mem, _ = child(folder, env)
        print(
            f"{count:>9,}  {parse:>8.2f}  {cold:>9.2f}  {cold / parse:>5.2f}x  {cold_mem:>8.0f}  "
            f"{warm:>9.2f}  {evidence:>8.2f}  {warm_mem:>8.0f}"
        )
    print(f"\npython {sys.version.split()[0]}, {os.cpu_count()} cores")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
