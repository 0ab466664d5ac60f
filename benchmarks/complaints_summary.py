"""Offline complaint summary of 10,000 complaints: time of summarize() without the cache.

Usage: nice .venv/bin/python benchmarks/complaints_summary.py [--complaints 10000] [--runs 5]
Two databases: the seeded one (descriptions repeat, as the demo's themes do) and a copy where every
description is made distinct, so that grouping reads and vectorises 10,000 different texts.
Prints the first (cold: imports, language data) run and the median of the following runs.
"""

import argparse
import shutil
import statistics
import time

from sqlalchemy import String, cast, func, select, update

from complaints_data import CACHE, complaints_database
from helpline.complaints.brief import summarize
from helpline.config import Settings
from helpline.store import migrate
from helpline.store.db import Database, open_database
from helpline.store.models import Complaint


def distinct_copy(database: Database, complaints: int) -> Database:
    """The same complaints, each description suffixed with its circle and ticket number."""
    path = CACHE / f"complaints_{complaints}_distinct.db"
    if not path.exists():
        shutil.copy(CACHE / f"complaints_{complaints}.db", path)
        copy = open_database(Settings(database_url=f"sqlite:///{path}"))
        with copy.engine.begin() as conn:
            number = cast(Complaint.complaint_id, String)
            suffix = " - " + func.coalesce(Complaint.circle, "") + ", ticket " + number
            conn.execute(update(Complaint).values(description=Complaint.description + suffix))
        copy.dispose()
    copy = open_database(Settings(database_url=f"sqlite:///{path}"))
    migrate.upgrade(copy.engine)
    return copy


def measure(name: str, database: Database, runs: int) -> None:
    settings = Settings(llm="template")
    with database.engine.connect() as conn:
        total = conn.scalar(select(func.count()).select_from(Complaint))
        texts = conn.scalar(select(func.count(func.distinct(Complaint.description))))
    times = []
    for _ in range(runs + 1):
        started = time.perf_counter()
        summary = summarize(database, settings=settings)  # no cache: built every time
        times.append(time.perf_counter() - started)
    print(
        f"{name}: {total} complaints, {texts} distinct descriptions, {len(summary.top_issues)} "
        f"groups; first run {times[0]:.2f} s, "
        f"median of {runs} {statistics.median(times[1:]):.2f} s "
        "(runs: " + ", ".join(f"{t:.2f}" for t in times[1:]) + ")"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--complaints", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    seeded = complaints_database(args.complaints)
    measure("seeded", seeded, args.runs)
    measure("distinct descriptions", distinct_copy(seeded, args.complaints), args.runs)


if __name__ == "__main__":
    main()
