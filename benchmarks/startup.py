"""Start-up time of the `helpline` command, as a new user meets it: every run a fresh process.

Usage: nice .venv/bin/python benchmarks/startup.py [--runs 5] [--only help,customer,chat,nlu]

A demo database is seeded in a temporary SQLite file. Each command then runs --runs times with
a warm cache (the fitted intent models already in HELPLINE_CACHE_DIR) and, separately, with an
empty cache folder (a new one per run, so the models are fitted and stored). For each, the
median wall-clock time and the median CPU time of the process (user + system, from
resource.getrusage(RUSAGE_CHILDREN)) are printed, then one markdown table for
docs/benchmarks.md.

- help:     `helpline --help`
- customer: `helpline customer 9876543210`
- chat:     `helpline chat` with "9876543210" piped in; wall time is from the start of the
            process to its first reply line on stdout
- nlu:      `helpline nlu "mera balance kitna hai"`
"""

import argparse
import os
import platform
import resource
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

PHONE = "9876543210"
COMMANDS: dict[str, tuple[list[str], str | None]] = {
    "help": (["--help"], None),
    "customer": (["customer", PHONE], None),
    "chat": (["chat"], f"{PHONE}\n"),
    "nlu": (["nlu", "mera balance kitna hai"], None),
}
TARGETS = {"help": 0.5, "customer": 1.0, "chat": 1.5, "nlu": None}
COLD_TARGET = 4.0


@dataclass(frozen=True)
class Run:
    wall_s: float
    cpu_s: float


def helpline_command() -> list[str]:
    """The installed console script beside this interpreter, else the same entry point."""
    script = Path(sys.executable).with_name("helpline")
    if script.is_file():
        return [str(script)]
    return [sys.executable, "-c", "from helpline.cli import main; main()"]


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_once(args: Sequence[str], stdin: str | None, env: dict[str, str]) -> Run:
    """One fresh process; for piped input the wall time stops at the first line of output."""
    cpu_before = _children_cpu()
    start = time.perf_counter()
    process = subprocess.Popen(
        [*helpline_command(), *args],
        stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        text=True,
    )
    assert process.stdout is not None
    if stdin is not None:
        assert process.stdin is not None
        process.stdin.write(stdin)
        process.stdin.flush()
        first = process.stdout.readline()
        wall = time.perf_counter() - start
        rest, errors = process.communicate(timeout=120)  # closes stdin: the chat ends
        output = first + rest
    else:
        output, errors = process.communicate(timeout=120)
        wall = time.perf_counter() - start
    if process.returncode != 0 or not output.strip():
        raise SystemExit(f"helpline {' '.join(args)} failed ({process.returncode}): {errors}")
    return Run(wall_s=wall, cpu_s=_children_cpu() - cpu_before)


def prepare(folder: Path) -> dict[str, str]:
    """Environment for every run: a seeded demo database in `folder`, quiet logs."""
    env = {**os.environ, "HELPLINE_DATABASE_URL": f"sqlite:///{folder / 'helpline.db'}"}
    env["HELPLINE_LOG_LEVEL"] = "WARNING"
    for args in (["db", "upgrade"], ["seed"]):
        subprocess.run(
            [*helpline_command(), *args], env=env, check=True, capture_output=True, timeout=300
        )
    return env


def measure(name: str, runs: int, env: dict[str, str], folder: Path) -> tuple[Run, Run]:
    """Median (warm cache, empty cache) runs of one command."""
    args, stdin = COMMANDS[name]
    warm_dir = folder / "warm-cache"
    warm_env = {**env, "HELPLINE_CACHE_DIR": str(warm_dir)}
    run_once(args, stdin, warm_env)  # fills the cache (and the OS file cache)
    warm = [run_once(args, stdin, warm_env) for _ in range(runs)]
    cold: list[Run] = []
    for i in range(runs):
        empty = folder / f"empty-cache-{name}-{i}"
        cold.append(run_once(args, stdin, {**env, "HELPLINE_CACHE_DIR": str(empty)}))
        shutil.rmtree(empty, ignore_errors=True)
    return _median(warm), _median(cold)


def _median(runs: Sequence[Run]) -> Run:
    return Run(
        wall_s=statistics.median(r.wall_s for r in runs),
        cpu_s=statistics.median(r.cpu_s for r in runs),
    )


def _row(name: str, warm: Run, cold: Run) -> str:
    target = TARGETS[name]
    goal = f"≤ {target:g} s warm, ≤ {COLD_TARGET:g} s empty" if target else "-"
    command = shlex.join(["helpline", *COMMANDS[name][0]])
    return (
        f"| `{command}` | {warm.wall_s:.2f} | {warm.cpu_s:.2f} | "
        f"{cold.wall_s:.2f} | {cold.cpu_s:.2f} | {goal} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--only", default=",".join(COMMANDS), help="comma-separated commands")
    options = parser.parse_args()
    names = [n.strip() for n in options.only.split(",") if n.strip()]
    unknown = set(names) - set(COMMANDS)
    if unknown:
        parser.error(f"unknown command(s): {', '.join(sorted(unknown))}")
    rows: list[str] = []
    with tempfile.TemporaryDirectory(prefix="helpline-startup-") as tmp:
        folder = Path(tmp)
        env = prepare(folder)
        for name in names:
            warm, cold = measure(name, options.runs, env, folder)
            print(
                f"{name:9s} warm {warm.wall_s:5.2f} s wall {warm.cpu_s:5.2f} s cpu | "
                f"empty cache {cold.wall_s:5.2f} s wall {cold.cpu_s:5.2f} s cpu",
                flush=True,
            )
            rows.append(_row(name, warm, cold))
    machine = f"{platform.node()}: {os.cpu_count()} cores, Python {platform.python_version()}"
    print(f"\n{machine}, median of {options.runs} fresh processes each\n")
    print("| command | warm wall s | warm CPU s | empty wall s | empty CPU s | target |")
    print("|---|---|---|---|---|---|")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
