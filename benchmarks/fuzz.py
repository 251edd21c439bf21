"""Hostile inputs through the real command line, counted by kind of failure.

    python benchmarks/fuzz.py                      # 2,000 generated cases
    python benchmarks/fuzz.py --count 300 --seed 7 --jobs 2

Each case is a command line with its own files (a profile, a database overlay,
a session draft, tampered cache entries, an output target), environment,
standard input and sometimes a signal at a random moment. Cases run in real
processes: a warm parent forks one child per case, which runs the entry point
(`fundfinder.__main__.run`) with the case's argv, environment, working folder
and standard streams; one case in twenty starts a fresh interpreter instead
(signals during start-up, narrow encodings).

Counted for every case: tracebacks, internal errors (exit 3), exit statuses
other than 0, 1, 2 (130/143 allowed after a signal), escape, C1 or bidi
characters in any output, raw HTML or live links in markdown, a device or FIFO
replaced, leftover temporary files, a planted command run, hangs (over
--timeout seconds) and peak memory over --max-mib. Prints a table and the first
example of each kind; exits 1 if anything was found.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import signal
import stat
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
PWNED = "fuzz-pwned-marker"
FRESH_START = 0.08  # seconds a fresh interpreter needs before it runs fundfinder's code

INJECT = [
    "\x1b[2J",
    "\x1b]0;owned\x07",
    "\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\",
    "\u202eevil",
    "\u2066iso\u2069",
    "\x9b31m",
    "\r\x00\x08",
    "[bold red]markup[/bold red]",
    "<img src=x onerror=alert(1)>",
    "<script>alert(1)</script>",
    "```",
    "~~~",
    "https://evil.example/x",
    "www.evil.example",
    "[click](javascript:alert(1))",
    "&lt;b&gt; &amp; &#x3c;",
    "| a | b |",
    "# heading",
    "1. list",
    "\\",
    "%s %n {0} ${HOME}",
    "é ﬁ 😀 中文",
    "---",
    "*bold* _it_",
    "A" * 3000,
]
THEMES = ["SRHR", "youth", "water and sanitation", "schoolmaaltijden", "klimaat", "xyzzy"]
PLACES = ["Uganda", "Gulu", "Guatamala", "Noord-Brabant", "East Africa", "Mars", "NL"]
CASE_KINDS = [
    "match",
    "match",
    "match",
    "check",
    "show",
    "search",
    "list",
    "validate",
    "session",
    "resume",
    "batch",
    "env",
    "output",
    "cache",
]


def hostile(rng: random.Random) -> str:
    """One control-bearing piece and one or two markup pieces, in random order."""
    parts = [rng.choice(INJECT[:7])] + [rng.choice(INJECT[7:]) for _ in range(rng.randint(1, 2))]
    rng.shuffle(parts)
    return "".join(parts)


def odd_value(rng: random.Random) -> object:
    return rng.choice(
        [
            None,
            True,
            0,
            -1,
            10 ** rng.randint(3, 400),
            -(10**30),
            1.5e308,
            float("nan"),
            float("inf"),
            "",
            hostile(rng),
            [hostile(rng)],
            {"k": hostile(rng)},
            [[[]]],
            "2026-02-30",
            "1,2 mln",
            "9" * 50,
        ]
    )


def profile(rng: random.Random) -> dict[str, object]:
    data = yaml.safe_load((ROOT / "data" / "examples" / "demo-profile.yaml").read_text())
    org = data["organisation"]
    if rng.random() < 0.6:
        org["name"] = rng.choice(["Stichting ", "", "Org "]) + hostile(rng)
    if rng.random() < 0.4:
        data["themes"] = [rng.choice([*THEMES, hostile(rng)]) for _ in range(rng.randint(1, 4))]
    if rng.random() < 0.3:
        data["regions"] = [rng.choice([*PLACES, hostile(rng)]) for _ in range(rng.randint(1, 3))]
    for _ in range(rng.choice([0, 0, 1, 2, 4])):
        part = rng.choice(["organisation", "need", "finances", None])
        holder = data if part is None else data.setdefault(part, {})
        if not isinstance(holder, dict):
            continue
        key = rng.choice([*list(holder), "unknown_key", "lang", "staff_fte"])
        if rng.random() < 0.2:
            holder.pop(key, None)
        else:
            holder[key] = odd_value(rng)
    if rng.random() < 0.1:
        data["lang"] = rng.choice(["nl", "en", "fr", hostile(rng)])
    return data


def as_text(rng: random.Random, data: object) -> bytes:
    text = yaml.safe_dump(data, allow_unicode=rng.random() < 0.7, sort_keys=False)
    raw = text.encode("utf-8")
    roll = rng.random()
    if roll < 0.05:
        raw = raw[: rng.randint(0, len(raw))]
    elif roll < 0.10:
        pos = rng.randrange(max(len(raw), 1))
        raw = raw[:pos] + bytes([rng.randrange(256)]) + raw[pos + 1 :]
    elif roll < 0.13:
        raw = text.encode("utf-16")
    elif roll < 0.15:
        raw = text.encode("latin-1", "replace")
    elif roll < 0.18:
        raw = b"\xef\xbb\xbf" + raw
    elif roll < 0.21:
        raw += f'\nx: !!python/object/apply:os.system ["touch {PWNED}"]\n'.encode()
    elif roll < 0.23:
        raw = b"a: &a [x, x, x, x, x, x, x, x]\n" + b"".join(
            f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n".encode()
            for p, c in zip("abcdefgh", "bcdefghi", strict=True)
        )
    elif roll < 0.25:
        raw = raw.replace(b"  ", b"\t", 1)
    elif roll < 0.27:
        raw += b"organisation: {name: twice}\n"  # a duplicate key
    return raw


def overlay(rng: random.Random, shipped: list[dict[str, object]]) -> list[dict[str, object]]:
    out = []
    for n, base in enumerate(rng.sample(shipped, rng.randint(1, 4))):
        entry = yaml.safe_load(yaml.safe_dump(base))
        entry["id"] = f"fz-{n}-{rng.randrange(10**6)}"
        entry["name"] = f"Fuzz {n} {hostile(rng)}"
        entry.pop("aliases", None)
        entry.pop("parent", None)
        entry["summary"] = {"en": hostile(rng), "nl": hostile(rng)}
        entry["keywords"] = [hostile(rng)]
        elig = entry.setdefault("eligibility", {}) or {}
        entry["eligibility"] = elig
        elig["notes"] = hostile(rng)[:1500]
        if rng.random() < 0.3:
            entry["url"] = rng.choice(["javascript:alert(1)", "https://ok.example/" + hostile(rng)])
        if rng.random() < 0.3:
            entry["sources"] = [rng.choice(["https://x.example/\x1b[2J", "ftp://x", hostile(rng)])]
        if rng.random() < 0.25:
            field = rng.choice(["grant", "calls", "as_of", "type", "regions", "themes", "access"])
            entry[field] = odd_value(rng)
        out.append(entry)
    return out


def session_input(rng: random.Random) -> bytes:
    words = [
        "list",
        "show 1",
        "show 999",
        "shortlist 1",
        "shortlist 2",
        "why 3",
        "filter type foundation",
        "filter " + hostile(rng),
        "weights themes=0,6",
        "profile",
        "excluded",
        "help",
        "export md out.md",
        "export ics out.ics",
        "export profile out.yaml --force",
        hostile(rng),
        "",
    ]
    lines = [rng.choice(words) for _ in range(rng.randint(0, 6))]
    if rng.random() < 0.8:
        lines.append("quit")
    return ("\n".join(lines) + "\n").encode()


class Case:
    def __init__(self, n: int, folder: Path) -> None:
        self.n = n
        self.folder = folder
        self.args: list[str] = []
        self.env: dict[str, str] = {}
        self.stdin = b""
        self.signal: tuple[float, int] | None = None
        self.fresh = False
        self.encoding: str | None = None
        self.markdown: list[Path] = []  # files (or "-") expected to hold markdown
        self.devices: list[Path] = []


def make_case(
    n: int, rng: random.Random, root: Path, shipped: list[dict[str, object]], cache: Path
) -> Case:
    folder = root / f"c{n:05d}"
    folder.mkdir()
    case = Case(n, folder)
    case.env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(folder),
        "FUNDFINDER_TODAY": "2026-11-26",
        "FUNDFINDER_CACHE_DIR": str(cache),
        "FUNDFINDER_DATA_DIR": str(folder / "data"),
        "NO_COLOR": "1",
        "COLUMNS": "100",
    }
    prof = folder / "p.yaml"
    prof.write_bytes(as_text(rng, profile(rng)))
    db = folder / "o.yaml"
    entries = overlay(rng, shipped) if rng.random() < 0.5 else []
    db.write_bytes(as_text(rng, entries) if entries else b"")
    dbargs = ["--db", str(db)] if db.stat().st_size else []
    kind = rng.choice(CASE_KINDS)
    fmt = rng.choice(["terminal", "json", "markdown"])
    if kind == "match":
        case.args = ["match", str(prof), "-f", fmt, *dbargs]
        if rng.random() < 0.5:
            case.args += ["--top", rng.choice(["0", "1", "5", "20", "-1", "1000001", "x"])]
        if rng.random() < 0.3:
            case.args += ["--lang", rng.choice(["nl", "en", "fr"])]
        if rng.random() < 0.3:
            case.args.append("--excluded")
        if fmt == "markdown":
            case.markdown.append(Path("-"))
    elif kind == "check":
        case.args = ["profile", "check", str(prof)]
    elif kind == "show":
        target = rng.choice(["fz-0", "stichting-doen", hostile(rng), "doen"])
        if entries:
            target = entries[0]["id"]
        case.args = ["funders", "show", str(target), "-f", fmt, *dbargs]
        if fmt == "markdown":
            case.markdown.append(Path("-"))
    elif kind == "search":
        case.args = ["funders", "search", rng.choice(["doen", "fuzz", hostile(rng)]), *dbargs]
    elif kind == "list":
        case.args = ["funders", "list", "-f", rng.choice(["json", "terminal"]), *dbargs]
    elif kind == "validate":
        case.args = ["db", "validate", *dbargs] + (["--strict"] if rng.random() < 0.3 else [])
    elif kind in ("session", "resume"):
        drafts = folder / "data" / "session" / "drafts"
        drafts.mkdir(parents=True)
        if kind == "session":
            case.args = ["session", "--profile", str(prof), *dbargs]
        else:
            state = {
                "fundfinder_session": 1,
                "phase": rng.choice(["results", "interview", hostile(rng)]),
                "profile": profile(rng),
                "shortlist": [{"id": "stichting-doen", "note": hostile(rng)}],
                "filters": {"type": hostile(rng)},
            }
            draft = drafts / "d.yaml"
            roll = rng.random()
            if roll < 0.1:
                os.mkfifo(draft)
            elif roll < 0.15:
                draft.symlink_to("/dev/zero")
            else:
                draft.write_bytes(as_text(rng, state))
            case.args = ["session", "--resume", *dbargs]
        case.stdin = session_input(rng)
        case.markdown.append(folder / "out.md")
    elif kind == "batch":
        members = folder / "members"
        members.mkdir()
        for i in range(rng.randint(1, 4)):
            (members / f"m{i}.yaml").write_bytes(as_text(rng, profile(rng)))
        case.args = ["batch", str(members), "--out", str(folder / "out"), *dbargs]
        if rng.random() < 0.3:
            case.args += ["--lang", "nl"]
        case.markdown += [folder / "out" / f"m{i}.md" for i in range(4)]
    elif kind == "env":
        case.args = ["demo", "-f", fmt]
        key, value = rng.choice(
            [
                ("FUNDFINDER_TODAY", rng.choice(["9999-12-31", "0001-01-01", "x", "2026-02-30"])),
                ("COLUMNS", rng.choice(["0", "1", "7", "-3", "abc", "100000"])),
                ("LC_ALL", rng.choice(["C", "tr_TR.UTF-8", "nl_NL.ISO-8859-1"])),
                ("TERM", rng.choice(["dumb", "xterm-256color", ""])),
                ("FUNDFINDER_DB", rng.choice(["/dev/zero", "/nonexistent", str(folder)])),
            ]
        )
        case.env[key] = value
        if rng.random() < 0.4:
            case.fresh = True
            case.encoding = rng.choice(["ascii", "latin-1", "utf-8"])
        if fmt == "markdown":
            case.markdown.append(Path("-"))
    elif kind == "output":
        fifo = folder / "fifo"
        os.mkfifo(fifo)
        existing = folder / "exists.md"
        existing.write_text("keep\n")
        link = folder / "link.md"
        link.symlink_to(existing)
        target = rng.choice(
            ["-", "/dev/null", "/dev/stdout", str(fifo), str(existing), str(link), "x" * 300]
        )
        case.args = ["demo", "-o", target] + (["--force"] if rng.random() < 0.5 else [])
        case.devices = [Path("/dev/null"), fifo]
    else:  # tampered cache
        own = folder / "cache"
        shutil.copytree(cache, own)
        case.env["FUNDFINDER_CACHE_DIR"] = str(own)
        for entry in sorted(own.iterdir()):
            roll = rng.random()
            if roll < 0.2:
                raw = bytearray(entry.read_bytes())
                raw[rng.randrange(len(raw))] ^= 0xFF
                entry.write_bytes(bytes(raw))
            elif roll < 0.3:
                entry.write_bytes(entry.read_bytes()[: rng.randint(0, 200)])
            elif roll < 0.4:
                entry.unlink()
                os.mkfifo(entry)
            elif roll < 0.5:
                entry.unlink()
                entry.symlink_to("/dev/zero")
        case.args = ["demo", "-f", fmt]
    case.args = [arg.replace("\x00", "") for arg in case.args]  # no shell passes a NUL
    if rng.random() < 0.06:
        case.signal = (rng.uniform(0.0, 0.6), rng.choice([signal.SIGINT, signal.SIGTERM]))
        if rng.random() < 0.5:
            # a new interpreter: the signal comes once Python itself has started (a signal
            # during the interpreter's own start-up, before any of fundfinder runs, is Python's)
            case.fresh = True
            case.signal = (max(case.signal[0], FRESH_START), case.signal[1])
    return case


def start(case: Case, timeout: float) -> int:
    out = os.open(case.folder / "stdout", os.O_WRONLY | os.O_CREAT, 0o600)
    err = os.open(case.folder / "stderr", os.O_WRONLY | os.O_CREAT, 0o600)
    (case.folder / "stdin").write_bytes(case.stdin)
    inp = os.open(case.folder / "stdin", os.O_RDONLY)
    if case.fresh:  # a new interpreter: fork and exec (not subprocess, which reaps on its own)
        env = dict(case.env)
        if case.encoding:
            env["PYTHONIOENCODING"] = case.encoding
        pid = os.fork()
        if pid == 0:
            try:
                os.chdir(case.folder)
                os.dup2(inp, 0)
                os.dup2(out, 1)
                os.dup2(err, 2)
                os.execve(sys.executable, [sys.executable, "-m", "fundfinder", *case.args], env)
            finally:
                os._exit(127)
    else:
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:  # the child: the case's world, then the real entry point
            code = 1
            try:
                os.chdir(case.folder)
                os.dup2(inp, 0)
                os.dup2(out, 1)
                os.dup2(err, 2)
                os.environ.clear()
                os.environ.update(case.env)
                signal.signal(signal.SIGINT, signal.default_int_handler)
                signal.signal(signal.SIGTERM, signal.SIG_DFL)
                sys.argv = ["fundfinder", *case.args]
                from fundfinder.__main__ import run

                run()
                code = 0
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
            except BaseException:
                import traceback

                traceback.print_exc()
                code = 1
            finally:
                try:
                    sys.stdout.flush()
                    sys.stderr.flush()
                except BaseException:
                    pass
                os._exit(code)
    for fd in (out, err, inp):
        os.close(fd)
    return pid


MD_FENCE = re.compile(r"(?ms)^(`{3,}|~{3,})[^\n]*\n.*?^\1[`~]*[ \t]*$")
MD_CODE = re.compile(r"(?<![\\`])(`+)(?!`).*?(?<!`)\1(?!`)")  # an escaped backtick opens none
OUR_LINK = re.compile(r"\]\(<https?://[^>\s]+>\)")
OUR_AUTOLINK = re.compile(r"<https?://[^>\s]+>")


def markdown_faults(md: str) -> list[str]:
    text = MD_CODE.sub("", MD_FENCE.sub("", md))
    found = []
    if re.search(r"(?<!\\)\]\((?!<https?://)", text):
        found.append("markdown link from data")
    text = OUR_AUTOLINK.sub("", OUR_LINK.sub("]", text))
    if re.search(r"(?<!\\)<[A-Za-z/!?]", text):
        found.append("raw HTML in markdown")
    if re.search(r"(?i)(?<![\w/@.-])(?:https?://|www\.)[\w-]", text):
        found.append("live link in markdown")
    return found


UNSAFE_OUT = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def judge(case: Case, code: int, max_rss_mib: float, max_mib: float) -> list[str]:
    faults = []
    texts = {}
    for name in ("stdout", "stderr"):
        raw = (case.folder / name).read_bytes()
        texts[name] = raw.decode("utf-8", "replace")
    both = texts["stdout"] + texts["stderr"]
    if "Traceback (most recent call last)" in both:
        faults.append("traceback")
    if code == 3 or "a bug in fundfinder" in both:
        faults.append("internal error")
    allowed = {0, 1, 2} | ({130, 143, -2, -15} if case.signal else set())
    if code not in allowed and code != 3:
        faults.append(f"exit status {code}")
    if UNSAFE_OUT.search(both.replace("\r\n", "\n")):
        faults.append("escape or bidi in output")
    for target in case.markdown:
        if str(target) == "-":
            md = texts["stdout"] if code == 0 else ""
        elif target.is_file():
            md = target.read_text("utf-8", "replace")
            if UNSAFE_OUT.search(md):
                faults.append("escape or bidi in a file")
        else:
            md = ""
        faults += markdown_faults(md)
    if not stat.S_ISCHR(os.stat("/dev/null").st_mode):
        faults.append("device replaced")
    for device in case.devices:
        if (
            device.exists()
            and device != Path("/dev/null")
            and not stat.S_ISFIFO(os.lstat(device).st_mode)
        ):
            faults.append("FIFO replaced")
    if any(p.name.endswith(".tmp") for p in case.folder.rglob("*") if p.name.startswith(".")):
        if not case.signal:
            faults.append("temporary file left")
    if (case.folder / PWNED).exists():
        faults.append("planted command ran")
    if max_rss_mib > max_mib:
        faults.append("memory")
    return faults


def _signal(pid: int, number: int) -> None:
    try:
        os.kill(pid, number)
    except ProcessLookupError:  # it has just ended
        pass


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--timeout", type=float, default=30.0)
    parser.add_argument("--max-mib", type=float, default=1024.0)
    parser.add_argument("--keep", action="store_true", help="keep the cases' folders")
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT / "src"))
    import fundfinder.__main__
    import fundfinder.cli  # noqa: F401

    rng = random.Random(args.seed)
    shipped = yaml.safe_load((ROOT / "data" / "funders.yaml").read_text())
    root = Path(tempfile.mkdtemp(prefix="fundfinder-fuzz-"))
    cache = root / "cache"
    warm = make_case(0, random.Random(0), root, shipped, cache)
    warm.args, warm.fresh, warm.signal = ["demo"], True, None
    os.waitpid(start(warm, args.timeout), 0)

    counts: Counter[str] = Counter()
    statuses: Counter[int] = Counter()
    examples: dict[str, str] = {}
    running: dict[int, tuple[Case, float, bool]] = {}
    killed: set[int] = set()
    done = 0
    started = time.perf_counter()
    pending = iter(range(1, args.count + 1))
    exhausted = False
    while running or not exhausted:
        while not exhausted and len(running) < args.jobs:
            n = next(pending, None)
            if n is None:
                exhausted = True
                break
            case = make_case(n, rng, root, shipped, cache)
            running[start(case, args.timeout)] = (case, time.monotonic(), False)
        now = time.monotonic()
        for pid, (case, at, sent) in list(running.items()):
            if case.signal and not sent and now - at >= case.signal[0]:
                _signal(pid, case.signal[1])
                running[pid] = (case, at, True)
            if now - at > args.timeout and pid not in killed:
                _signal(pid, signal.SIGKILL)
                killed.add(pid)
                counts["hang"] += 1
                examples.setdefault("hang", " ".join(case.args))
        try:
            pid, status, usage = os.wait4(-1, os.WNOHANG)
        except ChildProcessError:
            pid = 0
        if pid == 0:
            time.sleep(0.005)
            continue
        if pid not in running:
            continue
        case, _at, _sig = running.pop(pid)
        code = os.waitstatus_to_exitcode(status)
        faults = judge(case, code, usage.ru_maxrss / 1024, args.max_mib)
        statuses[code] += 1
        done += 1
        for fault in faults:
            counts[fault] += 1
            examples.setdefault(fault, f"case {case.n}: fundfinder {' '.join(case.args)[:300]}")
        if not args.keep and not faults:
            shutil.rmtree(case.folder, ignore_errors=True)
    elapsed = time.perf_counter() - started
    kinds = [
        "traceback",
        "internal error",
        "exit status",
        "escape or bidi in output",
        "escape or bidi in a file",
        "raw HTML in markdown",
        "live link in markdown",
        "markdown link from data",
        "device replaced",
        "FIFO replaced",
        "temporary file left",
        "planted command ran",
        "hang",
        "memory",
    ]
    print(f"{done} cases in {elapsed:.0f} s (seed {args.seed}, {args.jobs} at a time)")
    print("exit statuses: " + ", ".join(f"{k}: {v}" for k, v in sorted(statuses.items())))
    print(f"{'failure':32} {'cases':>6}")
    for kind in kinds:
        total = sum(v for k, v in counts.items() if k.startswith(kind))
        print(f"{kind:32} {total:>6}")
    for kind, example in examples.items():
        print(f"\nfirst '{kind}': {example}")
    if examples:
        print(f"\ncases kept under {root}")
    else:
        shutil.rmtree(root, ignore_errors=True)
    return 1 if counts else 0


if __name__ == "__main__":
    sys.exit(main())
