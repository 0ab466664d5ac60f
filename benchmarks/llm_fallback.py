"""Turn latency when the LLM reply writer's endpoint fails: down, slow (10 s) or answering garbage.

Usage: nice .venv/bin/python benchmarks/llm_fallback.py [--timeout 0.5] [--turns 20] [--runs 3]

A local HTTP server plays an OpenAI-compatible endpoint that stalls 10 s, answers HTML instead of
JSON, or answers 503; "down" points at a closed port. Every turn must still get the template
reply within HELPLINE_LLM_TIMEOUT_S + 100 ms. Prints the median and worst turn per case.
"""

import argparse
import logging
import statistics
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from helpline.config import Settings
from helpline.engine import build_agent
from helpline.store import migrate, seed
from helpline.store.db import open_database

PHONE = "9876543210"
LINES = ["mera balance kitna hai", "mera current plan kya hai", "koi offer chal raha hai kya"]


class _Endpoint(BaseHTTPRequestHandler):
    mode = "slow"

    def log_message(self, *args: Any) -> None:
        pass

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("content-length", 0)))
        if self.mode == "slow":
            time.sleep(10)
        status, body = (503, b'{"error": {"message": "busy"}}')
        if self.mode == "garbage":
            status, body = 200, b"<html>bad gateway</html>"
        try:
            self.send_response(status)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass


def serve(mode: str) -> ThreadingHTTPServer:
    handler = type("Endpoint", (_Endpoint,), {"mode": mode})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def measure(url: str, base_url: str, timeout: float, turns: int) -> list[float]:
    settings = Settings(
        database_url=url, llm="openai", openai_base_url=base_url, llm_timeout_s=timeout
    )
    agent = build_agent(settings, database=open_database(settings))
    session = agent.start(phone=PHONE).session_id
    took = []
    for n in range(turns):
        started = time.perf_counter()
        agent.turn(session, LINES[n % len(LINES)])
        took.append((time.perf_counter() - started) * 1000)
    return took


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--timeout", type=float, default=0.5)
    parser.add_argument("--turns", type=int, default=20)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    logging.getLogger("helpline").setLevel(logging.ERROR)  # each fallback logs a warning
    limit = args.timeout * 1000 + 100
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        database = open_database(Settings(database_url=url))
        migrate.upgrade(database.engine)
        seed.seed(database.engine, customers=100, random_seed=7)
        for case in ("down", "slow", "garbage", "503"):
            medians, worst = [], 0.0
            for _ in range(args.runs):
                server = None if case == "down" else serve(case)
                base = (
                    "http://127.0.0.1:9/v1"
                    if server is None
                    else (f"http://127.0.0.1:{server.server_address[1]}/v1")
                )
                took = measure(url, base, args.timeout, args.turns)
                medians.append(statistics.median(took))
                worst = max(worst, max(took))
                if server is not None:
                    server.shutdown()
            verdict = "ok" if worst <= limit else "OVER"
            print(
                f"{case:<8} median {statistics.median(medians):7.1f} ms   worst {worst:7.1f} ms   "
                f"limit {limit:.0f} ms  {verdict}"
            )


if __name__ == "__main__":
    main()
