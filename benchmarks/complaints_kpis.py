"""KPIs over 1,000,000 complaints on SQLite: time of compute_kpis for a few typical filters.

Usage: nice .venv/bin/python benchmarks/complaints_kpis.py [--complaints 1000000] [--runs 5]
The database is built once by the demo seed into benchmarks/.cache/ (about 9 minutes) and reused.
Prints the median wall and CPU time of each case; the first run of each case is a warm-up.
"""

import argparse
import statistics
import time
from datetime import timedelta

from complaints_data import complaints_database
from helpline.complaints.filters import ComplaintFilter
from helpline.complaints.kpis import compute_kpis
from helpline.store.clock import utcnow


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--complaints", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    database = complaints_database(args.complaints)
    month_ago = (utcnow() - timedelta(days=30)).date()
    cases = [
        ("all complaints, complaint KPIs", ComplaintFilter(), False),
        ("all complaints, with session KPIs", ComplaintFilter(), True),
        ("last 30 days", ComplaintFilter(since=month_ago), False),
        ("status open", ComplaintFilter(status="open"), False),
        ("department Network", ComplaintFilter(department="Network"), False),
        ("status closed, last 30 days", ComplaintFilter(status="closed", since=month_ago), False),
        (
            "Network, HIGH, last 30 days, with session KPIs",
            ComplaintFilter(department="Network", priority="HIGH", since=month_ago),
            True,
        ),
    ]
    for name, scope, sessions in cases:
        walls, cpus = [], []
        for run in range(args.runs + 1):
            started, cpu = time.perf_counter(), time.process_time()
            kpis = compute_kpis(database, scope, sessions=sessions)
            if run:  # the first run warms SQLite's page cache and SQLAlchemy's statement cache
                walls.append(time.perf_counter() - started)
                cpus.append(time.process_time() - cpu)
        print(
            f"{name}: {kpis.total} complaints in scope, median {statistics.median(walls):.2f} s "
            f"wall, {statistics.median(cpus):.2f} s CPU (runs: "
            + ", ".join(f"{w:.2f}" for w in walls)
            + ")"
        )


if __name__ == "__main__":
    main()
