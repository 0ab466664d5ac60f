"""What the web app's calls cost in-process and over the HTTP API (HELPLINE_API_URL).

Usage: nice .venv/bin/python benchmarks/web_backends.py --database sqlite:///path/to/seeded.db \
           --api http://127.0.0.1:8765 [--runs 30]

Start `helpline serve --port 8765` on the same seeded database first (HELPLINE_RATE_LIMIT=off,
HELPLINE_OTP=off). Both backends the pages use are driven directly, without Streamlit's rerun:
- typed turn: one balance question of a verified customer (a new session per backend);
- dashboard: what one dashboard run asks for (filter choices, KPIs, the complaint table of up
  to 2,000 rows, emerging issues, the hand-off queue).
Medians and p90 of --runs each are printed as a markdown table for docs/benchmarks.md.
"""

import argparse
import statistics
import time
from collections.abc import Callable

from helpline.app import Helpline
from helpline.config import Settings
from helpline.web.api_client import ApiClient
from helpline.web.backend import Backend, InProcessBackend
from helpline.web.http_backend import HttpBackend
from helpline.web.state import Filters

PHONE = "9876543210"


def timed(call: Callable[[], object], runs: int) -> list[float]:
    call()  # warm: caches, connections, the first query plans
    found = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        found.append((time.perf_counter() - started) * 1000)
    return found


def dashboard(api: Backend) -> Callable[[], object]:
    everything = Filters()

    def run() -> object:
        return (
            api.choices(),
            api.kpis(everything),
            api.complaints(everything),
            api.emerging(everything),
            api.handoffs(),
        )

    return run


def measure(name: str, api: Backend, runs: int) -> list[str]:
    session = api.start(PHONE).session_id
    api.login("manager", "helpline-demo")
    rows = []
    for what, call in (
        ("typed turn", lambda: api.text_turn(session, "mera balance kitna hai")),
        ("dashboard run", dashboard(api)),
    ):
        ms = sorted(timed(call, runs))
        p90 = ms[int(0.9 * (len(ms) - 1))]
        rows.append(f"| {what} | {name} | {statistics.median(ms):.1f} ms | {p90:.1f} ms |")
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", required=True, help="the seeded database's URL")
    parser.add_argument("--api", required=True, help="helpline serve's address on it")
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    helpline = Helpline(Settings(database_url=args.database, otp="off", llm="template"))
    in_process = InProcessBackend(helpline)
    rows = ["| call | backend | median | p90 |", "|---|---|---|---|"]
    rows += measure("in-process", in_process, args.runs)
    rows += measure("over the API", HttpBackend(ApiClient(args.api)), args.runs)
    print("\n".join(rows))
    helpline.close()


if __name__ == "__main__":
    main()
