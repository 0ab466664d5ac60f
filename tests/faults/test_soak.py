"""The soak's two-minute mode: processes through a database and a Redis outage lose nothing."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.mysql
@pytest.mark.redis
def test_two_minute_soak_loses_and_duplicates_no_write_and_never_crashes(
    mysql_url: str,  # proves the server is there (skip outside CI, fail in CI)
) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "soak.py"),
            "--minutes",
            "2",
            "--processes",
            "2",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=900,
        check=False,
    )
    assert done.stdout, done.stderr[-2000:]
    report = json.loads(done.stdout)
    assert report["outages"] and len(report["outages"]) == 2
    assert report["turns_served"] > 50
    for key in ("no_reply", "crashes", "turns_lost", "turns_extra"):
        assert report[key] == 0, (key, report)
    for key in ("recharges", "complaints"):
        assert report[f"{key}_lost"] == 0 and report[f"{key}_extra"] == 0, report
        assert report[f"{key}_acknowledged"] > 0, report
    # The outages were felt and handled, not missed: some turns met them (which kinds depends
    # on where each conversation was when they came: a cached answer, a queued complaint, a
    # refused recharge or an apology).
    assert sum(report["replies"].values()) > 0, report
    assert done.returncode == 0
