"""`helpline web` as its own process and Debian's Chromium under Playwright, shared by the browser
test (tests/web/test_browser.py) and the speed benchmark (benchmarks/web_page.py)."""

import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from server_kit import free_port, stop

CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
LAPTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}


@dataclass(frozen=True)
class WebServer:
    url: str
    started: float  # time.perf_counter() just before the process was spawned
    ready_s: float  # seconds from the spawn to the first healthy answer


def healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as reply:
            return reply.status == 200
    except OSError:
        return False


@contextmanager
def helpline_web(database_url: str, extra_env: dict[str, str] | None = None) -> Iterator[WebServer]:
    """`helpline web` on `database_url` (one-time codes off) on a free port, until it answers."""
    port = free_port()
    env = {
        **os.environ,
        "HELPLINE_DATABASE_URL": database_url,
        "HELPLINE_OTP": "off",
        **(extra_env or {}),
    }
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "helpline", "web", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = started + 60
        while not healthy(url):
            if process.poll() is not None:
                raise RuntimeError(process.stdout.read() if process.stdout else "exited")
            if time.perf_counter() > deadline:
                raise RuntimeError("helpline web did not start")
            time.sleep(0.05)
        yield WebServer(url, started, time.perf_counter() - started)
    finally:
        stop(process)


@contextmanager
def chromium(profile: Path) -> Iterator[Any]:  # -> playwright BrowserContext
    """Debian's Chromium, headless, with a profile folder of its own."""
    if not Path(CHROMIUM).exists():
        raise RuntimeError("Debian's chromium is needed: run `make system-deps`")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            user_data_dir=str(profile),
            executable_path=CHROMIUM,
            headless=True,
            args=FLAGS,
            viewport=LAPTOP,
        )
        try:
            yield context
        finally:
            context.close()


def chat_lines(page):  # type: ignore[no-untyped-def]
    return page.locator('[data-testid="stChatMessage"]')


def type_line(page, text: str, expect: str) -> float:  # type: ignore[no-untyped-def]
    """Type a line, press enter, wait for a reply containing `expect`; seconds it took."""
    # The page draws its input before the history under it, so the count is read only once
    # the last line shown is in place (the caller waited for it).
    before = chat_lines(page).count()
    box = page.get_by_test_id("stChatInputTextArea")
    box.fill(text)
    pressed = time.perf_counter()
    box.press("Enter")
    chat_lines(page).nth(before).filter(has_text=text).wait_for(timeout=30_000)
    reply = chat_lines(page).nth(before + 1)
    reply.filter(has_text=expect).wait_for(timeout=30_000)
    return time.perf_counter() - pressed


def log_in(page, phone: str) -> None:  # type: ignore[no-untyped-def]
    """Log in with `phone` and wait for the greeting, the first line of the chat."""
    page.get_by_label("Mobile number").fill(phone)
    page.get_by_role("button", name="Continue").click()
    page.get_by_test_id("stChatInputTextArea").wait_for(timeout=60_000)
    chat_lines(page).first.wait_for(timeout=30_000)
