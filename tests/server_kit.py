"""helpline's servers as processes of their own, for tests and benchmarks: a free port, the
start, the wait until ready, the stop."""

import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

HELPLINE = Path(sys.executable).with_name("helpline")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    url: str
    log: Path  # the server's stderr
    process: subprocess.Popen[bytes]


def start_api(env: dict[str, str], log: Path) -> Server:
    """`helpline serve` with `env` on a free port; call wait_ready before using it."""
    port = free_port()
    process = subprocess.Popen(
        [str(HELPLINE), "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log.open("wb"),
    )
    return Server(f"http://127.0.0.1:{port}", log, process)


def wait_ready(server: Server, *, seconds: float = 90) -> None:
    """Until /readyz answers 200; fails with the server's log if it exits or never does."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert server.process.poll() is None, server.log.read_text(errors="replace")[-2000:]
        try:
            if httpx.get(f"{server.url}/readyz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"{server.url} never became ready: {server.log.read_text()[-2000:]}")


def stop(process: subprocess.Popen[bytes] | subprocess.Popen[str]) -> None:
    """Terminate, and kill what does not stop within 20 s."""
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
