"""The web app's two speed claims, in Debian's Chromium: start-up to a usable page, and a typed
turn's Enter to its reply shown.

Usage: nice .venv/bin/python benchmarks/web_page.py [--runs 5]

Every run starts `helpline web` as a new process on its own copy of the seeded SQLite demo
database (template writer, one-time codes off, the fitted intent models in HELPLINE_CACHE_DIR)
and drives one Chromium, launched once before the runs, with Playwright
(executable_path=/usr/bin/chromium). One run before the measured ones warms the caches (the
intent models, Python's bytecode, the browser's copy of Streamlit's static files) and is not
counted. Per run:
- ready:  process spawned -> Streamlit's health check answers;
- usable: process spawned -> the customer page's "Mobile number" field visible (the page is
          opened as soon as the health check answers);
- turns:  after logging in with the demo number, Enter -> the reply's text shown for a balance
          question, a recharge of the 199 plan and its confirmation ("haan"); the run's figure
          is the middle of the three.
Each run and the medians over the runs are printed, with the load average before and after.

--baseline SRC alternates every run with one of another checkout's code (its `src` folder put
first on PYTHONPATH, e.g. from `git worktree add /tmp/old <commit>`) and prints both medians of
"usable" and their ratio: hosts of one machine kind differ in speed, a ratio in one batch does not.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests" / "web"), str(ROOT / "tests" / "engine"), str(ROOT / "tests")]
from browser_kit import chromium, helpline_web, log_in, type_line  # noqa: E402
from engine_kit import DEMO_PHONE, copy_database, seeded_template  # noqa: E402

from helpline.config import get_settings  # noqa: E402

TURNS = [
    ("mera balance kitna hai", "45.50"),
    ("199 wala recharge kar do", "Smart 199"),
    ("haan", "Smart 199"),
]
USABLE_TARGET_S = 3.0
TURN_TARGET_S = 0.3


@dataclass(frozen=True)
class Run:
    ready_s: float
    usable_s: float
    turns_s: list[float]

    @property
    def turn_s(self) -> float:
        return statistics.median(self.turns_s)


def one_run(context, template: Path, folder: Path) -> Run:  # type: ignore[no-untyped-def]
    database = copy_database(template, folder)
    url = database.engine.url.render_as_string(hide_password=False)
    database.dispose()
    env = {
        "HELPLINE_LLM": "template",
        "HELPLINE_LOG_LEVEL": "WARNING",
        "HELPLINE_CACHE_DIR": str(get_settings().cache_dir),
    }
    with helpline_web(url, env) as web:
        page = context.new_page()
        try:
            page.goto(web.url)
            page.get_by_label("Mobile number").wait_for(timeout=60_000)
            usable = time.perf_counter() - web.started
            log_in(page, DEMO_PHONE)
            turns = [type_line(page, text, expect) for text, expect in TURNS]
        finally:
            page.close()
    return Run(web.ready_s, usable, turns)


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def run_batch(runs: int, sides: dict[str, str | None]) -> dict[str, list[Run]]:
    """`runs` measured runs (after one warm-up) of each side in turn; a side is the `src` folder
    put first on PYTHONPATH, or None for this checkout."""
    measured: dict[str, list[Run]] = {name: [] for name in sides}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        template = seeded_template(folder)
        with chromium(folder / "chromium-profile") as context:
            for n in range(runs + 1):
                for name, src in sides.items():
                    if src is None:
                        os.environ.pop("PYTHONPATH", None)
                    else:
                        os.environ["PYTHONPATH"] = src
                    run_folder = folder / f"{name}-run{n}"
                    run_folder.mkdir()
                    run = one_run(context, template, run_folder)
                    turns = ", ".join(f"{t * 1000:.0f}" for t in run.turns_s)
                    label = f"{name} " + ("warm-up" if n == 0 else f"run {n}")
                    print(
                        f"{label:>16}: ready {run.ready_s:.2f} s, usable {run.usable_s:.2f} s, "
                        f"turns {turns} ms (middle {run.turn_s * 1000:.0f} ms)",
                        flush=True,
                    )
                    if n:
                        measured[name].append(run)
    return measured


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--baseline", type=Path, help="another checkout's src folder")
    args = parser.parse_args()
    os.environ.pop("HELPLINE_API_URL", None)  # the pages call the app in-process
    os.environ.pop("HELPLINE_REDIS_URL", None)
    sides: dict[str, str | None] = {"this": None}
    if args.baseline is not None:
        sides["baseline"] = str(args.baseline.resolve())
    print(f"load average before: {load()}")
    measured = run_batch(args.runs, sides)
    runs = measured["this"]
    usable = statistics.median(r.usable_s for r in runs)
    turn = statistics.median(r.turn_s for r in runs)
    print(f"load average after: {load()}")
    print(f"\nmedians of {len(runs)} runs:")
    ready = statistics.median(r.ready_s for r in runs)
    rows = [
        "| what | median | target |",
        "|---|---|---|",
        f"| `helpline web` health check answering | {ready:.2f} s | - |",
        f"| page usable (phone field shown) after start | {usable:.2f} s "
        f"| ≤ {USABLE_TARGET_S:.0f} s |",
        f"| typed turn, Enter to reply shown (middle of three) | {turn * 1000:.0f} ms "
        f"| ≤ {TURN_TARGET_S * 1000:.0f} ms |",
    ]
    print("\n".join(rows))
    if "baseline" in measured:
        old = statistics.median(r.usable_s for r in measured["baseline"])
        print(f"baseline page usable {old:.2f} s; this / baseline {usable / old:.3f}")


if __name__ == "__main__":
    main()
