"""The Locust load test in its short mode (10 s, 20 customers) against a real `helpline serve`:
conversations run end to end with no failed request."""

import json
import os
import subprocess
import sys
from pathlib import Path

from api_kit import SECRET

from helpline.store.db import Database
from server_kit import start_api, stop, wait_ready

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def test_the_short_load_run_has_no_errors(seeded: Database, tmp_path: Path) -> None:
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(p for p in sys.path if p),
        "HELPLINE_DATABASE_URL": str(seeded.engine.url),
        "HELPLINE_REDIS_URL": "",
        "HELPLINE_RATE_LIMIT": "off",
        "HELPLINE_API_SECRET": SECRET,
        "HELPLINE_LLM": "template",
        "HELPLINE_OTP": "off",
        "HELPLINE_OUTBOX_PATH": str(tmp_path / "outbox.db"),
    }
    env.pop("HELPLINE_REDIS_URL")
    server = start_api(env, tmp_path / "serve.log")
    report = tmp_path / "report.json"
    try:
        wait_ready(server)
        run = subprocess.run(
            [
                str(BIN / "locust"),
                "-f",
                str(ROOT / "benchmarks" / "load_api.py"),
                "--headless",
                "-u",
                "20",
                "-r",
                "10",
                "-t",
                "10s",
                "--host",
                server.url,
                "--only-summary",
            ],
            env={**env, "LOAD_REPORT": str(report)},
            capture_output=True,
            text=True,
            timeout=120,
        )
    finally:
        stop(server.process)
    figures = json.loads(report.read_text())
    assert figures["requests"] > 50, run.stderr[-2000:]
    assert figures["failures"] == 0, run.stderr[-3000:]
