"""Time and peak memory of `helpline seed --reset --customers N` on a SQLite file.

Usage: .venv/bin/python benchmarks/seed_scale.py [--customers 100000] [--runs 3]
Each run is a fresh process (so peak RSS is the seed's own); prints the median.
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HELPLINE = [sys.executable, "-c", "from helpline.cli import main; main()"]


def run_once(customers: int, url: str) -> tuple[float, float]:
    env = {**os.environ, "HELPLINE_DATABASE_URL": url}
    subprocess.run([*HELPLINE, "db", "upgrade"], env=env, check=True, capture_output=True)
    started = time.perf_counter()
    proc = subprocess.Popen([*HELPLINE, "seed", "--reset", "--customers", str(customers)], env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    took = time.perf_counter() - started
    if status != 0:
        raise SystemExit(f"seed failed with status {status}")
    return took, usage.ru_maxrss / 1024  # Linux reports KiB


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    times, peaks = [], []
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'seed.db'}"
        for i in range(args.runs):
            took, peak = run_once(args.customers, url)
            times.append(took)
            peaks.append(peak)
            print(f"run {i + 1}: {took:.1f} s, peak RSS {peak:.0f} MiB")
        size = (Path(tmp) / "seed.db").stat().st_size / 2**20
    print(
        f"median: {statistics.median(times):.1f} s, peak RSS {statistics.median(peaks):.0f} MiB, "
        f"database {size:.0f} MiB ({args.customers} customers, {os.cpu_count()} cores)"
    )


if __name__ == "__main__":
    main()
