"""Latency of one warm text turn through the engine: template writer, SQLite, in-process.

Usage: nice .venv/bin/python benchmarks/engine_turn.py [--turns 400] [--runs 5]

A demo database is seeded in a temporary SQLite file, the agent is built and warmed up, and a
verified customer then asks a mix of everyday questions (balance, plan, validity follow-up,
offers, payments, recommendations, thanks, off-topic). Each turn is understood, decided, answered,
and stored in conversations, as in production. Prints p50/p99 of the whole turn and of each
stage per run, then the medians over the runs. "cpu" is the turn's own CPU time
(time.thread_time): on a shared machine it shows the cost of a turn without the time spent
waiting for a core.
"""

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from helpline.config import Settings
from helpline.engine import build_agent
from helpline.store import migrate, seed
from helpline.store.db import open_database

PHONE = "9876543210"
LINES = [
    "mera balance kitna hai",
    "aur validity?",
    "mera current plan kya hai",
    "koi offer chal raha hai kya",
    "mere last 3 transactions dikhao",
    "300 rupaye tak ka accha plan batao",
    "uska price?",
    "thank you",
    "kitna data bacha hai",
    "aaj mausam kaisa hai",
]
STAGES = ("understand", "policy", "writer", "store", "total", "cpu")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(int(q * len(ordered)), len(ordered) - 1)]


def one_run(turns: int, directory: Path, run: int) -> dict[str, tuple[float, float]]:
    url = f"sqlite:///{directory / f'bench-{run}.db'}"
    settings = Settings(database_url=url, llm="template", otp="off")
    database = open_database(settings)
    migrate.upgrade(database.engine)
    seed.seed(database.engine, customers=1000, random_seed=7)
    agent = build_agent(settings, database=database)
    session = agent.start(phone=PHONE).session_id
    for line in LINES * 5:  # warm: caches, prepared statements, the catalogue
        agent.turn(session, line)
    samples: dict[str, list[float]] = {stage: [] for stage in STAGES}
    for n in range(turns):
        cpu = time.thread_time()
        turn = agent.turn(session, LINES[n % len(LINES)])
        samples["cpu"].append((time.thread_time() - cpu) * 1000)
        for stage in STAGES[:-1]:
            samples[stage].append(turn.timings[stage])
    database.dispose()
    return {s: (percentile(v, 0.50), percentile(v, 0.99)) for s, v in samples.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--turns", type=int, default=400)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    started = time.perf_counter()
    runs = []
    with tempfile.TemporaryDirectory() as tmp:
        for run in range(args.runs):
            result = one_run(args.turns, Path(tmp), run)
            runs.append(result)
            line = ", ".join(f"{s} {p50:.2f}/{p99:.2f}" for s, (p50, p99) in result.items())
            print(f"run {run + 1} (p50/p99 ms): {line}")
    print(f"median of {args.runs} runs x {args.turns} turns (ms):")
    for stage in STAGES:
        p50 = statistics.median(r[stage][0] for r in runs)
        p99 = statistics.median(r[stage][1] for r in runs)
        print(f"  {stage:<10} p50 {p50:6.2f}   p99 {p99:6.2f}")
    print(f"({time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main()
