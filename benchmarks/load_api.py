"""Load test of the HTTP API with Locust: customers who verify and hold real conversations.

Each simulated customer opens a session, gives a demo number (and its code when HELPLINE_OTP is
on: run the server with HELPLINE_OTP=off for load), asks the balance, a follow-up, about plans,
recharges, and files a complaint, then starts again. Every request is one turn.

    HELPLINE_RATE_LIMIT=off helpline serve --workers 2 --port 8000 &
    locust -f benchmarks/load_api.py --headless -u 200 -r 50 -t 60s --host http://127.0.0.1:8000

Each customer waits --wait-min to --wait-max seconds (uniformly) after each turn's reply: 0.05 to
0.3 s by default, so 200 customers ask far more than a server on two cores can serve and the run
measures its capacity. `--wait-min 0.3 --wait-max 0.4` is the pace the API target describes: 200
customers served promptly then ask a little over 500 turns a second (200 / (0.35 s + latency)),
and the run measures the latency at that rate.

At the end it prints turns/s, p50/p95/p99 and errors (also as JSON with LOAD_REPORT=path).
"""

import json
import os
import random
from typing import Any

from locust import FastHttpUser, events, task
from locust.argument_parser import LocustArgumentParser
from locust.env import Environment

# Locust puts this file's folder on the path.
from customer_mix import CONVERSATION, PHONES

# A typist is slower; this is a busy chat front end.
WAIT_S = (0.05, 0.3)


@events.init_command_line_parser.add_listener
def add_options(parser: LocustArgumentParser) -> None:
    parser.add_argument(
        "--wait-min", type=float, default=WAIT_S[0], help="least seconds between turns"
    )
    parser.add_argument(
        "--wait-max", type=float, default=WAIT_S[1], help="most seconds between turns"
    )


@events.test_start.add_listener
def check_options(environment: Environment, **_: Any) -> None:
    options = environment.parsed_options
    if options and not 0 <= options.wait_min <= options.wait_max:
        raise SystemExit("--wait-min must be at least 0 and no more than --wait-max")


# geventhttpclient, not requests: the generator's own CPU per request is a fraction, and on a
# shared machine every millisecond it spends is one the server under test does not get.
class Customer(FastHttpUser):
    def wait_time(self) -> float:
        options = self.environment.parsed_options
        low, high = (options.wait_min, options.wait_max) if options else WAIT_S
        return random.uniform(low, high)

    def on_start(self) -> None:
        self.session_id = ""
        self.headers: dict[str, str] = {}
        self.step = 0

    def _begin(self) -> None:
        with self.client.post("/v1/sessions", name="/v1/sessions", catch_response=True) as r:
            if r.status_code != 201:
                r.failure(f"status {r.status_code}")
                return
            body: dict[str, Any] = r.json()
        self.session_id = body["session_id"]
        self.headers = {"Authorization": f"Bearer {body['token']}"}
        self._say(random.choice(PHONES))
        self.step = 0

    def _say(self, text: str) -> None:
        with self.client.post(
            f"/v1/sessions/{self.session_id}/messages",
            json={"text": text},
            headers=self.headers,
            name="/v1/sessions/{id}/messages",
            catch_response=True,
        ) as r:
            if r.status_code != 200:
                r.failure(f"status {r.status_code}: {r.text[:100]}")

    @task
    def turn(self) -> None:
        if not self.session_id or self.step >= len(CONVERSATION):
            self._begin()
            return
        self._say(CONVERSATION[self.step])
        self.step += 1


@events.quitting.add_listener
def report(environment: Environment, **_: Any) -> None:
    """turns/s, latency percentiles and errors, in one block (and a JSON file if asked)."""
    stats = environment.stats.total
    figures = {
        "requests": stats.num_requests,
        "failures": stats.num_failures,
        "failure_pct": round(100 * stats.fail_ratio, 3),
        "turns_per_s": round(stats.total_rps, 1),
        "p50_ms": stats.get_response_time_percentile(0.50),
        "p95_ms": stats.get_response_time_percentile(0.95),
        "p99_ms": stats.get_response_time_percentile(0.99),
        "avg_ms": round(stats.avg_response_time, 1),
    }
    print("load report:", json.dumps(figures))
    path = os.environ.get("LOAD_REPORT")
    if path:
        with open(path, "w", encoding="utf-8") as handle:
            json.dump(figures, handle)
